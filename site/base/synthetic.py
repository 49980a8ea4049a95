"""Synthetic communes, to measure an installation serving many (`manage.py create_communes N`).

Each one is what a commune starts with: its Site (commune-NNNN.jamaa.test), an Arabic home page
with a news section (three articles) and a standard page, its settings, its collection, and its
staff groups and accounts (the demo roles, with page permissions on its tree). Participation plugins
are left for the commune to place. Idempotent: a commune whose Site exists is skipped. Not for
production data: the accounts get the demo password.
"""
import datetime

from django.db import transaction
from wagtail.models import Locale, Page, Site

HOST = "commune-{:04d}.jamaa.test"


def hostname(number: int) -> str:
    return HOST.format(number)


def create_commune(number: int) -> Site | None:
    """Commune `number`, or None when it exists already."""
    from base.demo import media, staff
    from base.models import CommuneSettings
    from home.models import HomePage
    from news.models import NewsIndexPage, NewsPage
    from pages.models import StandardPage

    if Site.objects.filter(hostname=hostname(number)).exists():
        return None
    name = f"جماعة تجريبية {number}"
    with transaction.atomic():
        home = HomePage(title=name, slug=f"synthetic-{number:04d}", locale=Locale.get_default(),
                        intro=f"<p>الموقع الرسمي لـ{name}.</p>")
        Page.get_first_root_node().add_child(instance=home)
        news = home.add_child(instance=NewsIndexPage(title="الأخبار", slug="news", intro="آخر أخبار الجماعة."))
        for n in range(1, 4):
            news.add_child(instance=NewsPage(title=f"خبر رقم {n}", slug=f"news-{n}", intro=f"ملخص الخبر رقم {n}.",
                                             date=datetime.date(2026, 1, n)))
        home.add_child(instance=StandardPage(title="تقديم الجماعة", slug="about"))
        for page in home.get_descendants(inclusive=True).specific():
            page.save_revision().publish()
        site = Site.objects.create(hostname=hostname(number), port=80, root_page=home, site_name=name)
        CommuneSettings.objects.create(site=site, name_ar=name, name_fr=f"Commune synthétique {number}", population=20000)
        collection, _ = media.get_or_create_collection(f"synthetic-{number:04d}")
        groups = staff.ensure_groups(name, home, collection, site)
        staff.ensure_users(f"synthetic{number:04d}", {}, groups, "synthetic.jamaa.test")
    return site


def create_communes(count: int, start: int = 1) -> int:
    """Communes start … start + count - 1; returns how many were created."""
    created = sum(create_commune(number) is not None for number in range(start, start + count))
    Site.clear_site_root_paths_cache()
    return created
