"""The staff's side of registrations: the listing per meeting with filters, marking
attendance once the meeting has started, the restricted and logged export of registration
lists, and the counts by gender for the equality commission."""
import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import PageLogEntry

from participation.core import services as core_services
from participation.meetings import services
from participation.meetings.models import MeetingPage, Registration
from tests.participation.matrix import client_for
from tests.participation.meetings.conftest import make_meeting, registration_data

APP = "participation_meetings_registration"
INDEX = f"{APP}:index"
INSPECT = f"{APP}:inspect"
TRANSITION = f"{APP}:transition"
STATISTICS = f"{APP}:statistics"

_people = itertools.count(1000)


def content(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def final_status(response, client):
    """The status code, after the one redirect Django's LocaleMiddleware adds to a 404."""
    request_path = response.request["PATH_INFO"]
    if response.status_code == 302 and response["Location"] == "/ar" + request_path:
        return client.get(response["Location"]).status_code
    return response.status_code


def started(meeting) -> MeetingPage:
    """Move the meeting an hour into the past (as if it had begun), without a revision."""
    start = timezone.now() - datetime.timedelta(hours=1)
    MeetingPage.objects.filter(pk=meeting.pk).update(start=start, end=start + datetime.timedelta(hours=2))
    return MeetingPage.objects.get(pk=meeting.pk)


def registered(index, *, started_meeting=True, **data) -> Registration:
    """A registration (unique name and e-mail) to a new meeting of the commune of `index`."""
    n = next(_people)
    meeting = make_meeting(index)
    registration = services.register(meeting, registration_data(n, name=f"مسجل رقم {n}") | data)
    if started_meeting:
        started(meeting)
    return Registration.objects.get(pk=registration.pk)


def test_attendance_can_be_marked_only_once_the_meeting_started(meetings_a, superuser):
    registration = registered(meetings_a, started_meeting=False)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        core_services.perform(registration, "mark_attended", superuser)
    started(registration.meeting)
    registration = core_services.perform(Registration.objects.get(pk=registration.pk), "mark_attended", superuser)
    assert registration.status == "attended"
    registration = core_services.perform(registration, "mark_absent", superuser)
    assert registration.status == "absent"


def test_the_listing_filters_by_meeting_and_gender(meetings_a):
    client = client_for("a_participation")
    woman = registered(meetings_a, gender="woman")
    man = registered(meetings_a, gender="man")
    response = client.get(reverse(INDEX), {"meeting": woman.meeting_id})
    assert response.status_code == 200
    assert woman.name in content(response) and man.name not in content(response)
    response = client.get(reverse(INDEX), {"gender": "man"})
    assert man.name in content(response) and woman.name not in content(response)
    assert client.get(reverse(INDEX), {"gender": "robot", "meeting": "abc"}).status_code == 200


def test_the_export_is_logged_on_the_meeting(meetings_a):
    registration = registered(meetings_a)
    client = client_for("a_participation")
    response = client.get(reverse(INDEX), {"export": "csv", "meeting": registration.meeting_id})
    assert response.status_code == 200
    text = content(response)
    assert registration.name in text and registration.email in text
    entry = PageLogEntry.objects.filter(page=registration.meeting_id, action="participation.registrations_exported").get()
    assert entry.user.username == "a_participation" and entry.data["rows"] == 1


def test_the_export_neutralises_spreadsheet_formulas(meetings_a):
    registration = registered(meetings_a, association="=HYPERLINK(\"http://evil\")")
    response = client_for("a_participation").get(reverse(INDEX), {"export": "csv", "meeting": registration.meeting_id})
    assert "'=HYPERLINK" in content(response)


def test_counts_by_gender(meetings_a, superuser):
    meeting = make_meeting(meetings_a, capacity=2)
    services.register(meeting, registration_data(1, gender="woman"))
    services.register(meeting, registration_data(2, gender="man"))
    services.register(meeting, registration_data(3, gender=""))  # waiting
    started(meeting)
    first = Registration.objects.get(meeting=meeting, email="participant1@example.ma")
    core_services.perform(first, "mark_attended", superuser)
    response = client_for("a_participation").get(reverse(STATISTICS))
    assert response.status_code == 200
    item = next(i for i in response.context["meetings"] if i["meeting"].pk == meeting.pk)
    with translation.override("en"):  # the labels, whatever the staff member's language
        rows = {str(label): (counts, total) for label, counts, total in item["rows"]}
    assert rows["Holding a place"] == ([1, 1, 0], 2)
    assert rows["On the waiting list"] == ([0, 0, 1], 1)
    assert rows["Present"] == ([1, 0, 0], 1)
