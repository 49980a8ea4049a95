"""manage.py create_communes N: N synthetic communes (base/synthetic.py), to measure many on one installation."""
from django.core.management.base import BaseCommand, CommandError

from base.synthetic import create_communes, hostname


class Command(BaseCommand):
    help = "Create N synthetic communes (site, page tree, settings, staff) to measure an installation serving many."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--start", type=int, default=1, help="Number of the first commune (default 1).")

    def handle(self, *args, count, start, **options):
        if count < 1 or start < 1 or start + count > 10000:
            raise CommandError("Give between 1 and 9,999 communes, numbered from 1.")
        created = create_communes(count, start)
        self.stdout.write(f"{created} commune(s) created, {count - created} existed ({hostname(start)} … {hostname(start + count - 1)})")
