"""StreamField blocks of a document body: numbered headings with stable anchors, paragraphs,
lists, tables and quotes."""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock

from portal.text import fold

RICH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "superscript"]


def heading_anchor(number, text):
    """A stable anchor for a heading: its number when it has one ("muc-3"), else its text."""
    if number:
        return "muc-" + slugify(fold(number).strip(".-) ")) or "muc"
    return slugify(fold(text))[:60] or "muc"


class HeadingBlock(blocks.StructBlock):
    number = blocks.CharBlock(
        label=_("number"), required=False, max_length=10, help_text=_('For example "1." or "II."')
    )
    text = blocks.CharBlock(label=_("heading"), max_length=300)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("2", _("Section")), ("3", _("Subsection"))],
        default="2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "resolutions/blocks/heading.html"


class ListBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        label=_("marker"),
        choices=[("dash", "–"), ("bullet", "•"), ("plus", "+"), ("number", "1.")],
        default="dash",
    )
    items = blocks.ListBlock(blocks.TextBlock(label=_("item")), label=_("items"))

    class Meta:
        icon = "list-ul"
        label = _("List")
        template = "resolutions/blocks/list.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quotation"))
    attribution = blocks.CharBlock(label=_("source"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quotation")
        template = "resolutions/blocks/quote.html"


class DocumentBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_FEATURES, label=_("Paragraph"), template="resolutions/blocks/paragraph.html"
    )
    list = ListBlock()
    table = TypedTableBlock(
        [
            ("text", blocks.CharBlock(label=_("Text"))),
            ("number", blocks.DecimalBlock(label=_("Number"))),
            ("rich_text", blocks.RichTextBlock(features=["bold", "italic"], label=_("Rich text"))),
        ],
        label=_("Table"),
        template="resolutions/blocks/table.html",
    )
    quote = QuoteBlock()

    class Meta:
        block_counts = {}
