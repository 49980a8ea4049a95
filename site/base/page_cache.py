"""Full-page cache for anonymous visitors, shared by every web instance.

Citizens never log in, so almost every request is an anonymous GET of a page that is the
same for everyone: it is rendered once and then served from the cache (Redis in
production, so every instance shares it; local memory in development) without touching
the database. Staff (a session cookie), visitors with a message to show, and pages that
read the session, set cookies, say ``private``/``no-store`` or carry a captcha (whose
key is single-use) are never cached.

**Invalidation** is by generation: each commune (host name) has a counter in the cache,
and the page keys include it together with a global one. Publishing, unpublishing,
moving or deleting a page increments the counter of the commune concerned (the global one
when no commune can be told), so the next request renders afresh on every instance.
Saving or deleting any record of this project's own apps (the CMS under site/ and the
participation plugins: a signature, a registration, a comment, a setting...; not those of
a model saying ``affects_pages = False``, which no page shows) marks the commune's pages as
changed instead: a page stored before the change is rendered again once
it is ``JAMAA_PAGE_CACHE_RECORD_SECONDS`` old (5: the age nginx's micro-cache allows
anyway; 0 renders it at the next request). A petition going viral confirms dozens of
signatures a second: each would otherwise empty the commune's whole cache. Entries also
expire after ``JAMAA_PAGE_CACHE_SECONDS``, which bounds what depends on the date alone (a
consultation's phase, days left).

**Forms on cached pages** keep working: the CSRF tokens in a stored page are replaced by
a marker, and each visitor served from the cache gets their own token in its place (and
the cookie that goes with it, set by CsrfViewMiddleware around this middleware). A
captcha's key serves once, so a stored page's key is a marker too, and each visitor gets a
new captcha (one row written, instead of rendering the page). If the database is down the
marker goes: the form then fails the captcha with its message and shows a new one. A form's
idempotency token (participation.core.idempotency) identifies one visitor's submission: it is
a marker in the stored page too, and each visitor gets new ones.
"""
import hashlib
import logging
import re
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models import ForeignKey
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import cc_delim_re

logger = logging.getLogger("jamaa.page_cache")

PREFIX = "jamaa:page:"
GLOBAL = "global"
CSRF_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_MARKER = b"__jamaa_csrf_token__"
CAPTCHA_KEY = re.compile(rb'name="captcha_0" value="([0-9a-f]{40})"')
CAPTCHA_MARKER = b"__jamaa_captcha_key__"
SUBMISSION_TOKEN_VALUE = re.compile(rb'(name="(?:[\w-]+-)?submission_token" value=")[^"]*(")')
SUBMISSION_TOKEN_MARKER = b"__jamaa_submission_token__"
#: paths that are never pages: the admin, files served by Django, captcha images and sounds
SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/captcha/", "/static/", "/media/")
NOT_STORED_HEADERS = {"set-cookie", "x-page-cache", "content-length"}  # the length changes with the substitutions


def seconds() -> int:
    return int(getattr(settings, "JAMAA_PAGE_CACHE_SECONDS", 0))


def record_seconds() -> int:
    return int(getattr(settings, "JAMAA_PAGE_CACHE_RECORD_SECONDS", 0))


def _generation_key(scope: str) -> str:
    return f"{PREFIX}gen:{scope}"


def _changed_key(scope: str) -> str:
    return f"{PREFIX}changed:{scope}"


def _scope(hostname: str | None) -> str:
    return hostname.lower() if hostname else GLOBAL


def bump(hostname: str | None = None) -> None:
    """Invalidate the pages of one commune (its host name), or of all (None)."""
    key = _generation_key(_scope(hostname))
    try:
        cache.add(key, 0, timeout=None)
        cache.incr(key)
    except Exception:  # a cache that is down has nothing stale to serve either
        logger.warning("page cache: could not invalidate %s", key, exc_info=True)


def mark_changed(hostname: str | None = None) -> None:
    """A record of one commune (or of all: None) changed: its pages are rendered again within
    record_seconds(). One write, however many changes a second."""
    if record_seconds() <= 0:
        return bump(hostname)
    try:
        cache.set(_changed_key(_scope(hostname)), time.time(), timeout=None)
    except Exception:
        logger.warning("page cache: could not mark %s as changed", hostname or GLOBAL, exc_info=True)


class PageCacheMiddleware:
    """Placed inside CsrfViewMiddleware (after it in MIDDLEWARE), before the views."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key, changed_at = self.key(request) if seconds() > 0 else (None, 0.0)
        if key is None:
            return self.get_response(request)
        try:
            entry = cache.get(key)
        except Exception:
            logger.warning("page cache unavailable: pages are rendered", exc_info=True)
            return self.get_response(request)
        if entry is not None and not self.outdated(entry, changed_at):
            return self.rebuild(request, entry)
        response = self.get_response(request)
        if self.storable(request, response):
            try:
                cache.set(key, self.entry(response), seconds())
            except Exception:
                logger.warning("page cache unavailable: page not stored", exc_info=True)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def key(request) -> tuple[str | None, float]:
        """The page's key (None: not cacheable) and when its commune's records last changed."""
        if request.method not in ("GET", "HEAD") or request.path.startswith(SKIPPED_PREFIXES):
            return None, 0.0
        if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
            return None, 0.0  # staff, or a message waiting to be shown
        if "HTTP_AUTHORIZATION" in request.META:
            return None, 0.0
        try:
            host = request.get_host().rsplit(":", 1)[0].lower()
        except DisallowedHost:
            return None, 0.0  # CommonMiddleware answers it
        keys = [_generation_key(GLOBAL), _generation_key(host), _changed_key(GLOBAL), _changed_key(host)]
        try:
            found = cache.get_many(keys)
        except Exception:
            return None, 0.0
        scope = f"{found.get(keys[0], 0)}.{found.get(keys[1], 0)}"
        digest = hashlib.sha256(f"{host}|{request.get_full_path()}".encode()).hexdigest()
        return f"{PREFIX}{scope}:{digest}", max(found.get(keys[2], 0.0), found.get(keys[3], 0.0))

    @staticmethod
    def outdated(entry: dict, changed_at: float) -> bool:
        """Stored before a record changed, and old enough to be rendered again."""
        stored_at = entry.get("stored_at", 0.0)
        return stored_at <= changed_at and time.time() - stored_at >= record_seconds()

    @staticmethod
    def storable(request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if getattr(request, "session", None) is not None and request.session.accessed:
            return False  # the page depends on the visitor's session
        cache_control = {part.strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}
        return not cache_control & {"private", "no-store", "no-cache"}

    @staticmethod
    def entry(response) -> dict:
        content = CSRF_VALUE.sub(rb"\g<1>" + CSRF_MARKER + rb"\g<2>", response.content)
        for key in set(CAPTCHA_KEY.findall(content)):  # the hidden field, the image's and the audio's addresses
            content = content.replace(key, CAPTCHA_MARKER)
        content = SUBMISSION_TOKEN_VALUE.sub(rb"\g<1>" + SUBMISSION_TOKEN_MARKER + rb"\g<2>", content)
        return {
            "stored_at": time.time(),
            "status": response.status_code,
            "headers": [(k, v) for k, v in response.items() if k.lower() not in NOT_STORED_HEADERS],
            "content": content,
        }

    @staticmethod
    def rebuild(request, entry: dict) -> HttpResponse:
        content = entry["content"]
        if CSRF_MARKER in content:
            content = content.replace(CSRF_MARKER, get_token(request).encode())
        if CAPTCHA_MARKER in content:
            content = content.replace(CAPTCHA_MARKER, new_captcha_key())
        if SUBMISSION_TOKEN_MARKER in content:
            content = new_submission_tokens(content)
        response = HttpResponse(content, status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response


def new_submission_tokens(content: bytes) -> bytes:
    """Each form of the page gets a token of its own."""
    from participation.core.idempotency import new_token

    parts = content.split(SUBMISSION_TOKEN_MARKER)
    return b"".join(part + new_token().encode() for part in parts[:-1]) + parts[-1]


def new_captcha_key() -> bytes:
    from captcha.models import CaptchaStore

    try:
        return CaptchaStore.generate_key().encode()
    except Exception:
        logger.warning("page cache: no new captcha (database unavailable?)", exc_info=True)
        return b""


# --- invalidation ------------------------------------------------------------------------------

def _own_app_labels() -> set[str]:
    """This project's apps (site/ and participation/): their data is what pages display."""
    root = Path(__file__).resolve().parents[2]
    folders = (root / "site", root / "participation")
    return {
        config.label for config in apps.get_app_configs()
        if any(Path(config.path).resolve().is_relative_to(folder) for folder in folders)
    }


def _site_hostname(instance) -> str | None:
    """The host name of the commune a record belongs to, or None when it cannot be told."""
    from wagtail.models import Page, Site

    if isinstance(instance, Site):
        return None  # a commune's own settings: every page of it, and maybe its host name changed
    if isinstance(instance, Page):
        site = instance.get_site()
        return site.hostname if site else None
    for field in instance._meta.concrete_fields:
        if not isinstance(field, ForeignKey):
            continue
        target = field.related_model
        value = getattr(instance, field.attname)
        if value is None:
            continue
        if target is Site:
            return Site.objects.filter(pk=value).values_list("hostname", flat=True).first()
        if issubclass(target, Page):
            page = Page.objects.filter(pk=value).first()
            site = page.get_site() if page else None
            return site.hostname if site else None
        if any(f.name == "site" and f.related_model is Site for f in target._meta.concrete_fields):  # e.g. a signature's petition
            return target._default_manager.filter(pk=value).values_list("site__hostname", flat=True).first()
    return None


def _after_commit(invalidate, hostname: str | None) -> None:
    """Invalidate once the change is committed: earlier, a page rendered in between from the
    old data would be stored as new."""
    transaction.on_commit(lambda: invalidate(hostname))


def _record_saved(sender, instance, **kwargs):
    if seconds() > 0 and sender._meta.app_label in _watched() and getattr(sender, "affects_pages", True):
        _after_commit(mark_changed, _site_hostname(instance))


def _record_updated(sender, instance, **kwargs):  # participation.core.signals.record_updated: already committed
    if seconds() > 0:
        mark_changed(_site_hostname(instance))


def _page_changed(sender, instance, **kwargs):
    if seconds() <= 0:
        return
    site = instance.get_site()
    _after_commit(bump, site.hostname if site else None)


_labels: set[str] | None = None


def _watched() -> set[str]:
    global _labels
    if _labels is None:
        _labels = _own_app_labels()
    return _labels


def _cache_recovered(sender, **kwargs) -> None:
    """Invalidations made while Redis was down reached one process's memory only: Redis still
    holds the older generation, so every commune's pages start afresh."""
    bump(None)


def connect() -> None:
    """Wire the invalidation (BaseConfig.ready)."""
    from wagtail.models import Page, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from commune.cache import redis_recovered

    redis_recovered.connect(_cache_recovered, dispatch_uid="jamaa_page_cache_redis_recovered")

    from participation.core.signals import record_updated

    for signal in (page_published, page_unpublished):
        signal.connect(_page_changed, dispatch_uid=f"jamaa_page_cache_{signal}")
    post_page_move.connect(_page_changed, dispatch_uid="jamaa_page_cache_move")
    post_delete.connect(_page_changed, sender=Page, dispatch_uid="jamaa_page_cache_page_delete")
    post_save.connect(lambda **kw: seconds() > 0 and _after_commit(bump, None), sender=Site, dispatch_uid="jamaa_page_cache_site",
                      weak=False)
    post_save.connect(_record_saved, dispatch_uid="jamaa_page_cache_record_save")
    post_delete.connect(_record_saved, dispatch_uid="jamaa_page_cache_record_delete")
    record_updated.connect(_record_updated, dispatch_uid="jamaa_page_cache_record_updated")
