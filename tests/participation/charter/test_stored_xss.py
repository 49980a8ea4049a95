"""Stored XSS in the charter: markup and formulas in an association's and a citizen's adhesion
are text on the private pages, the public register, the admin's listing and inspect page,
the e-mails, the CSV export and the certificate PDF (tests/support/xss.py)."""
import pytest
from django.urls import reverse

from participation.charter import services
from participation.charter.certificate import certificate_pdf
from participation.charter.models import Adhesion
from participation.core import services as core_services
from tests.participation.charter.conftest import association_form, citizen_form, pdf_file
from tests.support import xss
from tests.support.hostile import hostile_client

NS = "participation_charter_adhesion"


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.JAMAA_RATE_LIMITS = {"ip": (10**9, 60), "email": (10**9, 60)}


def test_markup_in_adhesions_is_text_everywhere(charter_a, superuser, mailoutbox, django_capture_on_commit_callbacks):
    client = hostile_client()
    association = association_form(1, association_name=xss.PAYLOAD, seat=xss.PAYLOAD, name=xss.PAYLOAD,
                                   email="xss-association@example.ma")
    citizen = citizen_form(2, name=xss.PAYLOAD, neighbourhood=xss.SHORT, show_name="on", email="xss-citizen@example.ma")
    with django_capture_on_commit_callbacks(execute=True):
        joined = client.post(charter_a.route_path("join", "association"), association | {"document": pdf_file()})
        assert joined.status_code == 302, joined.context["form"].errors
        assert client.post(charter_a.route_path("join", "citizen"), citizen).status_code == 302
        for adhesion in Adhesion.objects.filter(email__startswith="xss-"):
            services.confirm(adhesion)
        core_services.perform(Adhesion.objects.get(email="xss-association@example.ma"), "validate", superuser)
    adhesion = Adhesion.objects.get(email="xss-association@example.ma")

    register, private = charter_a.route_path("register"), charter_a.route_path("adhesion", adhesion.access_token)
    xss.check_pages(client, [register, private, charter_a.route_path("detail")], shown=[register, private])
    staff = xss.admin_client(superuser)
    inspect, listing = reverse(f"{NS}:inspect", args=[adhesion.pk]), reverse(f"{NS}:index")
    xss.check_pages(staff, [listing, inspect], shown=[listing, inspect])
    assert xss.assert_csv_safe(xss.csv_of(staff.get(listing, {"export": "csv"}))) >= 4
    xss.assert_mails_safe(mailoutbox)
    assert any(xss.PAYLOAD in message.body for message in mailoutbox)  # as typed, not "&lt;…"
    with xss.pdf_without_markup() as written:
        assert certificate_pdf(adhesion).startswith(b"%PDF")
    assert any(xss.PAYLOAD in text for text in written)
