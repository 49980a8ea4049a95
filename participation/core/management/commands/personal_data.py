"""`manage.py personal_data export <email>` and `manage.py personal_data erase <email>`:
what every plugin holds about one person, as JSON, or anonymised (law 09-08's rights of
access and opposition; LEGAL.md §4). See participation/core/personal_data.py."""
import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import validate_email

from participation.core import access_log, personal_data


class Command(BaseCommand):
    help = "Export (JSON) or erase (anonymise) the personal data held about one e-mail address, across all plugins."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("email", help="The person's e-mail address (matched whatever its case).")
        parser.add_argument(
            "--no-input", "--noinput", action="store_false", dest="interactive", help="erase: do not ask for confirmation."
        )

    def handle(self, *args, action, email, interactive=True, **options):
        email = email.strip()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"Not an e-mail address: {email!r}")
        if action == "export":
            data = personal_data.export(email)
            # who ran it is the server's business; what was taken away is logged (never the address)
            access_log.record(None, access_log.Action.EXPORT, rows=data["count"], detail="personal_data export")
            self.stdout.write(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
            return
        found = personal_data.export(email)["records"]
        if not found:
            self.stdout.write("Nothing is held about this address (already erased, or never given).")
            return
        if interactive:
            self.stdout.write(f"{len(found)} record(s) hold this address:")
            for record in found:
                self.stdout.write(f"  {record['model']} {record.get('reference') or record.get('suggestion') or ''} (pk {record['pk']})")
            answer = input("Their personal fields will be anonymised for good. Type 'yes' to continue: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Erasure cancelled.")
        counts = personal_data.erase(email)
        total = sum(counts.values())
        details = ", ".join(f"{label}: {count}" for label, count in sorted(counts.items()))
        self.stdout.write(self.style.SUCCESS(f"Anonymised {total} record(s) ({details}). Statuses, dates and counts are kept."))
