"""Reminders of the answer deadline to the information officer: the commune's number
of working days before it (3 by default) and on the deadline day, for requests the
officer still has to answer, on working days only; and one daily digest of
overdue requests per officer, listing the requests of their communes only."""
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from participation.core.calendar import add_working_days, closures_around, is_working_day
from participation.information.models import InformationRequest, InformationSettings
from participation.information.notifications import DeadlineReminder
from participation.information.reminders import due_reminders, overdue_digests, send_reminders

#: a Wednesday with no holiday around it
TODAY = date(2026, 12, 2)


@pytest.fixture(autouse=True)
def only_these_requests(demo):
    """The demo's requests have real dates; each test here makes its own."""
    InformationRequest.objects.all().delete()


def _due_in(record, working_days, today=TODAY):
    closures = closures_around(today, record.site)
    deadline = add_working_days(today, working_days, closures) if working_days >= 0 else today - timedelta(days=-working_days)
    InformationRequest.objects.filter(pk=record.pk).update(deadline=deadline)
    return InformationRequest.objects.get(pk=record.pk)


def _templates_written() -> bool:
    try:
        get_template("participation_information/email/deadline_reminder.txt")
        get_template("participation_information/email/deadline_reminder_subject.txt")
    except TemplateDoesNotExist:
        return False
    return True


@pytest.mark.parametrize(("working_days", "due"), [(0, True), (1, False), (2, False), (3, True), (4, False), (10, False),
                                                   (-1, False), (-20, False)])
def test_reminder_days(make_request, information_a, working_days, due):
    record = _due_in(make_request(information_a, "take"), working_days)
    reminders = due_reminders(TODAY)
    assert [r.request.pk for r in reminders] == ([record.pk] if due else [])
    if due:
        assert reminders[0].working_days_left == working_days


@pytest.mark.parametrize(("steps", "due"), [((), True), (("take",), True), (("take", "extend"), True),
                                            (("ask_clarification",), False), (("take", "answer"), False),
                                            (("refuse",), False), (("transfer",), False)])
def test_only_requests_the_officer_still_has_to_answer(make_request, information_a, steps, due):
    record = _due_in(make_request(information_a, *steps), 3)
    assert bool(due_reminders(TODAY)) is due
    assert [r.request.pk for r in due_reminders(TODAY)] == ([record.pk] if due else [])


def test_each_commune_s_reminder_days(make_request, information_a, information_b, demo):
    settings = InformationSettings.for_site(demo.site_b)
    settings.reminder_working_days = 5
    settings.save()
    a_3 = _due_in(make_request(information_a), 3)
    b_3 = _due_in(make_request(information_b), 3)
    b_5 = _due_in(make_request(information_b), 5)
    b_today = _due_in(make_request(information_b), 0)
    assert {r.request.pk for r in due_reminders(TODAY)} == {a_3.pk, b_5.pk, b_today.pk}
    assert b_3.pk not in {r.request.pk for r in due_reminders(TODAY)}


def test_a_reminder_is_due_once_as_days_go_by_and_never_on_a_weekend(make_request, information_a, demo):
    record = _due_in(make_request(information_a), 8)
    closures = closures_around(TODAY, demo.site_a)
    days_due = [
        day for day in (TODAY + timedelta(days=n) for n in range(0, 30))
        if any(r.request.pk == record.pk for r in due_reminders(day))
    ]
    three_before = TODAY
    while add_working_days(three_before, 3, closures) != record.deadline:
        three_before += timedelta(days=1)
    assert days_due == [three_before, record.deadline]
    assert all(is_working_day(day, closures) for day in days_due)


def test_a_closure_day_counts_like_a_weekend(make_request, information_a, demo):
    from participation.core.models import ClosureDay

    record = _due_in(make_request(information_a), 3)
    ClosureDay.objects.create(site=demo.site_a, day=TODAY + timedelta(days=1), label="عطلة استثنائية")
    # the deadline stored on the record does not move; one more closure day before it: 2 working days left
    assert due_reminders(TODAY) == []
    assert [r.request.pk for r in due_reminders(TODAY - timedelta(days=1))] == [record.pk]


def test_the_reminder_goes_to_the_officers_of_the_request_s_commune_only(make_request, information_a):
    record = _due_in(make_request(information_a), 3)
    recipients = set(DeadlineReminder(record).recipients())
    assert "information@ain-zitoune.example" in recipients  # the commune's settings
    assert any(address.startswith("a.information@") for address in recipients)  # the demo officer of commune A
    assert not any(address.startswith(("b.", "a.bureau", "a.participation", "a.editor")) for address in recipients)
    assert record.email not in recipients


def test_one_overdue_digest_per_officer_with_their_communes_requests(make_request, information_a, information_b):
    late_a = _due_in(make_request(information_a, "take"), -2)
    later_a = _due_in(make_request(information_a), -10)
    late_b = _due_in(make_request(information_b, "take", "extend"), -1)
    _due_in(make_request(information_a, "take", "answer"), -5)  # answered: not overdue
    _due_in(make_request(information_a, "ask_clarification"), -5)  # the clock stands still
    _due_in(make_request(information_a), 1)  # not yet

    digests = {d.email: [r.pk for r in d.items] for d in overdue_digests(TODAY)}
    a_officer = next(address for address in digests if address.startswith("a.information@"))
    b_officer = next(address for address in digests if address.startswith("b.information@"))
    assert digests[a_officer] == [later_a.pk, late_a.pk]  # the oldest deadline first
    assert digests[b_officer] == [late_b.pk]
    assert digests["information@ain-zitoune.example"] == [later_a.pk, late_a.pk]
    assert digests["information@ait-ouassif.example"] == [late_b.pk]
    assert not any(address.startswith(("a.bureau", "b.bureau", "a.editor", "admin@")) for address in digests)


def test_no_overdue_no_digest(make_request, information_a):
    _due_in(make_request(information_a), 4)
    assert overdue_digests(TODAY) == []
    mail.outbox.clear()
    assert send_reminders(TODAY) == ([], [])
    assert mail.outbox == []


def test_the_digest_mail_lists_the_requests_with_links(make_request, information_a):
    late = _due_in(make_request(information_a), -3)
    mail.outbox.clear()
    _reminders, digests = send_reminders(TODAY)
    assert digests and all(d.sent for d in digests)
    to_officer = [m for m in mail.outbox if any(a.startswith("a.information@") for a in m.to)]
    assert len(to_officer) == 1
    body = to_officer[0].body
    assert late.reference in body and late.subject in body
    assert f"/inspect/{late.pk}/" in body
    assert late.name not in body and late.id_number not in body and late.email not in body


def test_the_reminder_mail(make_request, information_a):
    if not _templates_written():
        pytest.skip("the information e-mail templates are not written yet")
    record = _due_in(make_request(information_a), 3)
    mail.outbox.clear()
    reminders, _digests = send_reminders(TODAY)
    assert [r.sent for r in reminders] == [True]
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == set(DeadlineReminder(record).recipients())
    assert record.reference in mail.outbox[0].subject + mail.outbox[0].body


def test_the_command_dry_run_lists_without_sending(make_request, information_a):
    soon = _due_in(make_request(information_a), 3)
    late = _due_in(make_request(information_a), -2)
    mail.outbox.clear()
    out = StringIO()
    call_command("send_information_reminders", "--dry-run", "--date", TODAY.isoformat(), stdout=out)
    text = out.getvalue()
    assert soon.reference in text and late.reference in text
    assert "1 reminder(s) due, 0 sent; 2 overdue digest(s) due, 0 sent (dry run)" in text  # the officer and the commune's address
    assert mail.outbox == []


def test_the_command_sends_and_reports(make_request, information_a):
    _due_in(make_request(information_a), -1)
    out = StringIO()
    call_command("send_information_reminders", "--date", TODAY.isoformat(), stdout=out)
    assert "2 overdue digest(s) due, 2 sent" in out.getvalue()
    out = StringIO()
    call_command("send_information_reminders", "--date", (TODAY - timedelta(days=5)).isoformat(), "--dry-run", stdout=out)
    assert "0 reminder(s) due" in out.getvalue() and "0 overdue digest(s)" in out.getvalue()


def test_the_command_refuses_a_bad_date(db):
    with pytest.raises(CommandError):
        call_command("send_information_reminders", "--date", "2026-02-30")
