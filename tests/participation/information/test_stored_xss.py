"""Stored XSS in requests for information: markup and formulas in a request, the requester's
messages and complaint are text on the private pages, the public register, the admin's
listing and inspect page, the e-mails and the CSV export (tests/support/xss.py)."""
import pytest
from django.urls import reverse

from participation.core import services
from participation.information.models import InformationRequest
from tests.participation.information.conftest import request_data
from tests.support import xss
from tests.support.hostile import hostile_client

NS = "participation_information_informationrequest"


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.JAMAA_RATE_LIMITS = {"ip": (10**9, 60), "email": (10**9, 60)}


def test_markup_in_a_request_is_text_everywhere(information_a, superuser, mailoutbox, django_capture_on_commit_callbacks):
    data = {key: value for key, value in request_data().items() if key not in ("urgent", "register_opt_out")} | {
        "subject": xss.PAYLOAD, "information_requested": xss.PAYLOAD * 2, "name": xss.PAYLOAD, "address": xss.PAYLOAD,
        "email": "xss@example.ma", "consent": "on", "captcha_0": "k", "captcha_1": "PASSED",
    }
    client = hostile_client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(information_a.route_path("submit"), data)
    assert response.status_code == 302, response.context["form"].errors
    record = InformationRequest.objects.get(email="xss@example.ma")
    followup = information_a.route_path("followup", record.access_token)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(followup, {"action": "message", "message-text": xss.PAYLOAD}).status_code == 302
        services.perform(record, "take", superuser)
        services.perform(InformationRequest.objects.get(pk=record.pk), "answer", superuser, public_answer=xss.PAYLOAD)
        assert client.post(followup, {"action": "complain", "complaint-text": xss.PAYLOAD}).status_code == 302

    register = information_a.route_path("register_detail", record.pk)
    xss.check_pages(client, [response["Location"], followup, information_a.route_path("register"), register],
                    shown=[followup, register])
    staff = xss.admin_client(superuser)
    inspect, listing = reverse(f"{NS}:inspect", args=[record.pk]), reverse(f"{NS}:index")
    xss.check_pages(staff, [listing, inspect], shown=[listing, inspect])
    assert xss.assert_csv_safe(xss.csv_of(staff.get(listing, {"export": "csv"}))) >= 1
    xss.assert_mails_safe(mailoutbox)
