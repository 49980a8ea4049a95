"""`manage.py purge_personal_data`: anonymise the personal data of records closed for
longer than the retention period (settings.JAMAA_RETENTION_DAYS, 730 days by default).
Run daily (deploy/systemd/jamaa-purge.timer). See participation/core/personal_data.py."""
from django.core.management.base import BaseCommand, CommandError

from participation.core import personal_data


class Command(BaseCommand):
    help = "Anonymise personal data of records closed for longer than JAMAA_RETENTION_DAYS."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Retention in days (default: JAMAA_RETENTION_DAYS).")
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be anonymised.")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = personal_data.retention_days() if days is None else days
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        counts = personal_data.purge(days, dry_run=dry_run)
        total = sum(counts.values())
        details = ", ".join(f"{label}: {count}" for label, count in sorted(counts.items())) or "nothing"
        verb = "Would anonymise" if dry_run else "Anonymised"
        self.stdout.write(f"{verb} {total} record(s) closed more than {days} days ago ({details}).")
