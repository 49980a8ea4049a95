"""Stored XSS in consultations: markup and formulas in answers and in a comment are text on the
consultation's page, the admin's moderation queue, responses and inspect page, the e-mails and
the CSV exports (tests/support/xss.py)."""
import pytest
from django.urls import reverse

from participation.consultations import services
from participation.consultations.models import Response, SectionComment
from tests.participation.consultations.conftest import CAPTCHA, form_data, make_consultation, questions_by_kind
from tests.support import xss
from tests.support.hostile import hostile_client

APP = "participation_consultations"


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.JAMAA_RATE_LIMITS = {"ip": (10**9, 60), "email": (10**9, 60)}


def test_markup_in_answers_and_comments_is_text_everywhere(demo, superuser, mailoutbox, django_capture_on_commit_callbacks):
    page = make_consultation(demo.site_a, audience="associations")
    questions = questions_by_kind(page)
    client = hostile_client()
    answer = form_data(page, email="xss@example.ma") | {
        f"q{questions['short_text'].pk}": xss.PAYLOAD, f"q{questions['long_text'].pk}": xss.PAYLOAD * 2,
        "association_name": xss.PAYLOAD,
    }
    section_id = page.sections[0][0]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(page.route_path("answer"), answer).status_code == 302
        comment = {"name": xss.SHORT, "email": "xss@example.ma", "comment": xss.PAYLOAD, "consent": "on"} | CAPTCHA
        assert client.post(page.route_path("comment", section_id), comment).status_code == 302
    stored = SectionComment.objects.get(consultation=page, user_email="xss@example.ma")
    services.confirm_comment(stored)
    services.approve_comment(SectionComment.objects.get(pk=stored.pk), superuser)

    index = page.route_path("index")
    xss.check_pages(client, [index, page.route_path("comment", section_id) + f"?reply={stored.pk}"], shown=[index])
    response = Response.objects.get(consultation=page, email="xss@example.ma")
    staff = xss.admin_client(superuser)
    inspect = reverse(f"{APP}_response:inspect", args=[response.pk])
    listing, comments = reverse(f"{APP}_response:index"), reverse(f"{APP}_sectioncomment:index")
    xss.check_pages(staff, [listing, inspect, comments], shown=[inspect, comments])
    assert xss.assert_csv_safe(xss.csv_of(staff.get(listing, {"export": "csv"}))) >= 1
    written = reverse(f"{APP}_response:export_texts", args=[page.pk])
    assert xss.assert_csv_safe(xss.csv_of(staff.get(written))) >= 2
    xss.assert_mails_safe(mailoutbox)
