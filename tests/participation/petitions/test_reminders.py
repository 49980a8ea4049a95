"""Reminders of the three-month deadline to the bureau: on the commune's reminder
days before it (30, 7, 1 by default) and the day after it passed, for filed
petitions only, to the bureau of the petition's commune only."""
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone

from participation.petitions.models import Petition, PetitionSettings
from participation.petitions.notifications import DeadlineReminder
from participation.petitions.reminders import due_reminders, send_reminders


def _with_days_left(petition, days, today):
    Petition.objects.filter(pk=petition.pk).update(deadline=today + timedelta(days=days))
    return Petition.objects.get(pk=petition.pk)


def _templates_written() -> bool:
    try:
        get_template("participation_petitions/email/deadline_reminder.txt")
        get_template("participation_petitions/email/deadline_reminder_subject.txt")
    except TemplateDoesNotExist:
        return False
    return True


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.mark.parametrize(("days", "due"), [(30, True), (7, True), (1, True), (-1, True), (31, False), (8, False),
                                           (2, False), (0, False), (-2, False), (-30, False), (60, False)])
def test_reminder_days(make_petition, petitions_a, today, days, due):
    petition = _with_days_left(make_petition(petitions_a, "filed"), days, today)
    reminders = due_reminders(today)
    assert [r.petition.pk for r in reminders] == ([petition.pk] if due else [])
    if due:
        assert reminders[0].days_left == days


def test_only_filed_petitions_get_reminders(make_petition, petitions_a, today):
    for status in ("open", "admissible", "inadmissible", "committee"):
        petition = make_petition(petitions_a, status)
        _with_days_left(petition, 7, today)
    assert due_reminders(today) == []


def test_each_commune_s_reminder_days(make_petition, petitions_a, petitions_b, today, demo):
    settings = PetitionSettings.for_site(demo.site_b)
    settings.reminder_days = "15"
    settings.save()
    a_7 = _with_days_left(make_petition(petitions_a, "filed"), 7, today)
    b_7 = _with_days_left(make_petition(petitions_b, "filed"), 7, today)
    b_15 = _with_days_left(make_petition(petitions_b, "filed"), 15, today)
    b_late = _with_days_left(make_petition(petitions_b, "filed"), -1, today)
    assert {r.petition.pk for r in due_reminders(today)} == {a_7.pk, b_15.pk, b_late.pk}
    assert b_7.pk not in {r.petition.pk for r in due_reminders(today)}


def test_a_reminder_is_due_once_as_days_go_by(make_petition, petitions_a, today):
    petition = _with_days_left(make_petition(petitions_a, "filed"), 40, today)
    days_due = [
        (petition.deadline - day).days
        for day in (today + timedelta(days=n) for n in range(0, 45))
        if any(r.petition.pk == petition.pk for r in due_reminders(day))
    ]
    assert days_due == [30, 7, 1, -1]


def test_the_reminder_goes_to_the_bureau_of_the_petition_s_commune_only(make_petition, petitions_a, today, demo):
    settings = PetitionSettings.for_site(demo.site_a)
    settings.bureau_email = "bureau@commune-a.example.ma"
    settings.save()
    petition = _with_days_left(make_petition(petitions_a, "filed"), 7, today)
    recipients = set(DeadlineReminder(petition).recipients())
    assert "bureau@commune-a.example.ma" in recipients
    assert "a.bureau@" in " ".join(recipients)  # the demo bureau account of commune A
    assert not any(address.startswith(("b.", "a.participation", "a.editor", "a.information")) for address in recipients)
    assert petition.agent_cin not in " ".join(recipients) and petition.email not in recipients

    if not _templates_written():
        pytest.skip("the petitions' e-mail templates are not written yet")
    mail.outbox.clear()
    reminders = send_reminders(today)
    assert [r.sent for r in reminders] == [True]
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == recipients
    assert petition.reference in mail.outbox[0].subject + mail.outbox[0].body


def test_no_reminder_no_mail(make_petition, petitions_a, today):
    _with_days_left(make_petition(petitions_a, "filed"), 12, today)
    mail.outbox.clear()
    assert send_reminders(today) == []
    assert mail.outbox == []


def test_the_command_dry_run_lists_without_sending(make_petition, petitions_a, today):
    petition = _with_days_left(make_petition(petitions_a, "filed"), 30, today)
    mail.outbox.clear()
    out = StringIO()
    call_command("send_petition_reminders", "--dry-run", stdout=out)
    assert petition.reference in out.getvalue()
    assert "1 reminder(s) due, 0 sent (dry run)" in out.getvalue()
    assert mail.outbox == []


def test_the_command_sends_and_reports(make_petition, petitions_a, today):
    petition = _with_days_left(make_petition(petitions_a, "filed"), 1, today)
    out = StringIO()
    call_command("send_petition_reminders", stdout=out)
    assert petition.reference in out.getvalue()
    if _templates_written():
        assert "1 reminder(s) due, 1 sent" in out.getvalue()
    out = StringIO()
    call_command("send_petition_reminders", "--date", str(today + timedelta(days=1)), "--dry-run", stdout=out)
    assert "0 reminder(s) due" in out.getvalue()  # the deadline day itself: no reminder


def test_the_command_refuses_a_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_petition_reminders", "--date", "2026-02-30")
