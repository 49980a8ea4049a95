"""Loads the demo communes of fixtures/demo/*.json, each in one transaction.

Order for one commune: collection → media → Arabic page tree → Site → settings →
translations → staff groups and accounts. Everything is looked up first and
created only when missing (see pages.py, sites.py, staff.py), so a second run
creates nothing and changes nothing.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from . import media, sites, staff
from .pages import PageBuild
from .refs import Refs

FIXTURE_DIR = Path(__file__).resolve().parents[3] / "fixtures" / "demo"


@dataclass
class CommuneReport:
    name: str
    site: Site
    languages: list[str]
    pages_created: int
    media_created: int
    accounts: list[staff.Account] = field(default_factory=list)


@dataclass
class DemoReport:
    communes: list[CommuneReport] = field(default_factory=list)
    admin: staff.Account | None = None
    welcome_removed: bool = False


def fixture_paths(directory: Path = FIXTURE_DIR) -> list[Path]:
    return sorted(directory.glob("*.json"))


def load_all(directory: Path = FIXTURE_DIR) -> DemoReport:
    report = DemoReport()
    with transaction.atomic():
        sites.ensure_locales()
        sites.ensure_roots()
        report.welcome_removed = sites.remove_wagtail_welcome()
        report.admin = staff.ensure_superuser()
    for path in fixture_paths(directory):
        data = json.loads(path.read_text(encoding="utf-8"))
        with transaction.atomic():
            report.communes.append(load_commune(data))
    Site.clear_site_root_paths_cache()
    return report


def load_commune(data: dict) -> CommuneReport:
    refs = Refs()
    arabic = Locale.get_default()
    name = data["settings"]["name_ar"]
    collection, _ = media.get_or_create_collection(data["collection"])
    media_created = _load_media(data, collection, refs)

    build = PageBuild(refs)
    build.tree(data["home"], Page.get_first_root_node(), arabic)
    build.publish_pending()  # the Arabic pages, before they are copied for translation
    home_ref = data["home"].get("ref", data["home"]["slug"])
    site, _ = sites.ensure_site(data["site"], refs.page(home_ref))
    sites.ensure_settings(site, data["settings"], refs)

    for entry in data.get("translations", ()):
        build.translation(entry)
    build.publish_pending()

    home = refs.page(home_ref)
    groups = staff.ensure_groups(name, home, collection, site)
    seed_plugins(site, home)
    accounts = staff.ensure_users(data["staff"]["prefix"], data["staff"]["people"], groups, data["staff"]["email_domain"])
    codes = [code for code, _label in settings.WAGTAIL_CONTENT_LANGUAGES]
    languages = sorted({home.locale.language_code, *(t.locale.language_code for t in home.get_translations())}, key=codes.index)
    return CommuneReport(name, site, languages, len(build.created), media_created, accounts)


def seed_plugins(site, home):
    """Each installed participation plugin loads its own demo content (idempotently)."""
    from participation.core.apps import plugins

    for plugin in plugins():
        seed = plugin.get_demo_seed()
        if seed is not None:
            seed(site, home)


def _load_media(data: dict, collection, refs: Refs) -> int:
    """Images and documents of the commune, drawn only when missing from its collection."""
    created = 0
    slug = data["home"]["slug"]
    names = data["settings"]
    for key, spec in data.get("images", {}).items():
        if spec.get("kind") == "logo":
            render = partial(media.logo_png, spec["initial"], spec["latin"], spec["background"], spec["foreground"], spec["accent"])
            filename = f"{slug}-{key}.png"
        else:
            render = partial(media.scene_jpeg, spec["scene"], spec.get("seed", 1))
            filename = f"{slug}-{key}.jpg"
        refs.images[key], was_created = media.get_or_create_image(collection, spec["title"], filename, render)
        created += was_created
    for key, spec in data.get("documents", {}).items():
        render = partial(
            media.document_pdf,
            commune_ar=names["name_ar"],
            commune_fr=names.get("name_fr", ""),
            title_ar=spec["title"],
            title_fr=spec.get("title_fr", ""),
            reference=spec.get("reference", ""),
            date=spec.get("date", ""),
            lines_ar=spec.get("lines", []),
            lines_fr=spec.get("lines_fr", []),
            colour=names.get("colour_primary", "#0b5e45"),
        )
        refs.documents[key], was_created = media.get_or_create_document(collection, spec["title"], f"{slug}-{key}.pdf", render)
        created += was_created
    return created
