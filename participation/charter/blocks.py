"""The charter's text as structured content (PRODUCT.md §"Content"): each part is a block of
a known kind, so the page can list the parts, and the commitments of each party are data —
the adhesion forms show the commitments of the adherent's party next to the checkbox."""
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

RICH_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class PartKind:
    CHOICES = [
        ("introduction", _("Introduction")),
        ("framework", _("Reference framework")),
        ("values", _("Shared values")),
        ("objectives", _("Objectives")),
        ("principles", _("Principles")),
        ("nature", _("Nature of participation")),
        ("subjects", _("Subjects of participation")),
        ("who", _("Who participates")),
        ("where", _("Where to participate")),
        ("initiative", _("Initiative of citizens")),
        ("communication", _("Communication")),
        ("use", _("When the charter is used")),
        ("monitoring", _("Monitoring and evaluation")),
        ("other", _("Other")),
    ]


class Party:
    COMMUNE = "commune"
    ASSOCIATIONS = "associations"
    CITIZENS = "citizens"
    CHOICES = [
        (COMMUNE, _("Commitments of the commune")),
        (ASSOCIATIONS, _("Commitments of the associations")),
        (CITIZENS, _("Commitments of the citizens")),
    ]


class PartBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(label=_("Part of the charter"), choices=PartKind.CHOICES, default="other")
    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    body = blocks.RichTextBlock(label=_("Text"), features=RICH_FEATURES, required=False)
    items = blocks.ListBlock(blocks.CharBlock(label=_("Item"), max_length=500), label=_("List"), required=False,
                             default=[])

    class Meta:
        icon = "doc-full"
        label = _("Part of the charter")
        template = "participation_charter/includes/part_block.html"


class CommitmentsBlock(blocks.StructBlock):
    party = blocks.ChoiceBlock(label=_("Party"), choices=Party.CHOICES)
    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    intro = blocks.TextBlock(label=_("Introduction"), required=False, max_length=1000)
    items = blocks.ListBlock(blocks.CharBlock(label=_("Commitment"), max_length=500), label=_("Commitments"))

    class Meta:
        icon = "tick"
        label = _("Commitments of a party")
        template = "participation_charter/includes/commitments_block.html"


class CharterBodyBlock(blocks.StreamBlock):
    part = PartBlock()
    commitments = CommitmentsBlock()

    class Meta:
        block_counts = {}
