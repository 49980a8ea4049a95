"""Daily reminders of the answer deadlines of requests for information and the overdue
digest to the officers (deploy: jamaa-daily timer)."""
from participation.core.management.daily import DailyCommand
from participation.information.reminders import send_reminders


class Command(DailyCommand):
    help = (
        "E-mail the information officers about open requests whose answer deadline is the commune's reminder number "
        "of working days away (3 by default) or today, and send each officer one digest of their overdue requests."
    )

    def run(self, today, dry_run):
        reminders, digests = send_reminders(today, dry_run=dry_run)
        for reminder in reminders:
            request = reminder.request
            self.stdout.write(
                f"{request.reference} ({request.site.hostname}): {reminder.working_days_left} working day(s) left, "
                f"deadline {request.deadline:%Y-%m-%d} — {self.outcome(reminder.sent)}"
            )
        for digest in digests:
            references = ", ".join(r.reference for r in digest.items)
            self.stdout.write(f"overdue digest to {digest.email}: {references} — {self.outcome(digest.sent)}")
        if self.verbose:
            suffix = " (dry run)" if dry_run else ""
            self.stdout.write(
                f"{len(reminders)} reminder(s) due, {sum(r.sent for r in reminders)} sent; "
                f"{len(digests)} overdue digest(s) due, {sum(d.sent for d in digests)} sent{suffix}"
            )
