from resolutions.models.documents import (
    PARTY_MOTTO,
    TYPE_SYMBOLS,
    TYPE_WORDS,
    DocumentAttachment,
    DocumentIndexPage,
    DocumentRelation,
    DocumentStatus,
    DocumentType,
    PartyDocumentPage,
)

__all__ = [
    "PARTY_MOTTO",
    "TYPE_SYMBOLS",
    "TYPE_WORDS",
    "DocumentAttachment",
    "DocumentIndexPage",
    "DocumentRelation",
    "DocumentStatus",
    "DocumentType",
    "PartyDocumentPage",
]
