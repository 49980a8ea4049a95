"""What the daily reminder commands of the plugins share: --dry-run, --date (to catch
up a missed day), and how an outcome is printed."""
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class DailyCommand(BaseCommand):
    """Subclasses implement `run(today, dry_run)`."""

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what is due without sending it.")
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD), e.g. to catch up a missed day.")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date must be a date written YYYY-MM-DD.")
        self.dry_run = options["dry_run"]
        self.verbose = bool(options["verbosity"])
        self.run(today, self.dry_run)

    def run(self, today: date, dry_run: bool):
        raise NotImplementedError

    def outcome(self, sent: bool) -> str:
        if self.dry_run:
            return "due"
        return "sent" if sent else "not sent (no recipient or an error, see the log)"
