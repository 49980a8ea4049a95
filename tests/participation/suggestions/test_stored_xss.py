"""Stored XSS in the suggestions box: markup and formulas a citizen types are text on the
public list, page and RSS, the private pages, the admin's listing and inspect page, the
e-mails and the CSV export (tests/support/xss.py)."""
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from participation.core.services import perform
from participation.suggestions.forms import localized_categories
from participation.suggestions.models import Suggestion
from tests.support import xss
from tests.support.hostile import hostile_client


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.JAMAA_RATE_LIMITS = {"ip": (10**9, 60), "email": (10**9, 60)}


def test_markup_in_a_suggestion_is_text_everywhere(demo, box_a, mailoutbox, django_capture_on_commit_callbacks):
    admin = get_user_model().objects.get(username="admin")
    with translation.override("ar"):
        category = localized_categories(demo.site_a).first()
    data = {
        "kind": "report", "category": category.pk, "title": xss.PAYLOAD, "text": xss.PAYLOAD + " " + xss.PAYLOAD,
        "neighbourhood": xss.SHORT, "name": xss.PAYLOAD, "email": "xss@example.ma", "phone": "", "show_name": "on",
        "consent": "on", "captcha_0": "k", "captcha_1": "PASSED",
    }
    client = hostile_client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(box_a.route_path("submit"), data)
    assert response.status_code == 302, response.context["form"].errors
    suggestion = Suggestion.objects.get(email="xss@example.ma")
    with django_capture_on_commit_callbacks(execute=True):
        perform(suggestion, "answer", admin, public_answer=xss.PAYLOAD)

    detail = box_a.route_path("detail", suggestion.pk)
    followup = box_a.route_path("followup", suggestion.access_token)
    xss.check_pages(client, [response["Location"], followup, box_a.route_path("index"), detail, box_a.route_path("rss")],
                    shown=[detail, followup])
    staff = xss.admin_client(admin)
    inspect = reverse("participation_suggestions_suggestion:inspect", args=[suggestion.pk])
    listing = reverse("participation_suggestions_suggestion:index")
    xss.check_pages(staff, [listing, inspect], shown=[listing, inspect])
    assert xss.assert_csv_safe(xss.csv_of(staff.get(listing, {"export": "csv"}))) >= 3
    xss.assert_mails_safe(mailoutbox)
    assert any(xss.SCRIPT in message.body for message in mailoutbox)  # plain text, as typed
