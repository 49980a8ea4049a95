"""Petitions (العرائض, organic law 113.14 arts. 121–125): the page citizens use,
the commune's petition settings, petitions, their history and notes, and
signatures. The legal rules are in rules.py; the steps in workflow.py."""
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinLengthValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from participation.core.commune import commune_settings
from participation.core.encrypted import EncryptedCharField, LookupHashField
from participation.core.models import ContactMixin, StatusEntry, Submission
from participation.core.search import FoldedSearchMixin
from participation.petitions import rules
from participation.petitions.views import PetitionRoutes
from participation.petitions.workflow import AFTER_FILING, PetitionStatus, workflow

TITLE_MAX = 200
TEXT_MAX = 5000
ITEM_MAX = 1000

_number_list = RegexValidator(r"^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$", _("Enter whole numbers separated by commas, e.g. 30, 7, 1."))


def _numbers(value: str) -> tuple[int, ...]:
    return tuple(int(n) for n in value.replace(" ", "").split(",") if n)


def private_upload_to(instance, filename):
    """Supporting documents hold personal data: a random name in a per-year folder."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"petitions/{timezone.now():%Y}/{uuid.uuid4().hex}.{extension}"


@register_setting(icon="doc-full")
class PetitionSettings(BaseSiteSetting):
    """The commune's petition numbers. Empty or default values are the law's (LEGAL.md §1)."""

    signatures_override = models.PositiveIntegerField(
        _("signatures required (override)"), null=True, blank=True,
        help_text=_("Leave empty to use the legal number: 100 below 35,000 inhabitants, 200 from 35,000, "
                    "400 with arrondissements (the population is in the commune's settings)."),
    )
    refusal_deadline_months = models.PositiveSmallIntegerField(
        _("months to notify a refusal"), default=rules.REFUSAL_MONTHS,
        help_text=_("Article 125: three months from the filing of the petition."),
    )
    reminder_days = models.CharField(
        _("remind the bureau (days before the deadline)"), max_length=40, default="30, 7, 1", validators=[_number_list],
    )
    session_months = models.CharField(
        _("months of the ordinary sessions"), max_length=40, default="2, 5, 10", validators=[_number_list],
        help_text=_("Month numbers of the council's ordinary sessions, e.g. 2, 5, 10 for February, May and October."),
    )
    bureau_email = models.EmailField(
        _("the bureau's e-mail"), blank=True, help_text=_("Told of every filed petition and of the deadlines.")
    )

    panels = [
        MultiFieldPanel([FieldPanel("signatures_override"), FieldPanel("refusal_deadline_months")], heading=_("The law's numbers")),
        MultiFieldPanel([FieldPanel("bureau_email"), FieldPanel("reminder_days"), FieldPanel("session_months")],
                        heading=_("The bureau")),
    ]

    class Meta:
        verbose_name = _("petition settings")

    def clean(self):
        super().clean()
        try:
            months = _numbers(self.session_months or "")
        except ValueError:  # not a list of numbers: the field's validator says so
            months = ()
        if any(not 1 <= m <= 12 for m in months):
            raise ValidationError({"session_months": _("Month numbers go from 1 to 12.")})
        if self.refusal_deadline_months is not None and not 1 <= self.refusal_deadline_months <= 12:
            raise ValidationError({"refusal_deadline_months": _("Enter a number of months from 1 to 12.")})

    @property
    def reminder_day_list(self) -> tuple[int, ...]:
        return _numbers(self.reminder_days or "")

    @property
    def session_month_list(self) -> tuple[int, ...]:
        return _numbers(self.session_months or "") or rules.ORDINARY_SESSION_MONTHS

    def required_signatures(self) -> int:
        commune = commune_settings(self.site)
        return rules.required_signatures(
            getattr(commune, "population", None), bool(getattr(commune, "has_arrondissements", False)),
            override=self.signatures_override,
        )


class PetitionIndexPage(FoldedSearchMixin, PetitionRoutes, RoutablePageMixin, Page):
    """Placed by editors in a commune's tree: the public list, starting, signing and
    following petitions (routes in views.py)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ul", "ol"])

    search_text_fields = ("intro",)  # public, like the title and the search description
    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("petitions page")


class PetitionKind(models.TextChoices):
    CITIZENS = "citizens", _("Citizens' petition")
    ASSOCIATION = "association", _("Association's petition")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("On paper")


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted: the council adopted the request")
    REJECTED = "rejected", _("Rejected by the council")


class Petition(ContactMixin, Submission):
    """A petition and its agent (ContactMixin: the agent's name and contact)."""

    page = models.ForeignKey(PetitionIndexPage, verbose_name=_("petitions page"), null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("type"), max_length=20, choices=PetitionKind.choices, default=PetitionKind.CITIZENS)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE, editable=False)
    title = models.CharField(_("subject"), max_length=TITLE_MAX, validators=[MinLengthValidator(10)])
    reasons = models.TextField(_("reasons"), validators=[MinLengthValidator(20), MaxLengthValidator(TEXT_MAX)])
    objectives = models.TextField(_("objectives"), validators=[MinLengthValidator(10), MaxLengthValidator(TEXT_MAX)])
    requested_item = models.TextField(
        _("item requested on the council's agenda"), validators=[MinLengthValidator(10), MaxLengthValidator(ITEM_MAX)]
    )
    # the agent (وكيل): identity required by decree 2.16.403
    agent_cin = EncryptedCharField(_("agent's CIN number"), max_length=12)
    agent_address = models.CharField(_("agent's address"), max_length=300)
    # an association's petition (art. 124)
    association_name = models.CharField(_("association"), max_length=200, blank=True)
    association_declared_on = models.DateField(_("date of the association's declaration"), null=True, blank=True)
    association_seat = models.CharField(_("seat or branch in the commune"), max_length=300, blank=True)
    association_seat_in_commune = models.BooleanField(_("seat or branch in the commune"), default=False)
    association_statutes = models.FileField(_("statutes"), upload_to=private_upload_to, blank=True)
    association_deposit_receipt = models.FileField(_("receipt of the declaration"), upload_to=private_upload_to, blank=True)
    association_mandate = models.FileField(_("representative's mandate"), upload_to=private_upload_to, blank=True)
    association_seat_proof = models.FileField(_("proof of the seat or branch"), upload_to=private_upload_to, blank=True)
    # a petition handed in on paper
    scan = models.FileField(_("scan of the paper petition"), upload_to=private_upload_to, blank=True)
    paper_signature_count = models.PositiveIntegerField(_("signatures on paper"), default=0)
    # counts and the legal clock
    signature_count = models.PositiveIntegerField(_("confirmed valid signatures online"), default=0, editable=False)
    signatures_required = models.PositiveIntegerField(_("signatures required"), null=True, blank=True, editable=False)
    opened_at = models.DateTimeField(_("opened for signature"), null=True, blank=True, editable=False)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    # the bureau's and the council's steps
    inadmissibility_grounds = models.JSONField(_("grounds"), default=list, blank=True)
    inadmissibility_reason = models.TextField(_("reasons given to the agent"), blank=True, validators=[MaxLengthValidator(TEXT_MAX)])
    committee = models.CharField(_("standing committee"), max_length=200, blank=True)
    session_date = models.DateField(_("council session"), null=True, blank=True)
    decision = models.CharField(_("council decision"), max_length=20, choices=Decision.choices, blank=True)
    deliberation = models.FileField(_("deliberation"), upload_to=private_upload_to, blank=True)

    workflow = workflow
    reference_prefix = "PET"
    private_route = "manage"

    class Meta(Submission.Meta):
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        permissions = [
            ("review_petition", _("Can open a petition for signature or refuse to")),
            ("decide_petition", _("Can record the bureau's and the council's decisions on a petition")),
            ("record_paper_petition", _("Can record a petition filed on paper")),
            ("verify_signatures", _("Can mark petition signatures invalid")),
            ("cleanup_signatures", _("Can invalidate petition signatures in bulk (spam)")),
            ("export_signatures", _("Can export the signatures of a petition")),
            ("export_petition", _("Can export petitions")),
        ]

    def clean(self):
        super().clean()
        grounds = self.inadmissibility_grounds or []
        if not isinstance(grounds, list) or not set(grounds) <= set(rules.InadmissibilityGround.values):
            raise ValidationError({"inadmissibility_grounds": _("Choose grounds from the list.")})

    # --- the numbers shown and enforced

    @cached_property
    def petition_settings(self) -> PetitionSettings:
        return PetitionSettings.for_site(self.site)

    @property
    def threshold(self) -> int:
        """Signatures needed: fixed when the petition opens, else the commune's current number.
        An association's petition has no signature threshold (art. 124)."""
        if self.signatures_required is not None:
            return self.signatures_required
        if self.kind == PetitionKind.ASSOCIATION:
            return 0
        return self.petition_settings.required_signatures()

    @property
    def valid_signature_total(self) -> int:
        return self.signature_count + self.paper_signature_count

    @property
    def progress_percent(self) -> int:
        threshold = self.threshold
        return 100 if not threshold else min(100, self.valid_signature_total * 100 // threshold)

    @property
    def is_open(self) -> bool:
        return self.status == PetitionStatus.OPEN

    @property
    def is_filed(self) -> bool:
        return self.status in AFTER_FILING

    @property
    def public_agent(self) -> str:
        """Who is shown as the agent: the association, or the agent's name if they agreed."""
        if self.kind == PetitionKind.ASSOCIATION and self.association_name:
            return self.association_name
        return self.public_name

    def days_left(self, today=None) -> int | None:
        """Days left to notify a refusal, while the bureau has not decided (None otherwise)."""
        if self.status != PetitionStatus.FILED or self.deadline is None:
            return None
        return rules.days_left(self.deadline, today or timezone.localdate())

    # --- workflow effects (see workflow.py)

    def mark_opened(self):
        """Opening fixes the threshold: signatories and the agent know from the first
        signature how many are needed, whatever the commune's settings become."""
        self.opened_at = timezone.now()
        self.signatures_required = self.threshold

    def freeze_on_filing(self):
        """Filing dates the receipt (paper: the date staff entered) and fixes the threshold
        of a petition that skipped the signing step (paper)."""
        self.signatures_required = self.threshold
        self.filed_on = self.filed_on or timezone.localdate()

    def refusal_deadline(self):
        return rules.refusal_deadline(self.filed_on, self.petition_settings.refusal_deadline_months)


class PetitionStatusEntry(StatusEntry):
    submission = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="history")


class PetitionNote(models.Model):
    """Internal note: staff only."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("note"), validators=[MaxLengthValidator(TEXT_MAX)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]


class Signature(models.Model):
    """One signatory of one petition, in the fields of the legal form. Counted once
    its e-mail is confirmed and while staff have not marked it invalid. The
    database enforces one signature per CIN and one per e-mail on each petition."""

    petition = models.ForeignKey(Petition, verbose_name=_("petition"), on_delete=models.CASCADE, related_name="signatures")
    name = models.CharField(_("full name"), max_length=150)
    cin = EncryptedCharField(_("CIN number"), max_length=12)
    #: the keyed hash of `cin`: the encrypted value cannot be compared, this can
    cin_hash = LookupHashField(source="cin")
    basis = models.CharField(_("link with the commune"), max_length=10, choices=rules.SignatoryBasis.choices)
    address = models.CharField(_("address in the commune"), max_length=300)
    activity = models.CharField(_("activity in the commune"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=10, default="ar", editable=False)
    created_at = models.DateTimeField(_("signed"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    invalid_reason = models.CharField(_("reason it is invalid"), max_length=300, blank=True)
    invalidated_at = models.DateTimeField(null=True, blank=True)
    invalidated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    #: where it was sent from, for staff cleaning up a burst of spam (participation.core.cleanup)
    submitted_ip = models.GenericIPAddressField(null=True, blank=True, editable=False)

    #: never confirmed: the CIN and address are anonymised once the link expired (core.personal_data)
    awaiting_confirmation = models.Q(confirmed_at__isnull=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "cin_hash"], name="one_signature_per_cin"),
            models.UniqueConstraint(fields=["petition", "email"], name="one_signature_per_email"),
        ]

    def __str__(self):
        return f"{self.petition.reference} #{self.pk}"

    @property
    def counts(self) -> bool:
        return self.confirmed_at is not None and not self.invalid_reason
