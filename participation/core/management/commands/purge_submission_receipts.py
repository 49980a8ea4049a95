"""`manage.py purge_submission_receipts`: delete the receipts of submissions whose idempotency
token has expired (JAMAA_SUBMISSION_TOKEN_SECONDS, a day by default): no retry can use them
any more. Run daily (deploy/daily.sh). See participation/core/idempotency.py."""
from django.core.management.base import BaseCommand

from participation.core import idempotency


class Command(BaseCommand):
    help = "Delete the receipts of submissions whose idempotency token has expired."

    def handle(self, *args, **options):
        deleted = idempotency.purge_expired()
        self.stdout.write(f"Deleted {deleted} expired submission receipt(s).")
