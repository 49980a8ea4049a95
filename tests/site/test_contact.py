"""The contact form: captcha and honeypot hold, a good message is stored and
mailed after commit (a failing mail server loses nothing), bad input is refused beside
the field with everything kept."""
import smtplib

import pytest
from django import forms
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import translation
from django.utils.html import escape

from contact.models import ContactPage
from tests.participation.retry import token_in
from tests.site.helpers import page_of_type

MESSAGE = "أود الاستفسار عن مواعيد جمع النفايات في حي النصر."


@pytest.fixture
def contact(demo):
    return page_of_type(demo.site_a, ContactPage)


def _valid_data(form):
    data = {}
    for name, field in form.fields.items():
        if name == "captcha":
            data.update({"captcha_0": "any-key", "captcha_1": "PASSED"})
        elif name == "website":
            continue
        elif isinstance(field, forms.EmailField):
            data[name] = "citizen@example.ma"
        elif isinstance(field, (forms.ChoiceField,)):
            data[name] = field.choices[0][0]
        else:
            data[name] = MESSAGE
    return data


def test_form_shows_captcha_honeypot_and_labels(contact, client_a):
    response = client_a.get(contact.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="captcha_1"' in html and 'name="website"' in html
    for name, field in response.context["form"].fields.items():
        if name != "captcha" and not field.widget.is_hidden:
            assert f'for="id_{name}"' in html


def test_valid_message_is_stored_mailed_and_acknowledged(contact, client_a, django_capture_on_commit_callbacks):
    form = client_a.get(contact.url).context["form"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(contact.url, _valid_data(form), follow=True)
    assert response.status_code == 200 and response.redirect_chain[0][1] == 302  # post/redirect/get
    submission = contact.get_submissions().get()
    assert "captcha" not in submission.form_data and "website" not in submission.form_data
    assert MESSAGE in str(submission.form_data.values())
    assert len(mail.outbox) == 1 and MESSAGE in mail.outbox[0].body
    assert str(submission.pk) in response.content.decode()


def test_wrong_captcha_is_refused_and_the_form_refilled(contact, client_a):
    form = client_a.get(contact.url).context["form"]
    data = _valid_data(form) | {"captcha_1": "WRONG"}
    response = client_a.post(contact.url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["captcha"]
    assert MESSAGE in response.content.decode()
    assert not contact.get_submissions().exists() and not mail.outbox


def test_honeypot_refuses_robots(contact, client_a):
    form = client_a.get(contact.url).context["form"]
    response = client_a.post(contact.url, _valid_data(form) | {"website": "http://spam.example"})
    assert response.context["form"].errors
    assert not contact.get_submissions().exists()


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_errors_are_in_the_visitors_language(contact, client_a, language):
    page = contact if language == "ar" else page_of_type(contact.get_site(), ContactPage, "fr")
    response = client_a.post(page.url, {"captcha_0": "x", "captcha_1": "PASSED"})
    assert response.status_code == 200
    with translation.override(language):
        required = str(forms.Field.default_error_messages["required"])
    assert required != "This field is required."
    assert escape(required) in response.content.decode()


@pytest.mark.parametrize("garbage", ["\x00", "ا" * 100000, "<script>alert(1)</script>", "\u202eevil"])
def test_garbage_never_gives_a_server_error(contact, client_a, garbage):
    form = client_a.get(contact.url).context["form"]
    data = dict.fromkeys(_valid_data(form), garbage) | {"captcha_0": "x", "captcha_1": "PASSED"}
    response = client_a.post(contact.url, data)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_missing_csrf_token_gives_a_clear_403_in_the_visitors_language(contact, language):
    from django.test import Client

    page = contact if language == "ar" else page_of_type(contact.get_site(), ContactPage, "fr")
    client = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1")
    response = client.post(page.url, {"captcha_0": "x", "captcha_1": "PASSED"})
    assert response.status_code == 403
    html = response.content.decode()
    assert f'lang="{language}"' in html
    with translation.override(language):
        assert escape(translation.gettext("The form has expired")) in html
    assert not contact.get_submissions().exists()


def test_the_personal_data_notice_is_on_the_form(contact, client_a):
    from base.models import CommuneSettings

    html = client_a.get(contact.url).content.decode()
    assert 'class="notice personal-data-notice"' in html
    assert CommuneSettings.for_site(contact.get_site()).cndp_reference in html


def test_rate_limit_refuses_a_burst_and_keeps_the_message(contact, client_a, settings):
    from django.core.cache import cache

    cache.clear()
    settings.JAMAA_RATE_LIMITS = {"ip": (2, 3600), "email": (2, 3600)}
    form = client_a.get(contact.url).context["form"]
    for _ in range(2):
        assert client_a.post(contact.url, _valid_data(form)).status_code == 302
    response = client_a.post(contact.url, _valid_data(form))
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert MESSAGE in response.content.decode()
    assert contact.get_submissions().count() == 2
    cache.clear()


def test_a_message_sent_twice_is_stored_and_mailed_once(contact, client_a, django_capture_on_commit_callbacks):
    """A retried POST (participation.core.idempotency) gets the same acknowledgement."""
    page = client_a.get(contact.url)
    data = _valid_data(page.context["form"]) | {"submission_token": token_in(page)}
    with django_capture_on_commit_callbacks(execute=True):
        first, retry = client_a.post(contact.url, data), client_a.post(contact.url, data)
    assert first.status_code == retry.status_code == 302 and first["Location"] == retry["Location"]
    assert contact.get_submissions().count() == 1 and len(mail.outbox) == 1
    acknowledgement = client_a.get(first["Location"])
    assert str(contact.get_submissions().get().pk) in acknowledgement.content.decode()
    assert "no-store" in acknowledgement["Cache-Control"]


def test_a_forged_acknowledgement_link_shows_the_form(contact, client_a):
    response = client_a.get(contact.url, {"sent": "1"})
    assert response.status_code == 200 and 'name="captcha_1"' in response.content.decode()


class FailingMailServer(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("the mail server went away")


def test_the_mail_is_queued_after_commit_and_sent_once(contact, client_a, django_capture_on_commit_callbacks):
    """Nothing is sent inside the request's transaction (which holds the idempotency receipt):
    the e-mail is queued when it commits, with the submission's number only, then sent once."""
    from django_tasks.signals import task_enqueued

    queued = []

    def record(sender, task_result, **kwargs):
        queued.append(task_result.args)

    task_enqueued.connect(record)
    try:
        form = client_a.get(contact.url).context["form"]
        with django_capture_on_commit_callbacks() as callbacks:
            response = client_a.post(contact.url, _valid_data(form))
            assert response.status_code == 302 and contact.get_submissions().count() == 1
            assert not mail.outbox and not queued  # not before the commit
        for callback in callbacks:
            callback()
    finally:
        task_enqueued.disconnect(record)
    submission = contact.get_submissions().get()
    assert queued == [["contact.notifications.ContactMessage", "wagtailforms", "formsubmission", submission.pk]]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [a.strip() for a in contact.to_address.split(",")] and message.subject == contact.subject
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    labels = {field.clean_name: field.label for field in contact.get_form_fields()}
    for name, value in submission.form_data.items():
        assert f"{labels[name]}: {value}" in message.body.splitlines()
    assert "PASSED" not in message.body  # the checks (captcha, honeypot, token) are not data


def test_a_failing_mail_server_loses_no_message(contact, client_a, settings, django_capture_on_commit_callbacks, caplog):
    settings.EMAIL_BACKEND = "tests.site.test_contact.FailingMailServer"
    form = client_a.get(contact.url).context["form"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(contact.url, _valid_data(form))
    assert response.status_code == 302
    assert MESSAGE in str(contact.get_submissions().get().form_data.values())
    acknowledgement = client_a.get(response["Location"])
    assert acknowledgement.status_code == 200
    assert str(contact.get_submissions().get().pk) in acknowledgement.content.decode()
    assert "SMTPServerDisconnected" in caplog.text  # the task's failure is logged for the staff to see


def test_messages_are_exported_erased_and_purged_with_the_citizens_other_data(contact, client_a, django_capture_on_commit_callbacks, settings):
    """The contact form's messages are personal data too (participation.core.personal_data):
    found by the address typed in them, erased on request, deleted after the retention period."""
    from datetime import timedelta

    from django.utils import timezone

    from participation.core import personal_data

    form = client_a.get(contact.url).context["form"]
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post(contact.url, _valid_data(form))
    message = contact.get_submissions().get()

    exported = personal_data.export("Citizen@Example.ma ")["records"]
    [record] = [r for r in exported if r["model"] == "contact.message"]
    assert record["pk"] == message.pk and MESSAGE in str(record["personal_data"].values())
    assert not [r for r in personal_data.export("someone.else@example.ma")["records"] if r["model"] == "contact.message"]

    settings.JAMAA_RETENTION_DAYS = 730
    assert personal_data.purge(dry_run=True)["contact.message"] == 0
    type(message).objects.filter(pk=message.pk).update(submit_time=timezone.now() - timedelta(days=731))
    assert personal_data.purge(dry_run=True)["contact.message"] == 1 and contact.get_submissions().exists()
    assert personal_data.purge()["contact.message"] == 1
    assert not contact.get_submissions().exists()

    with django_capture_on_commit_callbacks(execute=True):
        client_a.post(contact.url, _valid_data(client_a.get(contact.url).context["form"]))
    assert personal_data.erase("citizen@example.ma")["contact.message"] == 1
    assert not contact.get_submissions().exists()
