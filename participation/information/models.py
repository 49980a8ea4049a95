"""Access to information (law 31.13): the page citizens use, the commune's legal
periods, requests, their messages, answer files, history and notes. The rules
are in rules.py; the steps in workflow.py."""
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from participation.core.calendar import closures_around
from participation.core.encrypted import EncryptedCharField
from participation.core.models import ContactMixin, StatusEntry, Submission
from participation.core.search import FoldedSearchMixin
from participation.information import rules
from participation.information.views import InformationRoutes
from participation.information.workflow import CLOSED, RequestStatus, workflow

SUBJECT_MAX = 200
TEXT_MAX = 5000


def private_upload_to(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"information/{timezone.now():%Y}/{uuid.uuid4().hex}.{extension}"


@register_setting(icon="time")
class InformationSettings(BaseSiteSetting):
    """The commune's periods under law 31.13; the defaults are the law's (LEGAL.md §2)."""

    answer_working_days = models.PositiveSmallIntegerField(_("working days to answer"), default=rules.LEGAL.answer)
    urgent_working_days = models.PositiveSmallIntegerField(_("working days to answer an urgent request"), default=rules.LEGAL.urgent)
    complaint_working_days = models.PositiveSmallIntegerField(_("working days to complain to the head"), default=rules.LEGAL.complaint)
    head_answer_days = models.PositiveSmallIntegerField(_("days for the head to answer a complaint"), default=rules.LEGAL.head_answer)
    cdai_days = models.PositiveSmallIntegerField(_("days to go to the CDAI"), default=rules.LEGAL.cdai)
    reminder_working_days = models.PositiveSmallIntegerField(
        _("remind the officer (working days before a deadline)"), default=3
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("answer_working_days"), FieldPanel("urgent_working_days"), FieldPanel("complaint_working_days"),
             FieldPanel("head_answer_days"), FieldPanel("cdai_days")],
            heading=_("The law's periods"),
        ),
        FieldPanel("reminder_working_days"),
    ]

    class Meta:
        verbose_name = _("access to information settings")

    def clean(self):
        super().clean()
        for name in ("answer_working_days", "urgent_working_days", "complaint_working_days", "head_answer_days", "cdai_days"):
            value = getattr(self, name)
            if value is not None and not 1 <= value <= 90:
                raise ValidationError({name: _("Enter a number of days from 1 to 90.")})

    @property
    def periods(self) -> rules.Periods:
        return rules.Periods(
            answer=self.answer_working_days, urgent=self.urgent_working_days, complaint=self.complaint_working_days,
            head_answer=self.head_answer_days, cdai=self.cdai_days,
        )


class InformationRequestPage(FoldedSearchMixin, InformationRoutes, RoutablePageMixin, Page):
    """Placed by editors in a commune's tree: the request form, the requester's
    follow-up, the public register and the proactive-publication list (views.py)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ul", "ol"])

    search_text_fields = ("intro",)  # public, like the title and the search description
    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("access to information page")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("On paper, at the office")
    MAIL = "mail", _("By post")


class InformationRequest(ContactMixin, Submission):
    """A request and its requester (ContactMixin: name and contact; the identity
    document number is asked by art. 14)."""

    page = models.ForeignKey(InformationRequestPage, verbose_name=_("page"), null=True, on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE, editable=False)
    address = models.CharField(_("address"), max_length=300)
    id_number = EncryptedCharField(_("CIN or residence card number"), max_length=20)
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX, validators=[MinLengthValidator(5)])
    information_requested = models.TextField(
        _("information requested"), validators=[MinLengthValidator(10), MaxLengthValidator(TEXT_MAX)]
    )
    delivery_form = models.CharField(_("form of delivery"), max_length=12, choices=rules.DeliveryForm.choices)
    urgent = models.BooleanField(_("urgent"), default=False)
    urgency_justification = models.TextField(_("why it is urgent"), blank=True, validators=[MaxLengthValidator(TEXT_MAX)])
    register_opt_out = models.BooleanField(_("keep out of the public register"), default=False)
    received_on = models.DateField(_("received on"))
    # the officer's steps
    extended = models.BooleanField(_("extended"), default=False, editable=False)
    extension_reason = models.TextField(_("reason for the extension"), blank=True, validators=[MaxLengthValidator(TEXT_MAX)])
    clarification_question = models.TextField(_("clarification asked"), blank=True, validators=[MaxLengthValidator(TEXT_MAX)])
    clarification_asked_on = models.DateField(_("clarification asked on"), null=True, blank=True, editable=False)
    clarification_reply = models.TextField(_("clarification given"), blank=True, validators=[MaxLengthValidator(TEXT_MAX)])
    suspended_working_days = models.PositiveSmallIntegerField(_("working days the clock stood still"), default=0, editable=False)
    redaction_note = models.TextField(_("what was withheld and why"), blank=True, validators=[MaxLengthValidator(TEXT_MAX)])
    refusal_grounds = models.JSONField(_("grounds (article 7)"), default=list, blank=True)
    refusal_reason = models.TextField(_("reasons for the refusal"), blank=True, validators=[MaxLengthValidator(TEXT_MAX)])
    transferred_to = models.CharField(_("body that holds the information"), max_length=200, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True, editable=False)
    # remedies
    complaint = models.TextField(_("complaint"), blank=True, validators=[MaxLengthValidator(TEXT_MAX)])
    complaint_on = models.DateField(_("complaint filed on"), null=True, blank=True, editable=False)
    complaint_answer = models.TextField(_("answer to the complaint"), blank=True, validators=[MaxLengthValidator(TEXT_MAX)])
    complaint_answered_on = models.DateField(_("complaint answered on"), null=True, blank=True, editable=False)

    workflow = workflow
    reference_prefix = "INF"

    class Meta(Submission.Meta):
        verbose_name = _("request for information")
        verbose_name_plural = _("requests for information")
        permissions = [
            ("handle_informationrequest", _("Can handle requests for information")),
            ("answer_complaint", _("Can answer complaints about requests for information")),
            ("record_paper_request", _("Can record a request received on paper or by post")),
            ("export_informationrequest", _("Can export requests for information")),
        ]

    def clean(self):
        super().clean()
        grounds = self.refusal_grounds or []
        if not isinstance(grounds, list) or not set(grounds) <= set(rules.RefusalGround.values):
            raise ValidationError({"refusal_grounds": _("Choose grounds from the list of article 7.")})
        if self.urgent and not self.urgency_justification.strip():
            raise ValidationError({"urgency_justification": _("Say why the request is urgent (a person's life, safety or freedom).")})

    # --- dates and periods

    @cached_property
    def periods(self) -> rules.Periods:
        return InformationSettings.for_site(self.site).periods

    def closures(self, start=None):
        """The commune's closure days from `start` (default: receipt) to a year later."""
        return closures_around(start or self.received_on, self.site)

    def compute_deadline(self):
        return rules.due_date(
            self.received_on, urgent=self.urgent, extended=self.extended, closures=self.closures(),
            suspended=self.suspended_working_days, periods=self.periods,
        )

    def head_deadline(self):
        return rules.head_answer_deadline(self.complaint_on or timezone.localdate(), self.periods)

    def complaint_deadline(self):
        """Last day to complain: after the answer, or after the answer deadline passed."""
        start = self.answered_on or self.deadline
        return rules.complaint_deadline(start, self.closures(start), self.periods) if start else None

    def cdai_deadline(self):
        """The next remedy's last day, once the head answered or the head's deadline passed."""
        if self.complaint_answered_on:
            return rules.cdai_deadline(self.complaint_answered_on, self.periods)
        if self.status == RequestStatus.COMPLAINT and self.deadline and timezone.localdate() > self.deadline:
            return rules.cdai_deadline(self.deadline, self.periods)
        return None

    def days_left(self, today=None):
        if self.deadline is None:
            return None
        return (self.deadline - (today or timezone.localdate())).days

    # --- workflow effects (see workflow.py)

    def extension_refusal(self):
        from django.utils.translation import gettext as _g

        if not rules.can_extend(timezone.localdate(), self.deadline, already_extended=self.extended, urgent=self.urgent):
            return _g("The deadline can be extended once, before it passes, and not for an urgent request.")
        return None

    def complaint_refusal(self):
        from django.utils.translation import gettext as _g

        today = timezone.localdate()
        if self.status in CLOSED:
            deadline = self.complaint_deadline()
            if deadline is not None and today <= deadline:
                return None
            return _g("The period to complain about this answer has passed.")
        if self.deadline is not None and today > self.deadline:
            # within 20 working days after the missed deadline (rules.may_complain)
            return None if today <= self.complaint_deadline() else _g("The period to complain has passed.")
        return _g("You can complain once the commune answers, or once the deadline has passed without an answer.")

    def mark_clarification_asked(self):
        self.clarification_asked_on = timezone.localdate()
        self.clarification_reply = ""

    def mark_clarified(self):
        if self.clarification_asked_on:
            closures = self.closures(self.clarification_asked_on)
            self.suspended_working_days += rules.suspended_days(self.clarification_asked_on, timezone.localdate(), closures)
        self.clarification_asked_on = None

    def mark_answered(self, published=True):
        """An answer (published in the register unless the requester opted out); a
        transfer (`published` False) answers too, but the commune has nothing to publish."""
        self.answered_on = timezone.localdate()
        self.is_public = published and not self.register_opt_out

    def mark_complaint(self):
        self.complaint_on = timezone.localdate()

    def mark_complaint_answered(self):
        self.complaint_answered_on = timezone.localdate()


class InformationStatusEntry(StatusEntry):
    submission = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="history")


class InformationNote(models.Model):
    """Internal note: staff only."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("note"), validators=[MaxLengthValidator(TEXT_MAX)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]


class AnswerFile(models.Model):
    """A document given in answer (public with the answer in the register unless the
    requester opted out)."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=private_upload_to)
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("answer file")
        verbose_name_plural = _("answer files")
        ordering = ["added_at", "pk"]

    def __str__(self):
        return self.title


class InformationMessage(models.Model):
    """A message between the requester and the officer, shown on the requester's
    private page (a question from the requester, or the officer's reply)."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="messages")
    from_requester = models.BooleanField(_("from the requester"), default=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("message"), validators=[MinLengthValidator(2), MaxLengthValidator(TEXT_MAX)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        ordering = ["created_at", "pk"]
