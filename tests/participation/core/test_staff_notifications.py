"""Staff hear of new submissions as they chose: each one, a daily digest, or none."""
import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from participation.core.models import StaffNotificationPreference
from participation.core.staff_notifications import staff_recipients
from participation.suggestions.services import submit_suggestion

User = get_user_model()


@pytest.fixture
def officer(demo):
    return User.objects.get(username="a_participation")


def _submit(box, data, capture):
    with capture(execute=True):
        return submit_suggestion(box, data)


def test_staff_of_the_commune_get_one_email_per_submission(box_a, suggestion_data, officer, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    record = _submit(box_a, suggestion_data, django_capture_on_commit_callbacks)
    recipients = {address for message in mail.outbox for address in message.to}
    assert officer.email in recipients
    assert not any(u.email in recipients for u in User.objects.filter(username__startswith="b_"))
    assert record.reference in "".join(m.subject + m.body for m in mail.outbox if officer.email in m.to)


def test_daily_digest_instead_of_each_email(box_a, suggestion_data, officer, django_capture_on_commit_callbacks):
    StaffNotificationPreference.objects.create(user=officer, frequency="daily")
    mail.outbox.clear()
    record = _submit(box_a, suggestion_data, django_capture_on_commit_callbacks)
    assert officer.email not in staff_recipients(record)
    assert not any(officer.email in m.to for m in mail.outbox)
    mail.outbox.clear()
    call_command("send_staff_digest", verbosity=0)
    digests = [m for m in mail.outbox if m.to == [officer.email]]
    assert len(digests) == 1 and record.reference in digests[0].body
    mail.outbox.clear()
    call_command("send_staff_digest", verbosity=0)  # nothing new since the last digest
    assert not any(officer.email in m.to for m in mail.outbox)


def test_staff_choose_in_their_account_settings(officer, client):
    client.force_login(officer)
    page = client.get(reverse("wagtailadmin_account"))
    assert "participation_notifications-frequency" in page.content.decode()
    data = {
        "participation_notifications-frequency": "off",
        "name_email-first_name": officer.first_name or "x",
        "name_email-last_name": officer.last_name or "y",
        "name_email-email": officer.email,
        "locale-preferred_language": "ar",
        "locale-current_time_zone": "",
        "theme-theme": "system",
        "theme-density": "default",
        "theme-contrast": "system",
        "theme-keyboard_shortcuts": "on",
    }
    client.post(reverse("wagtailadmin_account"), data)
    assert StaffNotificationPreference.objects.get(user=officer).frequency == "off"


def test_staff_who_chose_none_get_nothing(box_a, suggestion_data, officer, django_capture_on_commit_callbacks):
    StaffNotificationPreference.objects.create(user=officer, frequency="off")
    record = _submit(box_a, suggestion_data, django_capture_on_commit_callbacks)
    assert officer.email not in staff_recipients(record)
