"""Routes of the meetings pages (mixed into MeetingIndexPage and MeetingPage).

The index (``MeetingIndexPage``):
- ``index``      upcoming or past meetings, filtered by type and neighbourhood (GET form:
                 a bad value is a form error and the whole list is shown), paginated;
- ``ical``       the iCalendar feed of every published meeting (no online link, no one's data).

A meeting (``MeetingPage``), all without JavaScript:
- ``detail``     the meeting: when (the commune's time zone), where, agenda, organisers,
                 accessibility, places left; afterwards minutes, attendance, photos, outcomes;
- ``register``   the registration form (GET) and its submission (POST);
- ``registration``  the registrant's private page (reference, status, the online link for a
                 person holding a place, the link to cancel); never cached, never indexed;
- ``cancel``     the cancellation link: GET shows a button, only its POST cancels;
- ``ical`` / ``my_ical``  the meeting's calendar file; the registrant's own has the online link.

Models and forms are imported inside the methods: models.py imports this module. Views never
store anything themselves: they call participation.meetings.services.
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.contrib.routable_page.models import path

from participation.core.antiabuse import hit
from participation.core.antiabuse import valid_client_ip as _ip
from participation.core.idempotency import idempotent
from participation.core.routes import PluginPageRoutes
from participation.core.views import private_response

TEMPLATES = "participation_meetings/"
RATE_SCOPE = "meetings"
PER_PAGE = 10
#: how long a calendar program may keep the feed before asking again (seconds)
FEED_MAX_AGE = 3600


def ics_response(content: bytes, filename: str, *, private: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if private:
        return private_response(response)
    response["Cache-Control"] = f"public, max-age={FEED_MAX_AGE}"
    return response


class MeetingIndexRoutes(PluginPageRoutes):
    templates = TEMPLATES

    def meetings(self):
        """The published meetings under this page."""
        from participation.meetings.models import MeetingPage

        return MeetingPage.objects.live().public().child_of(self)

    def neighbourhoods(self) -> list[str]:
        return sorted(set(self.meetings().exclude(neighbourhood="").values_list("neighbourhood", flat=True)))

    @path("", name="index")
    def index(self, request):
        from participation.meetings.forms import MeetingFilterForm

        form = MeetingFilterForm(request.GET or None, neighbourhoods=self.neighbourhoods())
        now = timezone.now()
        show_past = form.show_past
        listed = form.filter(self.meetings())
        listed = listed.filter(end__lte=now).order_by("-start", "-pk") if show_past else listed.filter(end__gt=now).order_by("start", "pk")
        items = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
        return self.render_route(
            request, "meeting_index_page.html", filter_form=form, meetings=items, show_past=show_past,
            filtered=form.filtered, filter_error=form.is_bound and not form.is_valid(),
        )

    @path("calendar/", name="ical")
    def ical(self, request):
        from participation.meetings import ical

        meetings = self.meetings().order_by("start", "pk")
        events = [ical.event(m, url=request.build_absolute_uri(m.get_url(request))) for m in meetings]
        return ics_response(ical.calendar(events, name=self.title), "meetings.ics")


class MeetingRoutes(PluginPageRoutes):
    templates = TEMPLATES

    @path("", name="detail")
    def detail(self, request):
        return self.render_route(request, "meeting_page.html", **self.detail_context(request))

    def detail_context(self, request) -> dict:
        from participation.meetings.services import closed_reason

        return {
            "closed_reason": closed_reason(self),
            "photos": self.photos.select_related("image").all(),
            "outcomes": [(o.title, o.link(request)) for o in self.outcomes.select_related("linked_page").all()],
        }

    @path("calendar/", name="ical")
    def ical(self, request):
        from participation.meetings import ical

        event = ical.event(self, url=request.build_absolute_uri(self.get_url(request)))
        return ics_response(ical.calendar([event]), f"meeting-{self.pk}.ics")

    # --- registering -----------------------------------------------------------------------

    @path("register/", name="register")
    @idempotent
    def register(self, request):
        from participation.meetings import services
        from participation.meetings.forms import RegistrationForm

        refusal = services.closed_reason(self)
        if refusal:
            return self.render_route(request, "meeting_register.html", status=200 if request.method == "GET" else 400,
                                     closed_reason=refusal, form=None)
        if request.method != "POST":
            return self.render_route(request, "meeting_register.html", form=RegistrationForm(), closed_reason=None)
        form = RegistrationForm(request.POST)
        if form.is_valid():
            data = form.registration_data()
            ip = _ip(request)
            if hit(RATE_SCOPE, ip=ip or "", email=data["email"]):
                form.add_error(None, _("Too many registrations were sent from your connection or your e-mail address. "
                                       "Nothing was stored: please try again in an hour."))
            else:
                try:
                    registration = services.register(self, data, ip=ip, language=get_language())
                except ValidationError as error:
                    form.add_error(None, error.messages)
                else:
                    return HttpResponseRedirect(self.route_path("registration", registration.access_token))
        return self.render_route(request, "meeting_register.html", status=400, form=form, closed_reason=None)

    def registration_by_token(self, request, token: str):
        """The registration this private link is for, on this meeting (in any of its languages)."""
        from participation.meetings.models import Registration

        registrations = Registration.objects.filter(meeting=self.canonical()).select_related("meeting", "site")
        return self.private_record(request, registrations, token)

    @path("registration/<str:token>/", name="registration")
    def registration(self, request, token):
        registration = self.registration_by_token(request, token)
        context = {
            "registration": registration,
            "position": registration.waiting_position(),
            "cancel_url": self.route_path("cancel", token),
            "my_ical_url": self.route_path("my_ical", token),
            "private_url": request.build_absolute_uri(self.route_path("registration", token)),
            "can_cancel": registration.status in ("registered", "waiting") and not self.has_started,
            "online_link": self.online_link if registration.holds_a_place and self.is_online and not self.cancelled else "",
        }
        return private_response(self.render_route(request, "meeting_registration.html", **context))

    @path("registration/<str:token>/calendar/", name="my_ical")
    def my_ical(self, request, token):
        from participation.meetings import ical

        registration = self.registration_by_token(request, token)
        event = ical.event(self, url=request.build_absolute_uri(self.get_url(request)),
                           with_online_link=registration.holds_a_place)
        return ics_response(ical.calendar([event]), f"meeting-{self.pk}.ics", private=True)

    @path("cancel/<str:token>/", name="cancel")
    def cancel(self, request, token):
        from participation.meetings import services

        registration = self.registration_by_token(request, token)
        context = {"registration": registration, "private_url": self.route_path("registration", token)}
        if registration.status == "cancelled":
            state = "already"
        elif registration.status not in ("registered", "waiting") or self.has_started:
            state = "closed"
        elif request.method == "POST":
            try:
                services.cancel(registration)
            except PermissionDenied:
                state = "closed"
            else:
                state = "counted"
        else:
            state = "ask"
        return private_response(self.render_route(request, "meeting_cancel.html", state=state,
                                                  status=400 if state == "closed" and request.method == "POST" else 200,
                                                  **context))
