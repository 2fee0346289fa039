from resolutions.models.acknowledgements import (
    Acknowledgement,
    AcknowledgementLink,
    AcknowledgementReminder,
    AcknowledgementRound,
    Channel,
    ReadReceipt,
    RevisionFingerprint,
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
    "AcknowledgementLink",
    "AcknowledgementReminder",
    "AcknowledgementRound",
    "Channel",
    "ReadReceipt",
    "RevisionFingerprint",
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
