from resolutions.models.acknowledgements import (
    Acknowledgement,
    AcknowledgementReminder,
    AcknowledgementRound,
    ReadReceipt,
)
from resolutions.models.approval import DocumentApprovalTask
from resolutions.models.comments import Comment, CommentPreferences
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
    "Acknowledgement",
    "AcknowledgementReminder",
    "AcknowledgementRound",
    "ReadReceipt",
    "Comment",
    "DocumentApprovalTask",
    "CommentPreferences",
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
