"""Reminders of the three-month deadline (organic law 113.14, art. 125) to the
bureau of the petition's commune, sent by `manage.py send_petition_reminders`
from the daily job (deploy/systemd/jamaa-daily.service).

A filed petition on which the bureau has not decided gets a reminder on each of
its commune's reminder days before the deadline (PetitionSettings.reminder_days,
"30, 7, 1" by default) and once the day after the deadline passed. Each day
number matches on one date only, so running the job once a day sends each
reminder once, with no state to keep.
"""
import logging
from dataclasses import dataclass
from datetime import date, timedelta

from participation.core.notifications import deliver
from participation.petitions.models import Petition, PetitionSettings
from participation.petitions.workflow import PetitionStatus

logger = logging.getLogger("jamaa.petitions")

REMINDER = "participation.petitions.notifications.DeadlineReminder"
#: the day after the deadline: the petition has become overdue
OVERDUE_DAY = -1


@dataclass
class Reminder:
    petition: Petition
    days_left: int
    sent: bool = False


def due_reminders(today: date) -> list[Reminder]:
    """The reminders due `today`: filed petitions whose days left are one of their
    commune's reminder days, or that became overdue yesterday."""
    settings_by_site: dict[int, PetitionSettings] = {}
    due = []
    petitions = (
        Petition.objects.filter(status=PetitionStatus.FILED, deadline__gte=today + timedelta(days=OVERDUE_DAY))
        .select_related("site")
        .order_by("deadline", "pk")
    )
    for petition in petitions:
        if petition.site_id not in settings_by_site:
            settings_by_site[petition.site_id] = PetitionSettings.for_site(petition.site)
        settings = settings_by_site[petition.site_id]
        petition.__dict__["petition_settings"] = settings  # the cached_property, looked up once per commune
        days = petition.days_left(today)
        if days == OVERDUE_DAY or (days is not None and days in settings.reminder_day_list):
            due.append(Reminder(petition, days))
    return due


def send_reminders(today: date, *, dry_run: bool = False) -> list[Reminder]:
    """Send each reminder due `today` to the bureau (DeadlineReminder); one failure
    is logged and does not stop the others."""
    reminders = due_reminders(today)
    if dry_run:
        return reminders
    for reminder in reminders:
        try:
            reminder.sent = deliver(REMINDER, reminder.petition)
        except Exception:  # a mail server error must not stop the other communes' reminders
            logger.exception("petition deadline reminder failed for %s", reminder.petition.reference)
    return reminders
