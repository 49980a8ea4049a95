"""The moderators' daily digest of comments awaiting a decision (deploy: jamaa-daily timer)."""
from participation.consultations.moderation import send_digests
from participation.core.management.daily import DailyCommand


class Command(DailyCommand):
    help = "E-mail each moderator the comments on consultations that wait for their decision in their communes."

    def run(self, today, dry_run):
        due = send_digests(dry_run=dry_run)
        for queue in due:
            self.stdout.write(f"{len(queue.items)} comment(s) for a moderator — {self.outcome(queue.sent)}")
        if self.verbose:
            suffix = " (dry run)" if dry_run else ""
            self.stdout.write(f"{len(due)} digest(s) due, {sum(q.sent for q in due)} sent{suffix}")
