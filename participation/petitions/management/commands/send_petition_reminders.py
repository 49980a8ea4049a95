"""Daily reminders of the petitions' three-month deadline to the bureau (deploy: jamaa-daily timer)."""
from participation.core.management.daily import DailyCommand
from participation.petitions.reminders import send_reminders


class Command(DailyCommand):
    help = (
        "E-mail the bureau of each commune about filed petitions whose refusal deadline is near "
        "(the commune's reminder days, 30, 7 and 1 by default) or passed yesterday."
    )

    def run(self, today, dry_run):
        reminders = send_reminders(today, dry_run=dry_run)
        for reminder in reminders:
            petition = reminder.petition
            self.stdout.write(
                f"{petition.reference} ({petition.site.hostname}): {reminder.days_left} day(s) left, "
                f"deadline {petition.deadline:%Y-%m-%d} — {self.outcome(reminder.sent)}"
            )
        if self.verbose:
            sent = sum(r.sent for r in reminders)
            self.stdout.write(f"{len(reminders)} reminder(s) due, {sent} sent" + (" (dry run)" if dry_run else ""))
