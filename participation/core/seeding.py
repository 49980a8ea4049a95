"""Demo seeds of the plugins: placing a plugin's page in a demo commune's tree.

A plugin's seed calls `place_page()` once per commune: the Arabic page under the
home page, its French and Tamazight copies under the translated home pages (with
their texts, or kept in Arabic until translated), and a link to it among the home
page's participation links. Idempotent: what exists is found, not duplicated.
"""
from wagtail.models import Locale, Page, Site

TRANSLATED_LANGUAGES = ("fr", "zgh")


def place_page(model, home, slug: str, texts: dict, fields: tuple[str, ...], *, link_first: bool = False):
    """(the Arabic page, number of objects created). `texts[code]` holds title,
    search_description, link_title, link_description and the page's `fields`."""
    Site.clear_site_root_paths_cache()
    home = home.specific
    page, created = _page(model, home, slug, texts["ar"], fields)
    created += _link(home, page, texts["ar"], link_first)
    for code in TRANSLATED_LANGUAGES:
        locale = Locale.objects.filter(language_code=code).first()
        translated_home = home.get_translation_or_none(locale) if locale else None
        if translated_home is None:
            continue
        translation, count = _translation(page, locale, texts.get(code), fields)
        created += count
        if code in texts:  # reloaded: adding the translation under it changed its place in the tree
            created += _link(Page.objects.get(pk=translated_home.pk).specific, translation, texts[code], link_first)
    return page, created


def _page(model, home, slug, text, fields):
    page = model.objects.child_of(home).filter(slug=slug).first()
    if page is not None:
        return page, 0
    page = model(
        title=text["title"], slug=slug, locale=home.locale, show_in_menus=True,
        search_description=text["search_description"], **{name: text[name] for name in fields},
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page, 1


def _translation(page, locale, text, fields):
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific, 0
    translation = page.copy_for_translation(locale, alias=False).specific
    if text:
        translation.title = text["title"]
        translation.search_description = text["search_description"]
        for name in fields:
            setattr(translation, name, text[name])
    translation.save()
    translation.save_revision().publish()
    return translation, 1


def _link(home, page, text, first: bool) -> int:
    """Add the page to the home page's participation links, unless it is there."""
    raw = list(home.participation_links.raw_data)
    if any((block.get("value") or {}).get("page") == page.pk for block in raw):
        return 0
    block = {"type": "link", "value": {"title": text["link_title"], "description": text["link_description"], "page": page.pk}}
    raw.insert(0 if first else len(raw), block)
    home.participation_links = raw
    home.save_revision().publish()
    return 1
