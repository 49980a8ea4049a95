"""The draft under consultation, one block per section. Each section keeps the id
Wagtail gives every StreamField block (a UUID that survives edits and reordering):
comments point at it, so they stay on their section when the draft is edited."""
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

SECTION_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class SectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=200)
    body = blocks.RichTextBlock(label=_("text"), features=SECTION_FEATURES)

    class Meta:
        icon = "doc-full"
        label = _("section")
