"""E-mails to registrants and the reminder the day before (manage.py send_meeting_reminders)."""
import datetime
from io import StringIO
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.utils import timezone

from participation.meetings import services
from tests.participation.meetings.conftest import make_meeting, registration_data, translate

CASABLANCA = ZoneInfo("Africa/Casablanca")


def test_confirmation_in_the_registrant_s_language_with_private_links(meetings_a, mailoutbox, django_capture_on_commit_callbacks):
    meeting = make_meeting(meetings_a)
    french = translate(meeting, title="Atelier français")
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.register(french, registration_data(1), language="fr")
    message = mailoutbox[0]
    assert "Atelier français" in message.subject
    assert registration.reference in message.body
    assert french.get_url_parts()[2] + f"cancel/{registration.access_token}/" in message.body


def _tomorrow_at(hour):
    day = timezone.localdate() + datetime.timedelta(days=1)
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=CASABLANCA)


def test_the_reminder_goes_the_day_before_to_people_holding_a_place(meetings_a, mailoutbox):
    start = _tomorrow_at(9)
    tomorrow = make_meeting(meetings_a, start=start, end=start + datetime.timedelta(hours=2), capacity=1)
    later = make_meeting(meetings_a, days=3)
    holder = services.register(tomorrow, registration_data(1))
    services.register(tomorrow, registration_data(2))  # waiting: no reminder
    services.register(later, registration_data(3))
    mailoutbox.clear()
    out = StringIO()
    call_command("send_meeting_reminders", stdout=out)
    assert [m.to for m in mailoutbox] == [[holder.email]]
    assert mailoutbox[0].attachments[0][0] == "meeting.ics"
    assert holder.reference in out.getvalue()
    mailoutbox.clear()
    call_command("send_meeting_reminders", "--dry-run", stdout=StringIO())
    assert not mailoutbox
    call_command("send_meeting_reminders", "--date", (timezone.localdate() + datetime.timedelta(days=2)).isoformat(),
                 stdout=StringIO())
    assert [m.to for m in mailoutbox] == [["participant3@example.ma"]]
