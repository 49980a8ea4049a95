"""The one block catalogue every StreamField of the website draws from.

Each block renders through a component template of the theme
(`components/blocks/<name>.html`) so a theme restyles every page at once.
"""
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "blockquote"]


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt = blocks.CharBlock(
        label=_("alternative text"), required=False, help_text=_("Describe the image for blind readers; leave empty if decorative.")
    )
    caption = blocks.CharBlock(label=_("caption"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "components/blocks/image.html"


class DocumentListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), required=False)
    documents = blocks.ListBlock(DocumentChooserBlock(label=_("document")), label=_("documents"))

    class Meta:
        icon = "doc-full"
        label = _("Document list")
        template = "components/blocks/document_list.html"


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"))
    answer = blocks.RichTextBlock(label=_("answer"), features=RICH_TEXT_FEATURES)


class FaqBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), required=False)
    items = blocks.ListBlock(QuestionAnswerBlock(), label=_("questions"))

    class Meta:
        icon = "help"
        label = _("Questions and answers")
        template = "components/blocks/faq.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"))
    text = blocks.TextBlock(label=_("text"), required=False)
    link_page = blocks.PageChooserBlock(label=_("page"), required=False)
    link_url = blocks.URLBlock(label=_("or external address"), required=False)
    button_label = blocks.CharBlock(label=_("button label"))

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "components/blocks/call_to_action.html"


class CaptionedTableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(label=_("caption"), help_text=_("Says what the table shows; read first by screen readers."))
    table = TableBlock(label=_("table"), table_options={"renderer": "text", "autoColumnSize": False})

    class Meta:
        icon = "table"
        label = _("Table")
        template = "components/blocks/table.html"


class CaptionedEmbedBlock(blocks.StructBlock):
    embed = EmbedBlock(label=_("address of the video or map"))
    title = blocks.CharBlock(label=_("title"), help_text=_("Names the embedded content for screen readers."))

    class Meta:
        icon = "media"
        label = _("Embed")
        template = "components/blocks/embed.html"


class ContentStreamBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("Heading"), icon="title", template="components/blocks/heading.html")
    paragraph = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES, template="components/blocks/paragraph.html")
    image = ImageBlock()
    documents = DocumentListBlock()
    faq = FaqBlock()
    call_to_action = CallToActionBlock()
    table = CaptionedTableBlock()
    embed = CaptionedEmbedBlock()

    class Meta:
        template = "components/blocks/stream.html"
