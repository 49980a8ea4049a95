"""Admin of registrations to meetings (listed in MeetingsConfig.viewsets, shown in the
"Citizen participation" menu group). Meetings themselves are Wagtail pages, edited in
the page explorer.

The core's SubmissionViewSet brings scoping (a staff member sees the registrations of
their communes only), the listing, the inspect view with history, and one view per
workflow transition — here marking attendance (present / absent) once the meeting has
started. Registrations add:

- filters by meeting and gender;
- the export of registration lists (with contacts: restricted to `export_registration`),
  each export logged on the meeting's page history with the number of rows;
- the counts per meeting and gender the equality commission follows (organic law 113.14,
  art. 120): registered, on the waiting list, present and absent.

Nothing changes a registration outside participation.meetings.services and the core's
services: there is no edit view.
"""
import django_filters
from django import forms
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log

from participation.core import scoping
from participation.core.viewsets import StaffPageView, SubmissionFilterSet, SubmissionIndexView, SubmissionViewSet
from participation.meetings.models import Gender, MeetingPage, Registration
from participation.meetings.workflow import EXPORT, VIEW, RegistrationStatus

TEMPLATES = "participation_meetings/admin/"
UNSPECIFIED = "unspecified"


def meetings_of(request):
    """The meetings of the user's communes that have registrations (filter choices)."""
    if request is None:
        return MeetingPage.objects.none()
    registrations = scoping.scope(Registration.objects.all(), request.user)
    return MeetingPage.objects.filter(pk__in=registrations.values("meeting_id")).order_by("-start")


class RegistrationFilterSet(SubmissionFilterSet):
    meeting = django_filters.ModelChoiceFilter(label=gettext_lazy("Meeting"), queryset=meetings_of,
                                               empty_label=gettext_lazy("All meetings"))
    gender = django_filters.ChoiceFilter(
        label=gettext_lazy("Gender"), choices=[*Gender.choices, (UNSPECIFIED, gettext_lazy("Not given"))],
        empty_label=gettext_lazy("All"), widget=forms.RadioSelect, method="filter_gender",
    )

    class Meta:
        model = Registration
        fields = []

    def filter_gender(self, queryset, name, value):
        return queryset.filter(gender="" if value == UNSPECIFIED else value) if value else queryset


class RegistrationIndexView(SubmissionIndexView):
    """The registrations, newest first; exports logged on each meeting's history."""

    statistics_url_name = None

    def as_spreadsheet(self, queryset, spreadsheet_format):
        counts = queryset.order_by().values_list("meeting_id").annotate(n=Count("pk"))
        meetings = MeetingPage.objects.in_bulk([pk for pk, _n in counts])
        for pk, n in counts:
            if pk in meetings:
                log(instance=meetings[pk], action="participation.registrations_exported", user=self.request.user,
                    data={"rows": n, "format": spreadsheet_format})
        return super().as_spreadsheet(queryset, spreadsheet_format)

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.statistics_url_name:
            buttons.append(HeaderButton(_("Counts by gender"), url=reverse(self.statistics_url_name), icon_name="table"))
        return buttons


def gender_counts(registrations) -> list[dict]:
    """Per meeting: registered, waiting, present and absent people, by gender (one query for
    the counts, one for the meetings), latest meeting first."""
    rows = registrations.order_by().values_list("meeting_id", "status", "gender").annotate(n=Count("pk"))
    by_meeting: dict = {}
    for meeting_id, status, gender, n in rows:
        table = by_meeting.setdefault(meeting_id, {})
        key = gender or UNSPECIFIED
        for column in _columns(status):
            table.setdefault(column, {}).setdefault(key, 0)
            table[column][key] += n
    meetings = MeetingPage.objects.filter(pk__in=by_meeting).order_by("-start")
    result = []
    for meeting in meetings:
        table = by_meeting[meeting.pk]
        result.append({
            "meeting": meeting,
            "rows": [
                (label, [table.get(column, {}).get(g, 0) for g in (Gender.WOMAN, Gender.MAN, UNSPECIFIED)],
                 sum(table.get(column, {}).values()))
                for column, label in COLUMNS
            ],
        })
    return result


COLUMNS = (
    ("registered", gettext_lazy("Holding a place")),
    (RegistrationStatus.WAITING, gettext_lazy("On the waiting list")),
    (RegistrationStatus.ATTENDED, gettext_lazy("Present")),
    (RegistrationStatus.ABSENT, gettext_lazy("Absent")),
    (RegistrationStatus.CANCELLED, gettext_lazy("Cancelled")),
)


def _columns(status):
    if status in (RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED, RegistrationStatus.ABSENT):
        yield "registered"
    if status != RegistrationStatus.REGISTERED:
        yield status


class GenderCountsView(StaffPageView):
    """Registrations and attendance per meeting and gender, for the staff member's communes."""

    template_name = TEMPLATES + "statistics.html"
    page_title = gettext_lazy("Meetings: counts by gender")
    header_icon = "table"
    permission = VIEW

    def get(self, request, *args, **kwargs):
        registrations = scoping.scope(Registration.objects.all(), request.user)
        context = self.get_context_data(
            meetings=gender_counts(registrations), genders=(_("Women"), _("Men"), _("Not given")),
            index_url=reverse(self.viewset.get_url_name("index")),
        )
        return TemplateResponse(request, self.template_name, context)


class RegistrationViewSet(SubmissionViewSet):
    model = Registration
    icon = "group"
    menu_label = gettext_lazy("Meeting registrations")
    export_permission = EXPORT
    ordering = "-created_at"
    list_display = ["reference", "name", "meeting", "status", "gender", "association", "created_at"]
    list_select_related = ("site", "meeting")
    object_select_related = ("site", "meeting", "page")
    filterset_class = RegistrationFilterSet
    search_fields = ["reference", "name", "email", "association"]
    # the registration list of a meeting, with the contacts staff need to reach people
    list_export = ["reference", "meeting.title", "name", "email", "phone", "gender", "association", "status", "created_at"]
    export_headings = {"meeting.title": gettext_lazy("Meeting")}
    inspect_view_fields = [
        "reference", "site", "meeting", "created_at", "status", "name", "email", "phone", "gender", "association", "language",
    ]
    edit_fields = ()
    index_view_class = RegistrationIndexView
    statistics_view_class = GenderCountsView

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(statistics_url_name=self.get_url_name("statistics"), **kwargs)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("statistics/", self.construct_view(self.statistics_view_class), name="statistics"),
        ]


viewsets = [RegistrationViewSet]
