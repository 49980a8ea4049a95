"""References between the objects of a demo fixture.

The JSON never holds primary keys. A value names another object instead:

- ``"@page:<ref>"``  a page of the same commune (its ``ref``, or its slug);
- ``"@image:<key>"`` / ``"@doc:<key>"`` an image or a document of the fixture;
- ``"@date:+3"`` / ``"@date:-40"`` a date so many days from the first load;
- ``"@datetime:+10 18:30"`` the same with a local time (Africa/Casablanca).

A reference that stands for a whole value becomes the object's id; references
inside a string (``<a linktype="page" id="@page:contact">`` in rich text) are
replaced by the id. Pages are resolved in a locale: a French page links to the
French translation of its target when there is one.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.utils import timezone

REF = re.compile(r"@(page|image|doc):([a-z0-9][a-z0-9_-]*)")
WHOLE_REF = re.compile(rf"^{REF.pattern}$")
DATE = re.compile(r"^@date:([+-]\d+)$")
DATETIME = re.compile(r"^@datetime:([+-]\d+) (\d{1,2}):(\d{2})$")


class DemoFixtureError(Exception):
    """The fixture does not match the models or itself (a typo, an unknown reference or block)."""


def mentions_page(value) -> bool:
    """Whether a raw value refers to a page (and must wait until all pages exist)."""
    if isinstance(value, str):
        return "@page:" in value
    if isinstance(value, dict):
        return any(mentions_page(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(mentions_page(v) for v in value)
    return False


@dataclass
class Refs:
    """What the fixture's names stand for, filled in as objects are found or created."""

    today: datetime.date = field(default_factory=timezone.localdate)
    pages: dict = field(default_factory=dict)
    images: dict = field(default_factory=dict)
    documents: dict = field(default_factory=dict)

    def page(self, key: str, locale=None):
        try:
            page = self.pages[key]
        except KeyError:
            raise DemoFixtureError(f"unknown page reference @page:{key}") from None
        if locale is not None and page.locale_id != locale.pk:
            return page.get_translation_or_none(locale) or page
        return page

    def _object(self, kind: str, key: str, locale):
        if kind == "page":
            return self.page(key, locale)
        table = self.images if kind == "image" else self.documents
        try:
            return table[key]
        except KeyError:
            raise DemoFixtureError(f"unknown {kind} reference @{kind}:{key}") from None

    def resolve(self, value, locale=None):
        """The value with every reference replaced (ids for objects, dates for dates)."""
        if isinstance(value, str):
            if match := WHOLE_REF.match(value):
                return self._object(match[1], match[2], locale).pk
            if match := DATE.match(value):
                return self.today + datetime.timedelta(days=int(match[1]))
            if match := DATETIME.match(value):
                day = self.today + datetime.timedelta(days=int(match[1]))
                naive = datetime.datetime.combine(day, datetime.time(int(match[2]), int(match[3])))
                return timezone.make_aware(naive)
            return REF.sub(lambda m: str(self._object(m[1], m[2], locale).pk), value)
        if isinstance(value, dict):
            return {k: self.resolve(v, locale) for k, v in value.items()}
        if isinstance(value, list):
            return [self.resolve(v, locale) for v in value]
        return value
