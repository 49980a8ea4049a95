"""Locales, Wagtail Sites and per-commune settings of the demo."""
from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Collection, Locale, Page, Site

from .pages import apply_fields
from .refs import Refs

logger = logging.getLogger("jamaa.demo")

WELCOME_TITLE = "Welcome to your new Wagtail site!"


def ensure_locales() -> list[Locale]:
    """One Locale per content language (ar, fr, zgh); the default one already exists."""
    return [Locale.objects.get_or_create(language_code=code)[0] for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def ensure_roots():
    """The root page and root collection that Wagtail's migrations create.

    They are missing only from a flushed database (e.g. after a transactional test).
    """
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.get_default()))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


def remove_wagtail_welcome() -> bool:
    """Delete the page and Site that Wagtail's initial migration creates (localhost:80).

    Only the untouched welcome page goes: a plain `Page` at depth 2 with its
    original title and no children.
    """
    welcome = Page.objects.filter(
        depth=2, slug="home", title=WELCOME_TITLE, content_type=ContentType.objects.get_for_model(Page)
    ).first()
    if welcome is None or welcome.get_children_count():
        return False
    Site.objects.filter(root_page=welcome).delete()
    welcome.delete()
    return True


def ensure_site(spec: dict, root_page: Page) -> tuple[Site, bool]:
    """The commune's Site, found by hostname and port; created only when missing."""
    site = Site.objects.filter(hostname=spec["hostname"], port=spec.get("port", 80)).first()
    if site is not None:
        if site.root_page_id != root_page.pk:
            logger.warning("Site %s:%s exists with another root page; left as it is.", site.hostname, site.port)
        return site, False
    if spec.get("is_default_site"):
        for other in Site.objects.filter(is_default_site=True):
            other.is_default_site = False
            other.save(update_fields=["is_default_site"])
    site = Site.objects.create(
        hostname=spec["hostname"],
        port=spec.get("port", 80),
        site_name=spec.get("site_name", ""),
        root_page=root_page,
        is_default_site=bool(spec.get("is_default_site")),
    )
    return site, True


def ensure_settings(site: Site, values: dict, refs: Refs):
    """The commune's settings: filled when missing or never filled (no Arabic name); else left alone."""
    from base.models import CommuneSettings

    commune_settings = CommuneSettings.objects.filter(site=site).first()
    if commune_settings is not None and commune_settings.name_ar:
        return commune_settings, False
    commune_settings = commune_settings or CommuneSettings(site=site)
    apply_fields(commune_settings, values, refs)
    commune_settings.full_clean()
    commune_settings.save()
    return commune_settings, True
