"""Citizen meetings: the index page, the meeting page (what, when, where, the agenda; after
the meeting its minutes, attendance, photos and outcomes), and registrations with their
history. The steps of a registration are in workflow.py, the public routes in views.py.

Dates are stored in UTC (USE_TZ) and shown in the commune's time zone (settings.TIME_ZONE,
Africa/Casablanca). A meeting translated into French is the same meeting: registrations
belong to the meeting in the site's default language (`MeetingPage.canonical`), so places
are counted once whatever page a person registered on.
"""
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from participation.core.models import ContactMixin, StatusEntry, Submission
from participation.core.search import FoldedSearchMixin
from participation.meetings.views import MeetingIndexRoutes, MeetingRoutes
from participation.meetings.workflow import ACTIVE, HOLDS_A_PLACE, RegistrationStatus, workflow

TEXT_MAX = 2000
RICH_FEATURES = ["h3", "bold", "italic", "link", "ul", "ol"]
DUPLICATE = _("This e-mail address is already registered for this meeting.")


class MeetingType(models.TextChoices):
    CONSULTATIVE = "consultative", _("Public consultative meeting")
    WORKSHOP = "workshop", _("Thematic workshop")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood meeting")
    YOUTH_COUNCIL = "youth_council", _("Youth council")
    COUNCIL_SESSION = "council_session", _("Council session open to the public")


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class MeetingIndexPage(FoldedSearchMixin, MeetingIndexRoutes, RoutablePageMixin, Page):
    """Placed by editors in a commune's tree: upcoming and past meetings, filters, the
    iCalendar feed of every meeting (routes in views.py)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ul", "ol"])

    search_text_fields = ("intro",)  # public, like the title and the search description
    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["participation_meetings.MeetingPage"]

    class Meta:
        verbose_name = _("citizen meetings page")


class MeetingPage(FoldedSearchMixin, MeetingRoutes, RoutablePageMixin, Page):
    """One meeting. The online link is given only to registered people (their page, their
    e-mails and calendar file): never on the public page, the feed or the API."""

    meeting_type = models.CharField(_("type of meeting"), max_length=20, choices=MeetingType.choices)
    format = models.CharField(_("format"), max_length=10, choices=MeetingFormat.choices, default=MeetingFormat.IN_PERSON)
    start = models.DateTimeField(_("starts"), help_text=_("In the commune's time (Africa/Casablanca)."))
    end = models.DateTimeField(_("ends"))
    summary = models.TextField(_("summary"), max_length=400, help_text=_("One or two sentences shown in the list of meetings."))
    neighbourhood = models.CharField(_("neighbourhood"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True, help_text=_("Where it takes place (in person or hybrid)."))
    online_link = models.URLField(
        _("online link"), blank=True,
        help_text=_("The video-conference address (online or hybrid). Given only to registered people, never published."),
    )
    agenda = RichTextField(_("agenda"), blank=True, features=RICH_FEATURES)
    organisers = models.CharField(_("organisers"), max_length=300, blank=True)
    partner_associations = models.TextField(_("partner associations"), blank=True, validators=[MaxLengthValidator(TEXT_MAX)])
    accessibility = models.TextField(
        _("accessibility"), blank=True, validators=[MaxLengthValidator(TEXT_MAX)],
        help_text=_("Step-free access, sign language, childcare, transport..."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Places for registered people; empty for no limit. When full, new "
                                                          "registrations go to a waiting list."),
    )
    registration_enabled = models.BooleanField(_("registration on the website"), default=True)
    cancelled = models.BooleanField(_("meeting cancelled"), default=False)
    # after the meeting
    minutes = RichTextField(_("minutes"), blank=True, features=RICH_FEATURES)
    minutes_document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("minutes (document)"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    attendance_total = models.PositiveIntegerField(_("people present"), null=True, blank=True)
    attendance_women = models.PositiveIntegerField(_("women"), null=True, blank=True)
    attendance_men = models.PositiveIntegerField(_("men"), null=True, blank=True)
    attendance_youth = models.PositiveIntegerField(_("young people (under 35)"), null=True, blank=True)
    attendance_associations = models.PositiveIntegerField(_("associations represented"), null=True, blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("meeting_type"), FieldPanel("format")]),
            FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
            FieldPanel("summary"),
            FieldRowPanel([FieldPanel("neighbourhood"), FieldPanel("address")]),
            FieldPanel("online_link"),
        ], heading=_("The meeting")),
        FieldPanel("agenda"),
        MultiFieldPanel([FieldPanel("organisers"), FieldPanel("partner_associations"), FieldPanel("accessibility")],
                        heading=_("Organisers and access")),
        MultiFieldPanel([FieldPanel("registration_enabled"), FieldPanel("capacity"), FieldPanel("cancelled")],
                        heading=_("Registration")),
        MultiFieldPanel([
            FieldPanel("minutes"), FieldPanel("minutes_document"),
            FieldRowPanel([FieldPanel("attendance_total"), FieldPanel("attendance_women"), FieldPanel("attendance_men")]),
            FieldRowPanel([FieldPanel("attendance_youth"), FieldPanel("attendance_associations")]),
            InlinePanel("photos", label=_("Photos")),
            InlinePanel("outcomes", label=_("Outcomes")),
        ], heading=_("After the meeting")),
    ]
    # the online link is never indexed (search_text_fields leaves it out)
    search_text_fields = ("summary", "agenda", "minutes")
    search_fields = Page.search_fields + [index.FilterField("start"), index.FilterField("meeting_type")]
    parent_page_types = ["participation_meetings.MeetingIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("citizen meeting")
        verbose_name_plural = _("citizen meetings")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The end must come after the start.")
        if self.format in (MeetingFormat.IN_PERSON, MeetingFormat.HYBRID) and not self.address.strip():
            errors["address"] = _("Give the address of a meeting held in person.")
        if self.format in (MeetingFormat.ONLINE, MeetingFormat.HYBRID) and not self.online_link:
            errors["online_link"] = _("Give the link of a meeting held online.")
        if self.capacity == 0:
            errors["capacity"] = _("Leave the capacity empty for no limit, or give a number of places.")
        parts = [self.attendance_women, self.attendance_men]
        if self.attendance_total is not None and all(p is not None for p in parts) and sum(parts) > self.attendance_total:
            errors["attendance_total"] = _("Women and men present add up to more than the people present.")
        for name in ("attendance_youth", "attendance_women", "attendance_men"):
            value = getattr(self, name)
            if self.attendance_total is not None and value is not None and value > self.attendance_total:
                errors[name] = _("This is more than the people present.")
        if errors:
            raise ValidationError(errors)

    # --- what the meeting allows now

    @property
    def is_past(self) -> bool:
        return self.end <= timezone.now()

    @property
    def has_started(self) -> bool:
        return self.start <= timezone.now()

    @property
    def is_online(self) -> bool:
        return self.format in (MeetingFormat.ONLINE, MeetingFormat.HYBRID)

    @property
    def is_in_person(self) -> bool:
        return self.format in (MeetingFormat.IN_PERSON, MeetingFormat.HYBRID)

    @property
    def has_report(self) -> bool:
        return bool(self.minutes or self.minutes_document_id or self.attendance_total is not None)

    @cached_property
    def place_counts(self) -> dict:
        """{"taken": places held, "waiting": people on the waiting list} (one query)."""
        rows = dict(
            Registration.objects.filter(meeting=self.canonical(), status__in=ACTIVE).order_by()
            .values_list("status").annotate(n=models.Count("pk")).values_list("status", "n")
        )
        return {"taken": sum(rows.get(s, 0) for s in HOLDS_A_PLACE), "waiting": rows.get(RegistrationStatus.WAITING, 0)}

    @property
    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.place_counts["taken"])


class MeetingPhoto(Orderable):
    page = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey("wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+")
    caption = models.CharField(_("caption"), max_length=250, blank=True, help_text=_("Also the image's text alternative."))

    panels = [FieldPanel("image"), FieldPanel("caption")]


class MeetingOutcome(Orderable):
    """What the meeting fed: a consultation, a suggestion, an action of the action plan — a
    page of the site or any address."""

    page = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="outcomes")
    title = models.CharField(_("title"), max_length=200)
    linked_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page of the site"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    url = models.URLField(_("or an address"), blank=True)

    panels = [FieldPanel("title"), FieldPanel("linked_page"), FieldPanel("url")]

    def clean(self):
        super().clean()
        if not self.linked_page_id and not self.url:
            raise ValidationError({"url": _("Choose a page of the site or give an address.")})

    def link(self, request=None) -> str:
        if self.linked_page_id and self.linked_page is not None and self.linked_page.live:
            return self.linked_page.get_url(request) or ""
        return self.url


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")


class Registration(ContactMixin, Submission):
    """A person registered to a meeting (ContactMixin: name and contact). One active
    registration per e-mail address and meeting, enforced by the database."""

    meeting = models.ForeignKey(MeetingPage, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="registrations")
    page = models.ForeignKey(
        MeetingPage, verbose_name=_("registered on"), null=True, on_delete=models.SET_NULL, related_name="+", editable=False,
        help_text=_("The page (language) the person registered on; links in e-mails lead there."),
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    association = models.CharField(_("association"), max_length=200, blank=True)

    workflow = workflow
    reference_prefix = "MTG"
    private_route = "registration"
    private_page_fields = ("page", "meeting")

    class Meta(Submission.Meta):
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            *Submission.Meta.constraints,
            models.UniqueConstraint(
                Lower("email"), "meeting", condition=models.Q(status__in=ACTIVE),
                name="participation_meetings_one_registration_per_email",
                violation_error_message=DUPLICATE,
            ),
        ]
        permissions = [
            ("manage_registration", _("Can mark attendance at meetings")),
            ("export_registration", _("Can export the registration lists of meetings")),
        ]

    @property
    def holds_a_place(self) -> bool:
        return self.status in HOLDS_A_PLACE

    def waiting_position(self) -> int | None:
        """1 for the first on the waiting list."""
        if self.status != RegistrationStatus.WAITING:
            return None
        earlier = Registration.objects.filter(meeting_id=self.meeting_id, status=RegistrationStatus.WAITING).filter(
            models.Q(created_at__lt=self.created_at) | models.Q(created_at=self.created_at, pk__lt=self.pk)
        )
        return earlier.count() + 1


class RegistrationStatusEntry(StatusEntry):
    submission = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="history")
