"""manage.py create_articles N --site HOST: N pages of varied Arabic text in one commune, indexed (base/synthetic.py)."""
import time

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from base.synthetic import create_articles


class Command(BaseCommand):
    help = ("Add N published pages of varied Arabic text (news articles, and standard pages under an archive page) "
            "to one commune, in bulk and indexed, to measure search and listings with many pages.")

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--site", required=True, help="Host name of the commune's site.")
        parser.add_argument("--seed", type=int, default=0, help="The same seed gives the same texts (default 0).")

    def handle(self, *args, count, site, seed, **options):
        if not 1 <= count <= 200_000:
            raise CommandError("Give between 1 and 200,000 pages.")
        found = Site.objects.filter(hostname=site).first()
        if found is None:
            raise CommandError(f"No site with the host name {site!r}.")
        started = time.perf_counter()
        try:
            create_articles(count, found, seed=seed)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{count} page(s) created and indexed in {site} in {time.perf_counter() - started:.1f} s")
