"""`manage.py load_demo`: the two demo communes, their translations and staff.

Idempotent: a second run creates nothing and changes nothing. Development only
(the demo accounts have public passwords).
"""
import os

from django.core.management.base import BaseCommand, CommandError

from base.demo.loader import load_all
from base.demo.refs import DemoFixtureError


class Command(BaseCommand):
    help = "Load the demo communes (pages, translations, media, settings, staff). Safe to run again."

    def handle(self, *args, **options):
        try:
            report = load_all()
        except DemoFixtureError as exc:
            raise CommandError(f"The demo fixture is wrong: {exc}") from exc
        if options["verbosity"] == 0:
            return
        port = os.environ.get("PORT", "8000")
        write, bold = self.stdout.write, self.style.MIGRATE_HEADING
        write(bold("Demo communes"))
        for commune in report.communes:
            base = f"http://{commune.site.hostname}:{port}"
            languages = "  ".join(f"{base}/{code}/" for code in commune.languages)
            write(f"  {commune.name}: {languages}")
            write(f"    {commune.pages_created} pages and {commune.media_created} media files created in this run")
        write(bold("Admin"))
        write(f"  http://127.0.0.1:{port}/admin/")
        write(bold("Demo accounts (development only)"))
        accounts = [report.admin, *(a for commune in report.communes for a in commune.accounts)]
        user_width = max(len(a.username) for a in accounts)
        password_width = max(len(a.password) for a in accounts)
        for account in accounts:
            note = "" if account.created else "  (existed already: password as first set)"
            write(f"  {account.username.ljust(user_width)}  {account.password.ljust(password_width)}  {account.groups}{note}")
