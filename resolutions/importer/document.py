"""What the parser found in a document: the fields of the page and the body's blocks."""

import datetime
from dataclasses import dataclass, field


@dataclass
class ParsedDocument:
    doc_type: str = "khac"
    number: str | None = None
    issued_on: datetime.date | None = None
    place: str = ""
    issuing_body: str = ""
    superior_body: str = ""
    title: str = ""
    signing_capacity: str = ""
    signer_title: str = ""
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)
    term: str = ""
    author: str = ""
    source: str = ""
    blocks: list[dict] = field(default_factory=list)
    summary: str = ""
    is_draft: bool = False  # marked "Dự thảo"
    needs_check: bool = False  # read by OCR from a scan: every field may hold misread letters
    sources: dict = field(default_factory=dict)  # field -> (line number, line) it came from

    # The fields of the page, in the order of the review screen.
    FIELDS = (
        "doc_type",
        "number",
        "superior_body",
        "issuing_body",
        "place",
        "issued_on",
        "term",
        "title",
        "signing_capacity",
        "signer_title",
        "signer_name",
        "recipients",
        "author",
        "source",
    )
    # Fields every Party document's header or signature has: one not found is flagged.
    EXPECTED = ("number", "issued_on", "place", "issuing_body", "signer_name")

    @property
    def fields_to_check(self):
        """The fields the editor must check: those not found, or all found when from OCR."""
        if self.needs_check:
            return [name for name in self.EXPECTED + ("title",) if getattr(self, name)]
        return [name for name in self.EXPECTED if not getattr(self, name)]

    @property
    def sections(self):
        return [b["value"]["text"] for b in self.blocks if b["type"] == "heading"]

    def as_json(self):
        return {
            "doc_type": self.doc_type,
            "number": self.number,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "place": self.place,
            "issuing_body": self.issuing_body,
            "superior_body": self.superior_body,
            "title": self.title,
            "signing_capacity": self.signing_capacity,
            "signer_title": self.signer_title,
            "signer_name": self.signer_name,
            "recipients": self.recipients,
            "term": self.term,
            "author": self.author,
            "source": self.source,
            "sections": self.sections,
            "blocks": len(self.blocks),
            "ocr": self.needs_check,
            "fields_to_check": self.fields_to_check,
        }
