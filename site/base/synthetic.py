"""Synthetic communes, to measure an installation serving many (`manage.py create_communes N`).

Each one is what a commune starts with: its Site (commune-NNNN.jamaa.test), an Arabic home page
with a news section (three articles) and a standard page, its settings, its collection, and its
staff groups and accounts (the demo roles, with page permissions on its tree). Participation plugins
are left for the commune to place. Idempotent: a commune whose Site exists is skipped. Not for
production data: the accounts get the demo password.
"""
import datetime

from django.db import connection, transaction
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


# --- many pages in one commune (`manage.py create_articles N --site HOST`) ---------------------

ARCHIVE_SLUG = "synthetic-archive"
BATCH = 500


def create_articles(count: int, site: Site, seed: int = 0, standard_share: float = 0.2) -> int:
    """`count` published pages of varied Arabic text (base/synthetic_text.py) in `site`'s Arabic tree, indexed.

    Most are news articles under the commune's news index, `standard_share` of them standard pages
    under an archive page (made on first use). For speed they are inserted in bulk, straight into
    the tree (after the parent's last child), without revisions, then added to every search
    backend in bulk. The same seed gives the same texts (a benchmark regenerates them to pick its queries)."""
    from wagtail.search.models import IndexEntry

    from base import page_cache
    from base.synthetic_text import texts
    from news.models import NewsIndexPage, NewsPage
    from pages.models import StandardPage

    root = site.root_page
    news = NewsIndexPage.objects.child_of(root).live().first()
    if news is None:
        raise ValueError(f"{site.hostname} has no news index under its home page")
    archive = StandardPage.objects.child_of(root).filter(slug=ARCHIVE_SLUG).first()
    if archive is None:
        archive = root.add_child(instance=StandardPage(title="أرشيف الوثائق والإعلانات", slug=ARCHIVE_SLUG))
        archive.save_revision().publish()
    standard = round(count * standard_share)
    generated = texts(count, seed=seed)
    with transaction.atomic():
        _bulk_children(news, NewsPage, count - standard, generated)
        _bulk_children(archive, StandardPage, standard, generated)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # as after any bulk load: the planner's statistics, and the visibility map (else autovacuum
        # does it a minute later, in the middle of whatever is being measured)
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {Page._meta.db_table}, {IndexEntry._meta.db_table}")
    page_cache.bump(site.hostname)
    return count


def _bulk_children(parent: Page, model, count: int, generated) -> None:
    """`count` live `model` pages appended under `parent` in bulk, and indexed."""
    from wagtail.search.backends import get_search_backends

    parent = Page.objects.get(pk=parent.pk)  # fresh numchild and last child
    last = parent.get_last_child()
    step = (last._get_lastpos_in_path() if last else 0) + 1
    depth = parent.depth + 1
    now = datetime.datetime.now(datetime.timezone.utc)
    base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    for start in range(0, count, BATCH):
        pages = []
        for n in range(step + start, step + min(start + BATCH, count)):
            text = next(generated)
            slug = f"synthetic-{n}"
            body = [("paragraph", f"<p>{paragraph}</p>") for paragraph in text.paragraphs]
            extra = {"date": text.date, "intro": text.intro} if hasattr(model, "intro") else {}
            if not extra:
                body.insert(0, ("paragraph", f"<p>{text.intro}</p>"))
            pages.append(model(
                title=text.title, draft_title=text.title, slug=slug, locale_id=parent.locale_id, live=True,
                has_unpublished_changes=False, first_published_at=now, last_published_at=now,
                path=Page._get_path(parent.path, depth, n), depth=depth, numchild=0,
                url_path=f"{parent.url_path}{slug}/", body=body, **extra,
            ))
        rows = Page.objects.bulk_create([Page(**{f.attname: getattr(page, f.attname) for f in base_fields}) for page in pages])
        for page, row in zip(pages, rows, strict=True):
            page.pk = page.page_ptr_id = row.pk
        # bulk_create refuses multi-table inheritance; _insert is what it runs for each table
        model.objects._insert(pages, fields=model._meta.local_concrete_fields, using=model.objects.db)
        for page in pages:  # the database backend's indexer asks for it once per vector (five times): fold once
            text = page.normalised_search_text()
            page.normalised_search_text = lambda text=text: text
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(model, pages)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + count)
