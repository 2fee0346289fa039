"""The document library: Party documents as Wagtail pages.

Who may read a document is decided by Wagtail's view restrictions on the page or one of its
ancestors (see portal.audience); every listing and search filters through them.
"""

import re
from collections import namedtuple

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
    TitleFieldPanel,
)
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from portal.audience import can_view
from portal.caching import versions
from portal.caching.shared_pages import SharedPageMixin
from portal.slugs import VietnameseSlugMixin
from portal.text import fold, normalise
from resolutions import layout
from resolutions.blocks import DocumentBodyBlock, heading_anchor
from resolutions.forms import PartyDocumentForm
from resolutions.printed import CHECK_PATH, printed_check

PARTY_MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"
HEADER_LINES = forms.Textarea(attrs={"rows": 2})
WORD_PATH = "ban-word"
_relations_kept = versions.store()  # each document's live relations, per content version


# What RelatedDocument.of reads of a page (its url: the url_path, under the site's root).
RELATED_FIELDS = ("path", "title", "number", "url_path")


class RelatedDocument(namedtuple("RelatedDocument", "pk path title number url")):
    """What the related-documents box shows of a document, small enough to cache."""

    @classmethod
    def of(cls, page):
        return cls(page.pk, page.path, page.title, page.number, page.url)


class DocumentType(models.TextChoices):
    """Types of Party documents; the symbol is the part of the number after the digits."""

    NGHI_QUYET = "nghi-quyet", _("Resolution")
    QUYET_DINH = "quyet-dinh", _("Decision")
    CHI_THI = "chi-thi", _("Directive")
    KET_LUAN = "ket-luan", _("Conclusion")
    QUY_CHE = "quy-che", _("Regulation")
    QUY_DINH = "quy-dinh", _("Rules")
    HUONG_DAN = "huong-dan", _("Guidance")
    KE_HOACH = "ke-hoach", _("Plan")
    BAO_CAO = "bao-cao", _("Report")
    THONG_BAO = "thong-bao", _("Notice")
    TO_TRINH = "to-trinh", _("Submission")
    CONG_VAN = "cong-van", _("Official letter")
    CHUONG_TRINH = "chuong-trinh", _("Programme")
    THONG_TRI = "thong-tri", _("Circular")
    DE_AN = "de-an", _("Scheme")
    BIEN_BAN = "bien-ban", _("Minutes")
    GIAI_PHAP = "giai-phap", _("Solutions")
    KHAC = "khac", _("Other")


# The symbol of each type in a document number ("05-NQ/ĐU"), and the type word printed
# above the title on the paper document.
TYPE_SYMBOLS = {
    "nghi-quyet": "NQ",
    "quyet-dinh": "QĐ",
    "chi-thi": "CT",
    "ket-luan": "KL",
    "quy-che": "QC",
    "quy-dinh": "QĐi",
    "huong-dan": "HD",
    "ke-hoach": "KH",
    "bao-cao": "BC",
    "thong-bao": "TB",
    "to-trinh": "TTr",
    "cong-van": "CV",
    "chuong-trinh": "CTr",
    "thong-tri": "TT",
    "de-an": "ĐA",
    "bien-ban": "BB",
    "giai-phap": "GP",
}
TYPE_WORDS = {
    "nghi-quyet": "NGHỊ QUYẾT",
    "quyet-dinh": "QUYẾT ĐỊNH",
    "chi-thi": "CHỈ THỊ",
    "ket-luan": "KẾT LUẬN",
    "quy-che": "QUY CHẾ",
    "quy-dinh": "QUY ĐỊNH",
    "huong-dan": "HƯỚNG DẪN",
    "ke-hoach": "KẾ HOẠCH",
    "bao-cao": "BÁO CÁO",
    "thong-bao": "THÔNG BÁO",
    "to-trinh": "TỜ TRÌNH",
    "chuong-trinh": "CHƯƠNG TRÌNH",
    "thong-tri": "THÔNG TRI",
    "de-an": "ĐỀ ÁN",
    "bien-ban": "BIÊN BẢN",
    "giai-phap": "GIẢI PHÁP",
}
NUMBER_PATTERN = re.compile(r"^(?P<serial>\d+)(?P<suffix>-[^\s/]+(?:/[^\s/]+)*)$")


class DocumentStatus(models.TextChoices):
    DRAFT_FOR_COMMENT = "du-thao", _("Draft for comment")
    IN_FORCE = "hieu-luc", _("In force")
    SUPERSEDED = "het-hieu-luc", _("Superseded")


class DocumentIndexPage(VietnameseSlugMixin, SharedPageMixin, Page):
    """The library: lists the documents the viewer may see."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["resolutions.PartyDocumentPage", "resolutions.DocumentIndexPage"]
    parent_page_types = ["home.HomePage", "resolutions.DocumentIndexPage"]

    class Meta:
        verbose_name = _("document library")
        verbose_name_plural = _("document libraries")

    def shared_page_key(self, request):
        from resolutions.listing import listing

        return listing(self, request).shared_key

    def get_context(self, request, *args, **kwargs):
        from resolutions.listing import library_context

        context = super().get_context(request, *args, **kwargs)
        context.update(library_context(self, request))
        return context


_HEADER_LINES_HELP = _("Press Enter where the line should break on paper.")


class PartyDocumentPage(VietnameseSlugMixin, SharedPageMixin, Page):
    """One Party document of any type, shown in the official layout."""

    doc_type = models.CharField(
        _("document type"), max_length=20, choices=DocumentType.choices, db_index=True
    )
    number = models.CharField(
        _("number and symbol"),
        max_length=50,
        blank=True,
        db_index=True,
        help_text=_('Without "Số", for example 05-NQ/ĐU.'),
    )
    superior_body = models.CharField(
        _("superior body"), max_length=255, blank=True, help_text=_HEADER_LINES_HELP
    )
    # Blank only for an imported document whose header lost it (flagged for the editor).
    issuing_body = models.CharField(
        _("issuing body"), max_length=255, blank=True, db_index=True, help_text=_HEADER_LINES_HELP
    )
    paper_title = models.CharField(
        _("title as printed"),
        max_length=255,
        blank=True,
        help_text=_(
            "The title exactly as on the paper document, for example in capitals. Empty: the "
            "title above. A title typed in capitals is kept here and the page gets the title "
            "in sentence case."
        ),
    )
    place = models.CharField(_("place"), max_length=100, blank=True)
    issued_on = models.DateField(_("date of issue"), null=True, blank=True, db_index=True)
    signing_capacity = models.CharField(
        _("signing capacity"), max_length=100, blank=True, help_text=_("T/M BAN CHẤP HÀNH")
    )
    signer_title = models.CharField(_("signer's position"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer"), max_length=150, blank=True)
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One per line."))
    term = models.CharField(
        _("term"), max_length=20, blank=True, help_text=_("For example 2020-2025.")
    )
    author = models.CharField(_("author"), max_length=255, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DocumentStatus.choices,
        default=DocumentStatus.IN_FORCE,
        db_index=True,
    )
    superseded_by = models.ForeignKey(
        "resolutions.PartyDocumentPage",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Shown in listings and search results.")
    )
    body = StreamField(DocumentBodyBlock(), verbose_name=_("body"), blank=True)
    # Set by the importer (resolutions.importer), cleared when an editor ticks that the page
    # was checked against the original (resolutions.forms).
    read_by_ocr = models.BooleanField(_("text read by OCR from a scan"), default=False)
    fields_to_check = models.JSONField(_("fields to check"), default=list, blank=True)

    # -- acknowledgement (see resolutions.acknowledgements) --------------------------------
    requires_acknowledgement = models.BooleanField(
        _("requires acknowledgement"),
        default=False,
        help_text=_('Members of the audience must confirm "I have read and grasped the content".'),
    )
    acknowledgement_deadline = models.DateField(
        _("acknowledgement deadline"), null=True, blank=True
    )
    ask_takeaway = models.BooleanField(
        _("ask for a written takeaway"),
        default=False,
        help_text=_("Members write a short takeaway (bản thu hoạch) when they acknowledge."),
    )
    takeaway_prompt = models.CharField(
        _("takeaway question"),
        max_length=300,
        blank=True,
        help_text=_("Shown above the takeaway box, for example what to reflect on."),
    )
    substantive_change = models.BooleanField(
        _("substantive change: ask the audience to acknowledge again"),
        default=False,
        help_text=_(
            "Tick when the version you are about to publish changes the content. Members who "
            "acknowledged an earlier version must acknowledge again and are shown what changed. "
            "Leave unticked for corrections of typos."
        ),
    )

    # -- comments and consultation (see resolutions.comments) -------------------------------
    class CommentsMode(models.TextChoices):
        OPEN = "open", _("Open at any time")
        PERIOD = "period", _("Open during the consultation period only")
        OFF = "off", _("Turned off")

    class CommentModeration(models.TextChoices):
        POST = "post", _("Comments appear at once; moderators hide them if needed")
        PRE = "pre", _("Comments wait for a moderator's approval")

    comments_mode = models.CharField(
        _("comments from members"),
        max_length=10,
        choices=CommentsMode.choices,
        default=CommentsMode.OPEN,
    )
    consultation_opens_at = models.DateTimeField(_("consultation opens at"), null=True, blank=True)
    consultation_closes_at = models.DateTimeField(
        _("consultation closes at"), null=True, blank=True
    )
    comment_moderation = models.CharField(
        _("comment moderation"),
        max_length=10,
        choices=CommentModeration.choices,
        default=CommentModeration.POST,
    )

    comment_panels = [
        MultiFieldPanel(
            [
                FieldPanel("comments_mode"),
                FieldRowPanel(
                    [FieldPanel("consultation_opens_at"), FieldPanel("consultation_closes_at")]
                ),
                FieldPanel("comment_moderation"),
            ],
            heading=_("Comments and consultation"),
            help_text=_(
                "Members of the document's audience comment at the end of the page and beside "
                "each section. For a draft (dự thảo), open comments for a consultation period."
            ),
        ),
    ]

    def clean_titles(self):
        """Header lines as the editor broke them, without stray spaces; a title typed as printed
        (in capitals, or a bare trích yếu "về…") is kept as printed and the page gets a title
        that reads well in listings, search and the browser tab."""
        for name in ("superior_body", "issuing_body"):
            lines = (normalise(line) for line in getattr(self, name).splitlines())
            setattr(self, name, "\n".join(line for line in lines if line))
        self.title = normalise(self.title)
        if self.paper_title or not self.title:
            return
        titled = layout.page_title(self.type_word, self.title, self.plain_text())
        if titled != self.title:
            self.paper_title, self.title = self.title, titled

    def clean_comment_settings(self):
        if self.comments_mode != self.CommentsMode.PERIOD:
            return
        opens, closes = self.consultation_opens_at, self.consultation_closes_at
        if not opens or not closes:
            raise ValidationError(
                {"consultation_closes_at": _("Give the start and the end of the period.")}
            )
        if closes <= opens:
            raise ValidationError(
                {"consultation_closes_at": _("The period must end after it starts.")}
            )

    # -- end of comments and consultation --------------------------------------------------

    # In the order of the paper document: header, type and title, body, signature.
    content_panels = [
        FieldPanel("checked_against_original", classname="w-panel--warning"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("superior_body", widget=HEADER_LINES),
                        FieldPanel("issuing_body", widget=HEADER_LINES),
                    ]
                ),
                FieldRowPanel([FieldPanel("number"), FieldPanel("place"), FieldPanel("issued_on")]),
                FieldRowPanel([FieldPanel("doc_type"), FieldPanel("term")]),
            ],
            heading=_("Header"),
        ),
        TitleFieldPanel(
            "title", heading=_("Title (trích yếu)"), placeholder=_("Title (trích yếu)")
        ),
        FieldPanel("paper_title"),
        MultiFieldPanel(
            [FieldPanel("audience"), FieldPanel("audience_groups"), FieldPanel("confirm_public")],
            heading=_("Who may read it"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("signing_capacity"),
                FieldRowPanel([FieldPanel("signer_title"), FieldPanel("signer_name")]),
                FieldPanel("recipients"),
            ],
            heading=_("Signature and recipients"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("superseded_by")]),
                InlinePanel("relations", label=_("Related documents")),
            ],
            heading=_("Status and relations"),
        ),
        InlinePanel("attachments", label=_("Attachments")),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("author"), FieldPanel("source")])],
            heading=pgettext_lazy("document origin", "Origin"),
            classname="collapsed",
        ),
    ]

    acknowledgement_panels = [
        FieldPanel("requires_acknowledgement"),
        FieldPanel("acknowledgement_deadline"),
        FieldRowPanel([FieldPanel("ask_takeaway"), FieldPanel("takeaway_prompt")]),
        FieldPanel("substantive_change"),
    ]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(acknowledgement_panels, heading=_("Acknowledgement")),
            ObjectList(comment_panels, heading=_("Member comments")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("number", boost=3),
        index.SearchField("search_text"),
        index.AutocompleteField("number"),
        index.FilterField("doc_type"),
        index.FilterField("issued_on"),
        index.FilterField("issuing_body"),
        index.FilterField("status"),
    ]

    parent_page_types = ["resolutions.DocumentIndexPage"]
    subpage_types = []
    base_form_class = PartyDocumentForm

    class Meta:
        verbose_name = _("Party document")
        verbose_name_plural = _("Party documents")
        # The library filters by type and sorts by date.
        indexes = [models.Index(fields=["doc_type", "issued_on"], name="resolutions_type_date")]

    def __str__(self):
        return self.title

    @property
    def needs_checking(self):
        """Imported text an editor has not yet checked against the original file."""
        return self.read_by_ocr or bool(self.fields_to_check)

    @property
    def status_string(self):
        """The status in the admin's listings says when the page is still to be checked."""
        status = super().status_string
        if self.needs_checking:
            return _("%(status)s, to check") % {"status": status}
        return status

    def save(self, *args, **kwargs):
        """The audience chosen in the form becomes the page's view restriction as soon as the
        page is saved: on creation, and before any publication (resolutions.forms)."""
        result = super().save(*args, **kwargs)
        chosen = self.__dict__.pop("chosen_audience", None)
        if chosen is not None:
            audience, user = chosen
            audience.apply(self, user=user)
        return result

    @property
    def reader_audience(self):
        from resolutions.document_audience import Audience

        return Audience.of(self)

    # -- what the page shows ------------------------------------------------------------

    def route(self, request, path_components):
        """The Word file (`ban-word/`) and the check of a printed copy (`kiem-tra/<code>/`)
        under the document's address: Wagtail serves them through the same view restrictions
        and privacy hooks as the page itself."""
        if self.live and (
            path_components == [WORD_PATH]
            or len(path_components) == 2
            and path_components[0] == CHECK_PATH
        ):
            return RouteResult(self, args=tuple(path_components))
        return super().route(request, path_components)

    def serve(self, request, *args, **kwargs):
        from resolutions.acknowledgements.services import in_audience, record_read

        if args:
            from resolutions import views

            return views.serve_part(self, request, *args)
        if in_audience(self, request.user) and not getattr(request, "is_preview", False):
            record_read(self, request.user)
        return super().serve(request, *args, **kwargs)

    def shared_page_key(self, request):
        """What the page shows beyond its revision and comments (portal.caching.shared_pages): the
        related documents this reader may see. None when the comment thread is personal."""
        from resolutions.comments.display import fragment_keys

        text, thread = fragment_keys(request, self)
        if thread is None:
            return None
        related = [document.pk for _label, document in self.related_documents(request.user)]
        superseded_by = self._visible_successor(request.user)
        return (text, thread, related, superseded_by and superseded_by.pk)

    def _visible_successor(self, user):
        superseded_by = self.superseded_by
        return superseded_by if superseded_by and can_view(superseded_by, user) else None

    def get_context(self, request, *args, **kwargs):
        from resolutions.comments.display import fragment_keys

        context = super().get_context(request, *args, **kwargs)
        context["text_fragment"], context["comments_fragment"] = fragment_keys(request, self)
        context["attachments_fragment"] = ("document-attachments", *context["text_fragment"][1:])
        context["attachments"] = SimpleLazyObject(
            lambda: list(self.attachments.select_related("document"))
        )
        context["related"] = self.related_documents(request.user)
        context["superseded_by"] = self._visible_successor(request.user)
        # A preview is not the published revision its code would name.
        if not getattr(request, "is_preview", False):
            context["printed_check"] = printed_check(self, request)
        context["word_path"] = f"{WORD_PATH}/"
        return context

    def related_documents(self, user):
        """(label, document) for each relation either way, only documents the user may see."""
        labels = {
            DocumentRelation.Kind.IMPLEMENTS: (_("Implements"), _("Implemented by")),
            DocumentRelation.Kind.AMENDS: (_("Amends"), _("Amended by")),
            DocumentRelation.Kind.REPLACES: (_("Replaces"), _("Replaced by")),
        }
        return [
            (labels[kind][direction], document)
            for kind, direction, document in self._relations()
            if can_view(document, user)
        ]

    def _relations(self):
        """(kind, 0 outgoing or 1 incoming, RelatedDocument) of the live relations, the same
        for every reader: kept until the next publish, unpublish or move
        (portal.caching.versions)."""
        key = f"document-relations:{self.pk}:{versions.get(versions.CONTENT)[0]}"

        def load():
            # Two simple queries rather than one joining four tables: PostgreSQL took longer
            # to plan that join than to run it, and most documents have no relation at all.
            relations = DocumentRelation.objects.filter(
                models.Q(page=self) | models.Q(target=self)
            ).values_list("kind", "page_id", "target_id")
            ends = [(kind, 0, target) for kind, page, target in relations if page == self.pk] + [
                (kind, 1, page) for kind, page, target in relations if target == self.pk
            ]
            if not ends:
                return []
            others = {pk for _kind, _direction, pk in ends}
            shown = PartyDocumentPage.objects.live().filter(pk__in=others).only(*RELATED_FIELDS)
            documents = {page.pk: RelatedDocument.of(page) for page in shown}
            return [
                (kind, direction, documents[pk]) for kind, direction, pk in ends if pk in documents
            ]

        return versions.shared(_relations_kept, key, load, 60 * 60, limit=1024)

    @property
    def type_word(self):
        return TYPE_WORDS.get(self.doc_type, "")

    @property
    def heading(self):
        """The printed type line and trích yếu (resolutions.layout)."""
        return layout.heading(self.doc_type, self.type_word, self.paper_title or self.title)

    @property
    def is_draft(self):
        return self.status == DocumentStatus.DRAFT_FOR_COMMENT

    @property
    def motto(self):
        return PARTY_MOTTO

    @property
    def recipient_list(self):
        """The recipients without the punctuation the layout adds ("," after each, "." after
        the last)."""
        lines = (line.strip().rstrip(",.;").strip() for line in self.recipients.splitlines())
        return [line for line in lines if line]

    @property
    def printed_recipients(self):
        """Each recipient as printed (Hướng dẫn 36-HD/VPTW): "- …," and "- ….” for the last."""
        names = self.recipient_list
        return [
            f"- {name}{'.' if index == len(names) - 1 else ','}" for index, name in enumerate(names)
        ]

    @cached_property
    def sections(self):
        """(anchor, number, text, level) of each heading, anchors unique within the document."""
        seen = set()
        result = []
        for block in self.body:
            if block.block_type != "heading":
                continue
            anchor = base = heading_anchor(block.value["number"], block.value["text"])
            counter = 2
            while anchor in seen:
                anchor, counter = f"{base}-{counter}", counter + 1
            seen.add(anchor)
            result.append(
                (anchor, block.value["number"], block.value["text"], block.value["level"])
            )
        return result

    @cached_property
    def body_with_anchors(self):
        """The body blocks, each with the anchor of its heading (None for other blocks)."""
        anchors = iter(section[0] for section in self.sections)
        return [
            (block, next(anchors) if block.block_type == "heading" else None) for block in self.body
        ]

    def text_sections(self):
        """(heading, lines) of the text as read: the header and title as printed first (heading
        ""), then each section from its heading, then the signature (named by its first line)."""
        printed = self.heading
        header = [self.superior_body, self.issuing_body, self.number, printed.type_line]
        sections = [("", [*header, printed.printed_title])]
        for block in self.body:
            value = block.value
            lines = sections[-1][1]
            if block.block_type == "heading":
                heading = f"{value['number']} {value['text']}".strip()
                sections.append((normalise(heading), [heading]))
            elif block.block_type == "paragraph":
                lines.append(_strip_tags(value.source))
            elif block.block_type == "list":
                lines.extend(value["items"])
            elif block.block_type == "quote":
                lines.append(value["text"])
            elif block.block_type == "table":
                for row in value.rows:
                    lines.append(" | ".join(_strip_tags(str(cell)) for cell in row))
        signature = [self.signing_capacity, self.signer_title, self.signer_name]
        signed = [normalise(line) for line in signature if line and normalise(line)]
        if signed:  # a section of its own, named by its first line
            sections.append((signed[0], signature))
        return [
            (heading, [normalise(line) for line in lines if line and normalise(line)])
            for heading, lines in sections
        ]

    def plain_text(self):
        """The document's text as read: header, title, body and signature, one item per line."""
        return "\n".join(line for _heading, lines in self.text_sections() for line in lines)

    def search_text(self):
        """A copy of the text without diacritics, so "nghi quyet" finds "Nghị quyết"."""
        return fold(f"{self.title} {self.number} {self.summary}\n{self.plain_text()}")

    def with_content_json(self, content):
        """Every edit starts with "substantive change" unticked; the flag of a published
        revision is read from that revision's content (see resolutions.acknowledgements)."""
        page = super().with_content_json(content)
        page.substantive_change = False
        return page

    # -- rules ----------------------------------------------------------------------------

    def clean(self):
        super().clean()
        self.clean_comment_settings()
        self.clean_titles()
        self.number = normalise(self.number).removeprefix("Số:").removeprefix("Số").strip()
        if self.number and self.issuing_body:
            clash = (
                PartyDocumentPage.objects.filter(
                    number__iexact=self.number, issuing_body__iexact=self.issuing_body
                )
                .exclude(pk=self.pk)
                .first()
            )
            if clash:
                raise ValidationError(
                    {
                        "number": _(
                            'Number %(number)s is already used by "%(title)s" of the same '
                            "issuing body."
                        )
                        % {"number": self.number, "title": clash.title}
                    }
                )
        if self.status == DocumentStatus.SUPERSEDED and not self.superseded_by_id:
            raise ValidationError(
                {"superseded_by": _("Choose the document that replaced this one.")}
            )


def _strip_tags(html):
    return re.sub(r"<[^>]+>", " ", html or "")


class DocumentAttachment(Orderable):
    """A file attached to a document (PDF, Word, Excel), served through Django's checks."""

    page = ParentalKey(PartyDocumentPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("file"),
        on_delete=models.CASCADE,
        related_name="party_document_attachments",
    )
    title = models.CharField(_("title"), max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    @property
    def display_title(self):
        return self.title or self.document.title


class DocumentRelation(Orderable):
    """This document implements, amends or replaces another one."""

    class Kind(models.TextChoices):
        IMPLEMENTS = "implements", _("Implements")
        AMENDS = "amends", _("Amends")
        REPLACES = "replaces", _("Replaces")

    page = ParentalKey(PartyDocumentPage, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(_("relation"), max_length=20, choices=Kind.choices)
    target = models.ForeignKey(
        PartyDocumentPage,
        verbose_name=pgettext_lazy("party document", "document"),
        on_delete=models.CASCADE,
        related_name="incoming_relations",
    )

    panels = [FieldPanel("kind"), FieldPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("related document")
        verbose_name_plural = _("related documents")
