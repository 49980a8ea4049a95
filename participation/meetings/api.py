"""Public API of citizen meetings (mounted at /api/v1/meetings/).

The published meetings of the commune answering on the request's host name (its pages in
the site's default language). The schema lists every field it returns: never the online
link (given to registered people only) and nothing about registrations but the number of
places left. Times are ISO 8601 with the commune's UTC offset.
"""
import datetime
from typing import Literal

from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from wagtail.models import Site

from participation.core.api import MAX_ID, Pagination
from participation.meetings.models import MeetingFormat, MeetingPage, MeetingType

router = Router(tags=["meetings"])

Type = Literal[tuple(str(t) for t in MeetingType.values)]
When = Literal["upcoming", "past"]


class AttendanceOut(Schema):
    total: int | None
    women: int | None
    men: int | None
    youth: int | None
    associations: int | None


class MeetingOut(Schema):
    id: int
    title: str
    summary: str
    type: str = Field(description="One of: " + ", ".join(MeetingType.values))
    type_label: str
    format: str = Field(description="One of: " + ", ".join(MeetingFormat.values))
    format_label: str
    start: datetime.datetime
    end: datetime.datetime
    neighbourhood: str
    address: str
    capacity: int | None
    cancelled: bool
    url: str | None
    attendance: AttendanceOut | None = Field(None, description="Published after the meeting.")

    @staticmethod
    def resolve_type(obj) -> str:
        return obj.meeting_type

    @staticmethod
    def resolve_type_label(obj) -> str:
        return str(obj.get_meeting_type_display())

    @staticmethod
    def resolve_format_label(obj) -> str:
        return str(obj.get_format_display())

    @staticmethod
    def resolve_start(obj):
        return timezone.localtime(obj.start)

    @staticmethod
    def resolve_end(obj):
        return timezone.localtime(obj.end)

    @staticmethod
    def resolve_address(obj) -> str:
        return obj.address if obj.is_in_person else ""

    @staticmethod
    def resolve_url(obj, context) -> str | None:
        request = context["request"] if context else None
        url = obj.get_url(request)
        return request.build_absolute_uri(url) if request is not None and url else url

    @staticmethod
    def resolve_attendance(obj) -> dict | None:
        if obj.attendance_total is None:
            return None
        return {
            "total": obj.attendance_total, "women": obj.attendance_women, "men": obj.attendance_men,
            "youth": obj.attendance_youth, "associations": obj.attendance_associations,
        }


class Filters(Schema):
    when: When | None = Field(None, description="upcoming (not ended yet) or past; both when left out.")
    type: Type | None = None


def _site(request) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No commune answers on this host.")
    return site


def public_meetings(site: Site):
    return MeetingPage.objects.live().public().descendant_of(site.root_page).defer("online_link")


@router.get("/", response=list[MeetingOut], summary="The commune's public meetings")
@paginate(Pagination)
def list_meetings(request, filters: Query[Filters]):
    """Published meetings of the commune answering on this host: upcoming ones soonest first,
    past ones latest first."""
    queryset = public_meetings(_site(request))
    now = timezone.now()
    if filters.type:
        queryset = queryset.filter(meeting_type=filters.type)
    if filters.when == "upcoming":
        return queryset.filter(end__gt=now).order_by("start", "pk")
    if filters.when == "past":
        return queryset.filter(end__lte=now).order_by("-start", "-pk")
    return queryset.order_by("-start", "-pk")


@router.get("/{meeting_id}", response=MeetingOut, summary="One public meeting")
def get_meeting(request, meeting_id: int):
    if not 1 <= meeting_id <= MAX_ID:  # a larger id would overflow the database integer
        raise Http404("No public meeting with this id.")
    meeting = public_meetings(_site(request)).filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404("No public meeting with this id.")
    return meeting
