"""Daily reminders of the petitions' three-month deadline to the bureau (deploy: jamaa-daily timer)."""
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from participation.petitions.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail the bureau of each commune about filed petitions whose refusal deadline is near "
        "(the commune's reminder days, 30, 7 and 1 by default) or passed yesterday."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List the reminders due without sending them.")
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD), e.g. to catch up a missed day.")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date must be a date written YYYY-MM-DD.")
        reminders = send_reminders(today, dry_run=options["dry_run"])
        for reminder in reminders:
            petition = reminder.petition
            if options["dry_run"]:
                outcome = "due"
            else:
                outcome = "sent" if reminder.sent else "not sent (no recipient or an error, see the log)"
            self.stdout.write(
                f"{petition.reference} ({petition.site.hostname}): {reminder.days_left} day(s) left, "
                f"deadline {petition.deadline:%Y-%m-%d} — {outcome}"
            )
        if options["verbosity"]:
            sent = sum(r.sent for r in reminders)
            self.stdout.write(f"{len(reminders)} reminder(s) due, {sent} sent" + (" (dry run)" if options["dry_run"] else ""))
