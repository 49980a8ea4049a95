"""Consultations: the index page, the consultation page (draft in sections, questions,
dates of its phases, final report), the responses and their answers, and the comments on
the draft's sections (django-comments-xtd's threaded XtdComment, with the section, the
consultation and the commune they belong to)."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.models import XtdComment
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page

from participation.consultations import phases
from participation.consultations.blocks import SectionBlock
from participation.consultations.views import ConsultationIndexRoutes, ConsultationRoutes
from participation.consultations.workflow import ResponseStatus, workflow
from participation.core.models import StatusEntry, Submission
from participation.core.search import FoldedSearchMixin

TEXT_MAX = 5000
SHORT_TEXT_MAX = 300
REPORT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    ASSOCIATIONS = "associations", _("Associations")


class ConsultationIndexPage(FoldedSearchMixin, ConsultationIndexRoutes, RoutablePageMixin, Page):
    """The list of a commune's consultations: open, upcoming and closed."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ul", "ol"])

    search_text_fields = ("intro",)  # public, like the title and the search description
    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["participation_consultations.ConsultationPage"]

    class Meta:
        verbose_name = _("consultations page")


class ConsultationPage(FoldedSearchMixin, ConsultationRoutes, RoutablePageMixin, Page):
    """One consultation. Its phase comes from its dates (phases.py); what a visitor can do
    on the page follows from the phase."""

    summary = models.TextField(_("summary"), max_length=1000)
    audience = models.CharField(_("who may answer"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"), help_text=_("The last day on which answers and comments are taken."))
    draft = StreamField(
        [("section", SectionBlock())], verbose_name=_("draft under consultation"), blank=True,
        help_text=_("The text put to consultation, one section per part; people comment on each section."),
    )
    documents = StreamField([("document", DocumentChooserBlock(label=_("document")))], verbose_name=_("documents"), blank=True)
    report_published_on = models.DateField(_("report published on"), null=True, blank=True)
    report_heard = RichTextField(_("what we heard"), blank=True, features=REPORT_FEATURES)
    report_changed = RichTextField(_("what changed"), blank=True, features=REPORT_FEATURES)
    report_document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("report (PDF)"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    #: the editors' public text, found whatever spelling the visitor types (participation.core.search)
    search_text_fields = ("summary", "draft", "report_heard", "report_changed")

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("audience"),
        FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")], heading=_("Dates")),
        FieldPanel("draft"),
        FieldPanel("documents"),
        InlinePanel("questions", heading=_("Questions"), label=_("question")),
        MultiFieldPanel(
            [FieldPanel("report_published_on"), FieldPanel("report_heard"), FieldPanel("report_changed"),
             FieldPanel("report_document")],
            heading=_("Final report"),
        ),
    ]
    parent_page_types = ["participation_consultations.ConsultationIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def clean(self):
        super().clean()
        errors = phases.date_errors(self.opens_on, self.closes_on, self.report_published_on)
        if self.report_published_on and not (self.report_heard or "").strip():
            errors.setdefault("report_heard", _("Write what was heard before setting the report's date."))
        if errors:
            raise ValidationError(errors)

    # --- phases

    def phase_on(self, day) -> phases.Phase:
        return phases.phase_on(day, self.opens_on, self.closes_on, self.report_published_on)

    @property
    def phase(self) -> phases.Phase:
        return self.phase_on(phases.local_date(timezone.now()))

    @property
    def is_open(self) -> bool:
        return phases.may_answer(self.phase)

    @property
    def shows_results(self) -> bool:
        return phases.shows_results(self.phase)

    @property
    def for_associations(self) -> bool:
        return self.audience == Audience.ASSOCIATIONS

    # --- sections

    @cached_property
    def sections(self) -> list:
        """[(stable id, heading, body)] of the draft's sections, in order."""
        return [(block.id, block.value["heading"], block.value["body"]) for block in self.draft if block.block_type == "section"]

    def section(self, section_id: str):
        return next((s for s in self.sections if s[0] == section_id), None)


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    RATING = "rating", _("Rating from 1 to 5")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)
RATINGS = (1, 2, 3, 4, 5)


class Question(Orderable):
    page = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    required = models.BooleanField(_("required"), default=True)
    options = models.TextField(_("options"), blank=True, help_text=_("For a choice: one option per line."))

    panels = [FieldPanel("label"), FieldPanel("help_text"), FieldPanel("kind"), FieldPanel("required"), FieldPanel("options")]

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.label

    def clean(self):
        super().clean()
        if self.kind in CHOICE_KINDS and len(self.option_list) < 2:
            raise ValidationError({"options": _("A choice needs at least two options, one per line.")})

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in (self.options or "").splitlines() if line.strip()]


class Response(Submission):
    """One participant's answers to one consultation (one per e-mail address)."""

    consultation = models.ForeignKey(
        ConsultationPage, verbose_name=_("consultation"), null=True, on_delete=models.SET_NULL, related_name="responses"
    )
    email = models.EmailField(_("e-mail"))
    email_verified_at = models.DateTimeField(_("e-mail verified"), null=True, blank=True, editable=False)
    association_name = models.CharField(_("association"), max_length=200, blank=True)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True, editable=False)

    workflow = workflow
    reference_prefix = "CNS"
    private_route = "change"
    private_page_fields = ("consultation",)
    #: never confirmed: anonymised once the link expired (core.personal_data)
    awaiting_confirmation = models.Q(status=ResponseStatus.PENDING)

    class Meta(Submission.Meta):
        verbose_name = _("consultation response")
        verbose_name_plural = _("consultation responses")
        constraints = [
            *Submission.Meta.constraints,
            models.UniqueConstraint(fields=["consultation", "email"], name="one_response_per_email"),
        ]
        permissions = [("export_response", _("Can export consultation answers (free texts included)"))]


class ResponseStatusEntry(StatusEntry):
    submission = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="history")


class Answer(models.Model):
    """One answer: a chosen option (one row per option of a multiple choice), a rating, or a text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.CharField(_("option"), max_length=300, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True, validators=[MaxLengthValidator(TEXT_MAX)])

    class Meta:
        verbose_name = _("answer")
        ordering = ["question__sort_order", "pk"]
        indexes = [models.Index(fields=["question", "choice"]), models.Index(fields=["question", "rating"])]


class SectionComment(XtdComment):
    """A comment on one section of a consultation's draft. XtdComment gives the thread
    (thread_id, parent_id, level, order), the author's name and e-mail, and the
    is_public / is_removed flags: a comment is public once its e-mail is confirmed and a
    moderator approved it (is_public); a rejected one is removed and never shown."""

    consultation = models.ForeignKey(ConsultationPage, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="+")
    commune = models.ForeignKey("wagtailcore.Site", verbose_name=_("commune"), on_delete=models.CASCADE, related_name="+")
    section_id = models.CharField(_("section"), max_length=64, db_index=True)
    language = models.CharField(_("language"), max_length=10, default="ar", editable=False)
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True, editable=False)
    flag_count = models.PositiveIntegerField(_("reports"), default=0, editable=False)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("moderated by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True, editable=False)

    #: retention runs from the submission (core.personal_data); never confirmed, anonymised once the link expired
    retention_date_field = "submit_date"
    awaiting_confirmation = models.Q(email_confirmed_at__isnull=True)

    class Meta:
        verbose_name = _("comment on a consultation")
        verbose_name_plural = _("comments on consultations")
        permissions = [
            ("moderate_sectioncomment", _("Can moderate comments on consultations")),
            ("cleanup_sectioncomment", _("Can reject comments on consultations in bulk (spam)")),
        ]

    @property
    def section_heading(self) -> str:
        section = self.consultation.section(self.section_id) if self.consultation_id else None
        return section[1] if section else ""

    @property
    def state(self) -> str:
        if self.is_removed:
            return "rejected"
        if self.email_confirmed_at is None:
            return "unconfirmed"
        return "published" if self.is_public else "awaiting"


class CommentState:
    """The states of a comment in the moderators' queue, and the rows in each (a reported
    comment is back in the queue until a moderator approves it again, which clears its reports)."""

    AWAITING, REPORTED, PUBLISHED, REJECTED, UNCONFIRMED = "awaiting", "reported", "published", "rejected", "unconfirmed"
    CHOICES = [
        (AWAITING, _("Awaiting moderation")),
        (REPORTED, _("Reported by readers")),
        (PUBLISHED, _("Published")),
        (REJECTED, _("Rejected")),
        (UNCONFIRMED, _("E-mail not confirmed")),
    ]
    FILTERS = {
        AWAITING: models.Q(email_confirmed_at__isnull=False, is_public=False, is_removed=False),
        REPORTED: models.Q(flag_count__gt=0, is_removed=False),
        PUBLISHED: models.Q(email_confirmed_at__isnull=False, is_public=True, is_removed=False),
        REJECTED: models.Q(is_removed=True),
        UNCONFIRMED: models.Q(email_confirmed_at__isnull=True, is_removed=False),
    }
    #: what the moderators still have to look at
    TO_MODERATE = FILTERS[AWAITING] | FILTERS[REPORTED]
