from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "news/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quotation"))
    attribution = blocks.CharBlock(label=_("source"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quotation")
        template = "news/blocks/quote.html"


class NewsBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Heading"), icon="title", template="news/blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h3"],
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    video = EmbedBlock(label=_("Video link"), icon="media", template="news/blocks/video.html")
    attachment = DocumentChooserBlock(
        label=_("Attachment"), icon="doc-full", template="news/blocks/attachment.html"
    )
