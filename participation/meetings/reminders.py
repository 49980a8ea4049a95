"""The reminder the day before a meeting, sent by `manage.py send_meeting_reminders` from
the daily job (deploy/systemd/jamaa-daily.service).

Everyone holding a place at a published, not cancelled meeting that starts tomorrow (in the
commune's time zone) gets one e-mail with the calendar file and, for an online meeting, its
link. Each meeting matches one date only, so running the job once a day sends each reminder
once, with no state to keep; --date catches up a missed day.
"""
import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

from participation.core.notifications import deliver
from participation.meetings.models import MeetingPage, Registration
from participation.meetings.workflow import RegistrationStatus

REMINDER = "participation.meetings.notifications.Reminder"


@dataclass
class Sent:
    registration: Registration
    sent: bool


def day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    zone = ZoneInfo(settings.TIME_ZONE)
    start = datetime.datetime(day.year, day.month, day.day, tzinfo=zone)
    return start, start + datetime.timedelta(days=1)


def due(today: datetime.date):
    """Registrations holding a place at a meeting that starts tomorrow."""
    start, end = day_bounds(today + datetime.timedelta(days=1))
    meetings = MeetingPage.objects.live().filter(cancelled=False, start__gte=start, start__lt=end)
    return (
        Registration.objects.filter(meeting__in=meetings, status=RegistrationStatus.REGISTERED, erased_at__isnull=True)
        .select_related("site", "meeting", "page").order_by("meeting_id", "pk")
    )


def send_reminders(today: datetime.date, *, dry_run: bool = False) -> list[Sent]:
    return [Sent(registration, False if dry_run else deliver(REMINDER, registration)) for registration in due(today)]
