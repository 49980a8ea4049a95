"""Reminders of the answer deadlines of law 31.13 to the information officer, sent
by `manage.py send_information_reminders` from the daily job
(deploy/systemd/jamaa-daily.service).

- A request the officer still has to answer (workflow.OPEN) gets a reminder when
  its deadline is exactly the commune's `reminder_working_days` working days away
  (InformationSettings, 3 by default) and again on the deadline day itself, both
  counted on working days only (on a weekend or a closure day the count is the
  same as on the working day before it, so those days never remind). Each
  matches one date only, so running the job once a day sends each reminder once,
  with no state to keep.
- Overdue requests (open, deadline passed) are not reminded one by one: each
  officer gets one digest a day listing the overdue requests of their communes.
  Officers are the active staff holding `handle_informationrequest` (scoped to
  their communes), plus each commune's information officer address from its
  settings (for that commune's requests).
"""
import logging
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from participation.core import scoping
from participation.core.calendar import is_working_day, working_days_between
from participation.core.commune import commune_settings
from participation.core.notifications import Digest, DigestNotification, admin_url, deliver
from participation.core.staff_notifications import staff_with
from participation.information.models import InformationRequest, InformationSettings
from participation.information.overview import CalendarCache
from participation.information.workflow import HANDLE, OPEN

logger = logging.getLogger("jamaa.information")

REMINDER = "participation.information.notifications.DeadlineReminder"
DIGEST = "participation.information.reminders.OverdueDigest"


@dataclass
class Reminder:
    request: InformationRequest
    working_days_left: int
    sent: bool = False


class OverdueDigest(DigestNotification):
    """One e-mail to one officer listing the overdue requests of their communes."""

    template_prefix = "participation_information/email/overdue_digest"

    def context(self):
        today = timezone.localdate()
        return {
            "digest": self.record,
            "count": len(self.record.items),
            "items": [
                {"request": r, "days_late": (today - r.deadline).days, "admin_url": admin_url(r)} for r in self.record.items
            ],
        }


def due_reminders(today: date) -> list[Reminder]:
    """Open requests whose deadline is today or exactly their commune's reminder
    number of working days away (on working days only: see the module docstring)."""
    calendar, reminder_days, due = CalendarCache(), {}, []
    requests = (
        InformationRequest.objects.filter(status__in=OPEN, deadline__gte=today)
        .select_related("site").order_by("deadline", "pk")
    )
    for request in requests:
        if request.site_id not in reminder_days:
            reminder_days[request.site_id] = InformationSettings.for_site(request.site).reminder_working_days
        days = calendar.closures(request.site, today.year, request.deadline.year)
        if not is_working_day(today, days):
            continue
        left = working_days_between(today, request.deadline, days)
        if request.deadline == today or left == reminder_days[request.site_id]:
            due.append(Reminder(request, left))
    return due


def overdue_digests(today: date) -> list[Digest]:
    """One digest per officer with overdue requests in their communes."""
    overdue = list(
        InformationRequest.objects.filter(status__in=OPEN, deadline__lt=today).select_related("site").order_by("deadline", "pk")
    )
    if not overdue:
        return []
    digests: dict[str, Digest] = {}
    for user in staff_with(HANDLE):
        site_ids = scoping.site_ids_for_user(user)
        mine = [r for r in overdue if site_ids is None or r.site_id in site_ids]
        if mine:
            digests[user.email.lower()] = Digest.for_user(user, mine)
    # each commune's information officer named in its settings, for that commune's requests
    by_site: dict[int, list] = {}
    for request in overdue:
        by_site.setdefault(request.site_id, []).append(request)
    for requests in by_site.values():
        commune = commune_settings(requests[0].site)
        address = (getattr(commune, "information_officer_email", "") or "") if commune else ""
        if not address:
            continue
        digest = digests.setdefault(address.lower(), Digest(address))
        known = {r.pk for r in digest.items}
        digest.items.extend(r for r in requests if r.pk not in known)
    return list(digests.values())


def send_reminders(today: date, *, dry_run: bool = False) -> tuple[list[Reminder], list[Digest]]:
    """Send the reminders due `today` (DeadlineReminder) and the overdue digests; one
    failure is logged and does not stop the others."""
    reminders, digests = due_reminders(today), overdue_digests(today)
    if dry_run:
        return reminders, digests
    for reminder in reminders:
        try:
            reminder.sent = deliver(REMINDER, reminder.request)
        except Exception:  # a mail server error must not stop the other communes' reminders
            logger.exception("information deadline reminder failed for %s", reminder.request.reference)
    for digest in digests:
        try:
            digest.sent = deliver(DIGEST, digest)
        except Exception:
            logger.exception("overdue digest failed for %s", digest.email)
    return reminders, digests
