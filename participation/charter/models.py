"""The participation charter (ميثاق المشاركة المواطنة): the charter page with its structured
text, adoption history and joint monitoring cell; adhesions of associations and citizens
with their history; and the monitoring indicators with their values per period.

A charter translated into French is the same charter: adhesions belong to the charter in the
site's default language (`CharterPage.canonical`). The steps of an adhesion are in
workflow.py, the public routes in views.py, the figures computed for the indicators in
indicators.py.
"""
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable, Page

from participation.charter.blocks import CharterBodyBlock, Party
from participation.charter.views import CharterRoutes
from participation.charter.workflow import ACTIVE, AdhesionStatus, workflow
from participation.core.models import ContactMixin, StatusEntry, Submission
from participation.core.search import FoldedSearchMixin

TEXT_MAX = 2000
DUPLICATE_NUMBER = _("An association with this registration number has already joined the charter of this commune.")
DUPLICATE_EMAIL = _("This e-mail address has already been used to join the charter of this commune.")


def private_upload_to(instance, filename):
    """An association's statutes or receipt: a random name in a per-year folder (never public)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"charter/{timezone.now():%Y}/{uuid.uuid4().hex}.{extension}"


def normalize_registration_number(value: str) -> str:
    """The receipt number as the register compares it: no surrounding or double spaces, upper case."""
    return " ".join((value or "").split()).upper()


class CharterPage(FoldedSearchMixin, CharterRoutes, RoutablePageMixin, Page):
    """Placed by editors in a commune's tree: the charter, its adoption history, adhesion
    forms, the public register of adherents and the monitoring page (routes in views.py)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ul", "ol"])
    body = StreamField(CharterBodyBlock(), verbose_name=_("the charter"), blank=True)
    adhesion_open = models.BooleanField(
        _("online adhesion open"), default=True, help_text=_("Associations and citizens may join the charter on the website.")
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("adoption_steps", label=_("Adoption history")),
        FieldPanel("adhesion_open"),
        InlinePanel("cell_members", label=_("Joint monitoring cell")),
    ]
    search_text_fields = ("intro", "body")
    subpage_types: list[str] = []
    max_count_per_parent = 1  # one charter per commune (and per language)

    class Meta:
        verbose_name = _("participation charter page")

    def canonical(self) -> "CharterPage":
        """The charter in the default language, which adhesions belong to (itself when it is)."""
        default = Locale.get_default()
        if self.locale_id == default.pk:
            return self
        original = CharterPage.objects.filter(translation_key=self.translation_key, locale=default).first()
        return original or self

    def commitments_of(self, party: str) -> list[str]:
        """The commitments of one party as the charter's text states them."""
        items = []
        for block in self.body:
            if block.block_type == "commitments" and block.value["party"] == party:
                items.extend(str(item) for item in block.value["items"])
        return items

    def party_of(self, kind: str) -> str:
        return Party.ASSOCIATIONS if kind == AdhesionKind.ASSOCIATION else Party.CITIZENS

    @property
    def adopted_on(self):
        """The date of the council's approval (the earliest), or None while it is a draft."""
        dates = [step.date for step in self.adoption_steps.all() if step.kind == AdoptionKind.APPROVAL and step.date]
        return min(dates) if dates else None


class AdoptionKind(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONSULTATION = "consultation", _("Public consultation")
    APPROVAL = "approval", _("Approval by the council")
    REVISION = "revision", _("Revision")


class AdoptionStep(Orderable):
    """One step of the charter's adoption: the draft, its consultation, the council's
    deliberation approving it (date and number), later revisions."""

    page = ParentalKey(CharterPage, on_delete=models.CASCADE, related_name="adoption_steps")
    kind = models.CharField(_("step"), max_length=20, choices=AdoptionKind.choices)
    date = models.DateField(_("date"))
    description = models.TextField(_("description"), blank=True, validators=[MaxLengthValidator(TEXT_MAX)])
    deliberation_number = models.CharField(
        _("deliberation number"), max_length=50, blank=True, help_text=_("For the council's approval or a revision.")
    )
    linked_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page of the site"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("For example the consultation on the draft."),
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("date")]),
        FieldPanel("deliberation_number"),
        FieldPanel("description"),
        FieldPanel("linked_page"),
        FieldPanel("document"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("adoption step")

    def clean(self):
        super().clean()
        if self.kind == AdoptionKind.APPROVAL and not (self.deliberation_number or "").strip():
            raise ValidationError({"deliberation_number": _("Give the number of the council's deliberation.")})


class CellBody(models.TextChoices):
    COMMUNE = "commune", _("The commune")
    COMMISSION = "commission", _("Equality, Equal Opportunities and Gender Approach Commission")
    ASSOCIATIONS = "associations", _("Associations")
    CITIZENS = "citizens", _("Citizens")


class CellMember(Orderable):
    """A member of the joint monitoring cell (published on the monitoring page)."""

    page = ParentalKey(CharterPage, on_delete=models.CASCADE, related_name="cell_members")
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=200, blank=True)
    body = models.CharField(_("represents"), max_length=20, choices=CellBody.choices)

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("body")]

    class Meta(Orderable.Meta):
        verbose_name = _("member of the monitoring cell")


class AdhesionKind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    CITIZEN = "citizen", _("Citizen")


class ActivityField(models.TextChoices):
    DEVELOPMENT = "development", _("Local development")
    SOCIAL = "social", _("Social action and solidarity")
    WOMEN = "women", _("Women's rights and equality")
    YOUTH = "youth", _("Youth and sport")
    CULTURE = "culture", _("Culture and heritage")
    EDUCATION = "education", _("Education and literacy")
    ENVIRONMENT = "environment", _("Environment")
    HEALTH = "health", _("Health")
    DISABILITY = "disability", _("People with disabilities")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood and residents")
    OTHER = "other", _("Other")


class Adhesion(ContactMixin, Submission):
    """An association or a citizen joining the charter. ContactMixin holds the person: the
    citizen, or the association's representative and contact. An association's name, field
    and date appear in the public register once valid; a citizen's name only with consent
    (``show_name``). One active adhesion per registration number and one per e-mail in a
    commune, enforced by the database."""

    charter = models.ForeignKey(CharterPage, verbose_name=_("charter"), on_delete=models.PROTECT, related_name="adhesions")
    page = models.ForeignKey(
        CharterPage, verbose_name=_("joined on"), null=True, on_delete=models.SET_NULL, related_name="+", editable=False,
        help_text=_("The page (language) the adherent joined on; links in e-mails lead there."),
    )
    kind = models.CharField(_("adherent"), max_length=20, choices=AdhesionKind.choices)
    # a citizen
    neighbourhood = models.CharField(_("neighbourhood"), max_length=100, blank=True)
    # an association
    association_name = models.CharField(_("association"), max_length=200, blank=True)
    registration_number = models.CharField(
        _("declaration receipt number"), max_length=50, blank=True,
        help_text=_("The number of the final receipt of the association's declaration."),
    )
    registration_date = models.DateField(_("declaration receipt date"), null=True, blank=True)
    seat = models.CharField(_("seat"), max_length=300, blank=True)
    activity = models.CharField(_("field of activity"), max_length=20, choices=ActivityField.choices, blank=True)
    document = models.FileField(_("statutes or declaration receipt"), upload_to=private_upload_to, blank=True)
    # the adhesion
    commitments = models.TextField(_("commitments accepted"), blank=True, editable=False,
                                   help_text=_("The commitments as shown when the adherent accepted them."))
    commitments_accepted_at = models.DateTimeField(_("commitments accepted"), null=True, blank=True, editable=False)
    rejection_reason = models.TextField(_("reason for the rejection"), blank=True, validators=[MaxLengthValidator(TEXT_MAX)])
    information_requested = models.TextField(_("information requested"), blank=True,
                                             validators=[MaxLengthValidator(TEXT_MAX)])
    validated_at = models.DateTimeField(_("valid since"), null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)

    workflow = workflow
    #: never confirmed: anonymised once the link expired (core.personal_data)
    awaiting_confirmation = models.Q(status=AdhesionStatus.UNVERIFIED)
    reference_prefix = "ADH"
    private_route = "adhesion"
    private_page_fields = ("page", "charter")

    class Meta(Submission.Meta):
        verbose_name = _("adhesion")
        verbose_name_plural = _("adhesions")
        constraints = [
            *Submission.Meta.constraints,
            models.UniqueConstraint(
                "site", "registration_number",
                condition=models.Q(kind="association", status__in=ACTIVE),
                name="participation_charter_one_adhesion_per_registration_number",
                violation_error_message=DUPLICATE_NUMBER,
            ),
            models.UniqueConstraint(
                "site", Lower("email"), condition=models.Q(status__in=ACTIVE),
                name="participation_charter_one_adhesion_per_email",
                violation_error_message=DUPLICATE_EMAIL,
            ),
        ]
        permissions = [
            ("validate_adhesion", _("Can validate, reject or ask information on adhesions to the charter")),
            ("export_adhesion", _("Can export the adherents to the charter with their contacts")),
        ]

    def __str__(self):
        return f"{self.reference} {self.display_name}".strip()

    @property
    def is_association(self) -> bool:
        return self.kind == AdhesionKind.ASSOCIATION

    @property
    def display_name(self) -> str:
        return self.association_name if self.is_association else self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.is_association:
            self.registration_number = normalize_registration_number(self.registration_number)
            for name in ("association_name", "registration_number", "seat", "activity"):
                if not getattr(self, name):
                    errors[name] = _("This field is required for an association.")
            if self.registration_date is None:
                errors["registration_date"] = _("This field is required for an association.")
            elif self.registration_date > timezone.localdate():
                errors["registration_date"] = _("The date of the receipt cannot be in the future.")
        if errors:
            raise ValidationError(errors)


class AdhesionStatusEntry(StatusEntry):
    submission = models.ForeignKey(Adhesion, on_delete=models.CASCADE, related_name="history")


# --- monitoring ----------------------------------------------------------------------------


class Indicator(ClusterableModel):
    """A monitoring indicator of a commune's charter, defined by staff. Its values are
    entered per period with their source, or computed from the other plugins' records
    (``computed``: a key of participation.core.indicators.computed_indicators())."""

    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("commune"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition"), blank=True, validators=[MaxLengthValidator(TEXT_MAX)],
                                  help_text=_("What is measured and how."))
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("For example: %, associations, meetings."))
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=1, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=1, null=True, blank=True)
    computed = models.CharField(
        _("computed automatically from"), max_length=100, blank=True,
        help_text=_("Leave empty to enter the values by hand."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("site"),
        FieldPanel("name"),
        FieldPanel("definition"),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("baseline"), FieldPanel("target")]),
        FieldPanel("computed"),
        FieldPanel("sort_order"),
        MultiFieldPanel([InlinePanel("values", label=_("Values"))], heading=_("Values per period")),
    ]

    class Meta:
        verbose_name = _("charter indicator")
        verbose_name_plural = _("charter indicators")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name


class IndicatorValue(Orderable):
    indicator = ParentalKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=1)
    source = models.CharField(_("source"), max_length=300, blank=True)

    panels = [FieldRowPanel([FieldPanel("period"), FieldPanel("value")]), FieldPanel("source")]

    class Meta(Orderable.Meta):
        verbose_name = _("value")
        ordering = ["period"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="participation_charter_one_value_per_year")]

    def __str__(self):
        return f"{self.period}: {self.value}"
