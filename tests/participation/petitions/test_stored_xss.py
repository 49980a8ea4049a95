"""Stored XSS in petitions: markup and formulas in a petition and in a signature are text on
the public and private pages, the admin's listing, inspect and signatures pages, the e-mails,
the CSV exports and the receipt PDF (tests/support/xss.py)."""
import pytest
from django.urls import reverse

from participation.core import services
from participation.petitions import services as petition_services
from participation.petitions.models import Petition
from participation.petitions.receipt import receipt_pdf
from tests.participation.petitions.conftest import petition_data, signatory
from tests.support import xss
from tests.support.hostile import hostile_client

NS = "participation_petitions_petition"


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.JAMAA_RATE_LIMITS = {"ip": (10**9, 60), "email": (10**9, 60)}


def test_markup_in_a_petition_and_its_signatures_is_text_everywhere(petitions_a, superuser, mailoutbox,
                                                                    django_capture_on_commit_callbacks):
    data = {key: value for key, value in petition_data().items() if key != "show_name"} | {
        "title": xss.PAYLOAD, "reasons": xss.PAYLOAD * 2, "objectives": xss.PAYLOAD, "requested_item": xss.PAYLOAD,
        "name": xss.PAYLOAD, "agent_address": xss.PAYLOAD, "email": "xss@example.ma", "show_name": "on",
        "consent": "on", "captcha_0": "k", "captcha_1": "PASSED",
    }
    client = hostile_client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(petitions_a.route_path("start"), data)
    assert response.status_code == 302, response.context["form"].errors
    petition = Petition.objects.get(email="xss@example.ma")
    with django_capture_on_commit_callbacks(execute=True):
        petition = services.perform(petition, "open", superuser)
        petition_services.sign(petition, signatory(name=xss.PAYLOAD, address=xss.PAYLOAD, activity=xss.SHORT))

    detail = petitions_a.route_path("detail", petition.pk)
    manage = petitions_a.route_path("manage", petition.access_token)
    xss.check_pages(client, [response["Location"], manage, petitions_a.route_path("index"), detail], shown=[detail, manage])
    staff = xss.admin_client(superuser)
    inspect, listing = reverse(f"{NS}:inspect", args=[petition.pk]), reverse(f"{NS}:index")
    signatures = reverse(f"{NS}:signatures", args=[petition.pk])
    xss.check_pages(staff, [listing, inspect, signatures], shown=[inspect, signatures])
    assert xss.assert_csv_safe(xss.csv_of(staff.get(listing, {"export": "csv"}))) >= 2
    assert xss.assert_csv_safe(xss.csv_of(staff.get(reverse(f"{NS}:export_signatures", args=[petition.pk])))) >= 2
    xss.assert_mails_safe(mailoutbox)
    with xss.pdf_without_markup() as written:
        assert receipt_pdf(petition).startswith(b"%PDF")
    assert xss.PAYLOAD in written  # written as it is, as text
