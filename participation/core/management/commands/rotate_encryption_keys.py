"""`manage.py rotate_encryption_keys`: re-encrypt every encrypted identity number with the
newest key of JAMAA_ENCRYPTION_KEYS (and recompute the lookup hashes with JAMAA_HASH_KEY).

Run it after putting a new key first in the list; only then remove the old key
(deploy/README.md, "Encryption keys"). See participation/core/encrypted.py."""
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from participation.core import encrypted


class Command(BaseCommand):
    help = "Re-encrypt every encrypted value with the newest key of JAMAA_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        try:
            done = encrypted.rotate_all(connection)
        except encrypted.UndecryptableValue as error:
            raise CommandError(str(error)) from None
        details = ", ".join(f"{label}: {count}" for label, count in sorted(done.items())) or "nothing"
        self.stdout.write(f"Re-encrypted {sum(done.values())} row(s) with the newest key ({details}).")
