"""Stored XSS in the contact form: markup and formulas in a message are text in the admin's
listing of messages, its CSV export (Wagtail's, made formula-safe) and the e-mail
(tests/support/xss.py)."""
import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from contact.models import ContactPage
from tests.site.helpers import page_of_type
from tests.support import xss
from tests.support.hostile import hostile_client


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.JAMAA_RATE_LIMITS = {"ip": (10**9, 60), "email": (10**9, 60)}


def test_markup_in_a_message_is_text_everywhere(demo, django_capture_on_commit_callbacks):
    contact = page_of_type(demo.site_a, ContactPage)
    form = contact.get_form(page=contact, user=None)
    data = {"captcha_0": "k", "captcha_1": "PASSED"}
    for name, field in form.fields.items():
        if isinstance(field, forms.EmailField):
            data[name] = "xss@example.ma"
        elif isinstance(field, forms.ChoiceField):
            data[name] = field.choices[-1][0]
        elif name not in ("captcha", "website"):
            data[name] = xss.PAYLOAD
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail is queued after commit
        response = hostile_client().post(contact.url, data)
    assert response.status_code in (200, 302) and contact.get_submissions().count() == 1
    staff = xss.admin_client(get_user_model().objects.get(username="admin"))
    listing = reverse("wagtailforms:list_submissions", args=[contact.pk])
    xss.check_pages(staff, [listing], shown=[listing])
    assert xss.assert_csv_safe(xss.csv_of(staff.get(listing, {"export": "csv"}))) >= 1
    xss.assert_mails_safe(mail.outbox)
