"""Daily reminders to the people registered for tomorrow's meetings (deploy: jamaa-daily timer)."""
from participation.core.management.daily import DailyCommand
from participation.meetings.reminders import send_reminders


class Command(DailyCommand):
    help = "E-mail everyone holding a place at a meeting that starts tomorrow (Africa/Casablanca), with its calendar file."

    def run(self, today, dry_run):
        sent = send_reminders(today, dry_run=dry_run)
        for item in sent:
            registration = item.registration
            self.stdout.write(f"{registration.reference} ({registration.site.hostname}): reminder — {self.outcome(item.sent)}")
        if self.verbose:
            suffix = " (dry run)" if dry_run else ""
            self.stdout.write(f"{len(sent)} reminder(s) due, {sum(s.sent for s in sent)} sent{suffix}")
