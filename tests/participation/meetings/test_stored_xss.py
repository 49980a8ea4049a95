"""Stored XSS in meeting registrations: markup and formulas in a registration are text on the
private page, the admin's listing and inspect page, the e-mails and the CSV export
(tests/support/xss.py)."""
import pytest
from django.urls import reverse

from participation.meetings.models import Registration
from tests.participation.meetings.conftest import form_data
from tests.support import xss
from tests.support.hostile import hostile_client

NS = "participation_meetings_registration"


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.JAMAA_RATE_LIMITS = {"ip": (10**9, 60), "email": (10**9, 60)}


def test_markup_in_a_registration_is_text_everywhere(meeting, superuser, mailoutbox, django_capture_on_commit_callbacks):
    client = hostile_client()
    data = form_data(name=xss.PAYLOAD, association=xss.PAYLOAD, email="xss@example.ma")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(meeting.route_path("register"), data)
    assert response.status_code == 302, response.context["form"].errors
    registration = Registration.objects.get(email="xss@example.ma")
    private = response["Location"]
    xss.check_pages(client, [private, meeting.route_path("detail")])
    staff = xss.admin_client(superuser)
    inspect, listing = reverse(f"{NS}:inspect", args=[registration.pk]), reverse(f"{NS}:index")
    xss.check_pages(staff, [listing, inspect], shown=[listing, inspect])
    export = staff.get(listing, {"export": "csv", "meeting": registration.meeting_id})
    assert xss.assert_csv_safe(xss.csv_of(export)) >= 2
    xss.assert_mails_safe(mailoutbox)
