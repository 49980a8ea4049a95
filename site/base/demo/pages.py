"""Pages of a demo commune: the Arabic tree and its translations, from the fixture.

A page node of the fixture is ``{"type": "app.Model", "slug": ..., "ref": ...,
"children": [...], <field>: <value>, ...}``; every key that is not ``type``,
``slug``, ``ref`` or ``children`` is a field of the page (``title``,
``search_description``, ``show_in_menus``, the model's own fields, and child
relations such as a contact page's ``form_fields`` as lists of dicts).

A page is found by its slug under its parent, a translation by the source's
translation key and the locale: what exists is never touched. What is missing
is created as a draft, then every new page is published once, after the others
exist, so that links between pages (quick links, call-to-action blocks, rich
text) can point at pages created later in the same run.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from wagtail.fields import StreamField
from wagtail.models import Locale, Page

from .refs import DemoFixtureError, Refs, mentions_page

NODE_KEYS = {"type", "slug", "ref", "children"}
#: Blocks the demo must not use: an embed fetches from the internet when rendered.
FORBIDDEN_BLOCKS = {"embed"}


@dataclass
class Pending:
    """A page created as a draft in this run, to publish once all pages exist."""

    page: Page
    ref: str
    locale: Locale
    later: dict = field(default_factory=dict)


@dataclass
class PageBuild:
    refs: Refs
    created: list[Page] = field(default_factory=list)
    _pending: list[Pending] = field(default_factory=list)

    # --- the Arabic tree ----------------------------------------------------------

    def tree(self, node: dict, parent: Page, locale: Locale) -> Page:
        """Find or create `node` under `parent`, then its children."""
        model = _model(node["type"])
        slug = node["slug"]
        ref = node.get("ref", slug)
        existing = parent.get_children().filter(slug=slug).first()
        if existing is None:
            fields = {k: v for k, v in node.items() if k not in NODE_KEYS}
            page = model(slug=slug, locale=locale, live=False)
            later = self._apply_now(page, fields, locale)
            parent.add_child(instance=page)
            self._pending.append(Pending(page, ref, locale, later))
        else:
            page = existing.specific
            if not isinstance(page, model):
                raise DemoFixtureError(f"{page.url_path} is a {type(page).__name__}, the fixture expects {model.__name__}")
        self.refs.pages[ref] = page
        for child in node.get("children", ()):
            self.tree(child, page, locale)
        return page

    # --- translations -------------------------------------------------------------

    def translation(self, entry: dict) -> Page:
        """Find or create the translation of `entry["page"]` into `entry["locale"]`."""
        source = self.refs.page(entry["page"])
        locale = Locale.objects.get(language_code=entry["locale"])
        existing = source.get_translation_or_none(locale)
        if existing is not None:
            return existing.specific
        page = source.copy_for_translation(locale, copy_parents=True, alias=False).specific
        if "slug" in entry:
            page.slug = entry["slug"]
        later = self._apply_now(page, entry.get("fields", {}), locale)
        page.save()
        self._pending.append(Pending(page, f"{entry['page']}@{entry['locale']}", locale, later))
        return page

    # --- publishing ---------------------------------------------------------------

    def publish_pending(self):
        """Fill the links of the pages created since the last call and publish each once."""
        pending, self._pending = self._pending, []
        for item in pending:
            page = type(item.page).objects.get(pk=item.page.pk)
            apply_fields(page, item.later, self.refs, item.locale)
            page.save_revision().publish()
            if item.ref in self.refs.pages:
                self.refs.pages[item.ref] = page
            self.created.append(page)

    def _apply_now(self, page, fields: dict, locale) -> dict:
        """Set the fields that refer to no page; return the others, set at publication."""
        now = {k: v for k, v in fields.items() if not mentions_page(v)}
        apply_fields(page, now, self.refs, locale)
        return {k: v for k, v in fields.items() if k not in now}


def _model(label: str) -> type[Page]:
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError) as exc:
        raise DemoFixtureError(f"unknown page type {label!r}") from exc
    if not issubclass(model, Page):
        raise DemoFixtureError(f"{label} is not a page type")
    return model


def apply_fields(instance, fields: dict, refs: Refs, locale=None):
    """Set fields of a page (or of a child object) from their fixture values."""
    for name, raw in fields.items():
        try:
            model_field = instance._meta.get_field(name)
        except FieldDoesNotExist as exc:
            raise DemoFixtureError(f"{type(instance).__name__} has no field {name!r}") from exc
        value = refs.resolve(raw, locale)
        if isinstance(model_field, StreamField):
            setattr(instance, name, _stream(model_field, value, f"{type(instance).__name__}.{name}"))
            model_field.stream_block.clean(getattr(instance, name))
        elif model_field.one_to_many:  # a child relation (ParentalKey): members, sessions, form fields
            related = model_field.related_model
            children = []
            for item in value:
                child = related()
                apply_fields(child, item, refs, locale)
                children.append(child)
            setattr(instance, name, children)
        elif isinstance(model_field, models.ForeignKey):
            setattr(instance, model_field.attname, value)
        else:
            setattr(instance, name, value)


def _stream(model_field: StreamField, value, where: str) -> list[dict]:
    """Raw stream data; a list of plain values is accepted for one-block streams (steps, documents)."""
    block = model_field.stream_block
    value = value or []
    if value and not isinstance(value[0], dict):
        if len(block.child_blocks) != 1:
            raise DemoFixtureError(f"{where}: give blocks as {{'type': ..., 'value': ...}}")
        (name,) = block.child_blocks
        value = [{"type": name, "value": item} for item in value]
    for item in value:
        if item.get("type") not in block.child_blocks or item["type"] in FORBIDDEN_BLOCKS:
            raise DemoFixtureError(f"{where}: block type {item.get('type')!r} is not allowed here")
    return value
