"""Registrations under law 09-08: declared to the core, so `personal_data export|erase`
covers them; erasing keeps the counts (status, meeting) and frees the e-mail."""
from participation.core import personal_data
from participation.meetings import services
from participation.meetings.apps import MeetingsConfig
from participation.meetings.models import Registration
from tests.participation.meetings.conftest import make_meeting, registration_data


def test_declared_fields():
    assert MeetingsConfig.personal_data == {
        "Registration": ("name", "email", "phone", "gender", "association", "submitted_ip"),
    }


def test_export_and_erase(meetings_a):
    meeting = make_meeting(meetings_a)
    registration = services.register(meeting, registration_data(1, association="جمعية الأمل"), ip="10.0.0.1")
    exported = personal_data.export("Participant1@example.ma")
    record = next(r for r in exported["records"] if r["model"] == "participation_meetings.registration")
    assert record["reference"] == registration.reference
    assert record["personal_data"]["association"] == "جمعية الأمل"
    assert record["personal_data"]["submitted_ip"] == "10.0.0.1"

    personal_data.erase("participant1@example.ma")
    erased = Registration.objects.get(pk=registration.pk)
    assert erased.erased_at is not None and erased.status == "registered" and erased.meeting_id == meeting.pk
    assert (erased.name, erased.phone, erased.gender, erased.association, erased.submitted_ip) == ("—", "", "", "", None)
    assert "participant1" not in erased.email
    # the address is free again for the same meeting
    assert services.register(meeting, registration_data(1)).status == "registered"
