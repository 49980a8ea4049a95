"""Hostile input on the contact form (a Wagtail form-builder form): never a 500, and every
message stored passes the form's own field rules and the text rules
(participation.core.text; tests/support/hostile.py)."""
import pytest
from wagtail.contrib.forms.models import FormSubmission

from contact.models import ContactPage
from participation.core.text import apply_text_cleaning, text_kind
from tests.site.helpers import page_of_type
from tests.site.test_contact import _valid_data
from tests.support import hostile

CAPTCHA = {"captcha_0": "any-key", "captcha_1": "PASSED"}


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.JAMAA_RATE_LIMITS = {"ip": (10**9, 60), "email": (10**9, 60)}


@pytest.fixture
def contact(demo):
    return page_of_type(demo.site_a, ContactPage)


def _checks(contact) -> dict:
    form = contact.get_form(page=contact, user=None)
    apply_text_cleaning(form)

    def check(submission):
        submission.full_clean()
        for name, value in submission.form_data.items():
            field = form.fields[name]
            cleaned = field.clean(value)
            if text_kind(field):
                assert cleaned == value, f"{name}: {value!r} is cleaned to {cleaned!r}"

    return {FormSubmission: check}


def _valid(contact) -> dict:
    data = _valid_data(contact.get_form(page=contact, user=None)) | {"website": ""}
    return {k: v for k, v in data.items() if k not in CAPTCHA}


def test_contact_form_with_hostile_input(contact):
    client, url, checks = hostile.hostile_client(), contact.url, _checks(contact)
    hostile.fuzz(hostile.spoiled(_valid(contact)), lambda data: hostile.send(client, url, checks, data | CAPTCHA))


def test_contact_form_with_invalid_utf8(contact):
    hostile.fuzz_raw(hostile.hostile_client(), contact.url, _valid(contact) | CAPTCHA, _checks(contact))


def test_a_name_of_invisible_characters_only_is_refused(contact, client_a):
    form = contact.get_form(page=contact, user=None)
    line = next(name for name, field in form.fields.items() if text_kind(field) == "line" and field.required)
    response = client_a.post(contact.url, _valid(contact) | CAPTCHA | {line: "\u200b\u202e\u2066\u3164"})
    assert response.status_code == 200 and line in response.context["form"].errors
    assert not contact.get_submissions().exists()
