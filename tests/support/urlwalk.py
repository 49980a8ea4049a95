"""Every URL the site answers, read from the URL configuration itself (for
tests/site/test_access_walk.py): the patterns of ``get_resolver()`` walked
recursively — the Wagtail admin with every registered viewset and hook, the public
API, the documents — and the sub-routes of every routable page model (the plugins'
citizen pages and their private follow-up links), which Wagtail resolves behind its
one catch-all pattern. Reading them from the configuration, not from a list kept by
hand, is what lets the walk notice a view nobody classified yet."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from wagtail.contrib.routable_page.models import RoutablePageMixin


@dataclass(frozen=True)
class Endpoint:
    """One URL pattern. ``name`` is "namespace:name" for the URL configuration,
    "<app_label>.<PageModel>:<route name>" for a page's sub-route, or the route itself
    when the pattern has no name."""

    name: str
    route: str
    params: tuple[str, ...]
    callback: object = field(compare=False, repr=False)
    page_model: type | None = field(default=None, compare=False)
    #: the sub-route's pattern, to reverse it on a page
    route_name: str = ""

    @property
    def view_kwargs(self) -> dict:
        """What the view was constructed with (a viewset's views get their model and viewset)."""
        return getattr(self.callback, "view_initkwargs", None) or {}

    @property
    def model(self):
        return self.view_kwargs.get("model") or getattr(getattr(self.callback, "view_class", None), "model", None)

    @property
    def viewset(self):
        return self.view_kwargs.get("viewset")

    @property
    def short_name(self) -> str:
        return self.name.rpartition(":")[2]

    @property
    def namespace(self) -> str:
        return self.name.rpartition(":")[0]

    def __str__(self):
        return f"{self.name} [{self.route}]" if self.route != self.name else self.name


def _params(pattern) -> list[str]:
    if isinstance(pattern, RoutePattern):
        return list(pattern.converters)
    if isinstance(pattern, RegexPattern):
        regex = pattern.regex
        named = list(regex.groupindex)
        return named or [f"_{i}" for i in range(regex.groups)]
    return []


def _route(pattern) -> str:
    if isinstance(pattern, LocalePrefixPattern):
        return "<language>/"
    return str(pattern)


def _walk(patterns, prefix="", namespaces=(), params=()):
    for entry in patterns:
        here = prefix + _route(entry.pattern)
        found = (*params, *_params(entry.pattern))
        if isinstance(entry, URLResolver):
            spaces = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry.url_patterns, here, spaces, found)
        elif isinstance(entry, URLPattern):
            name = ":".join((*namespaces, entry.name)) if entry.name else here
            yield Endpoint(name=name, route=here, params=found, callback=entry.callback)


def url_endpoints() -> list[Endpoint]:
    """Every pattern of the root URL configuration."""
    return list(_walk(get_resolver().url_patterns))


def routable_page_models() -> list[type]:
    return [m for m in apps.get_models() if issubclass(m, RoutablePageMixin) and not m._meta.abstract]


def page_route_endpoints() -> list[Endpoint]:
    """Every sub-route of every routable page model (RoutablePageMixin)."""
    found = []
    for model in routable_page_models():
        for pattern in model.get_subpage_urls():
            found.append(Endpoint(
                name=f"{model._meta.label}:{pattern.name}", route=f"<{model.__name__}>/{pattern.pattern}",
                params=tuple(_params(pattern.pattern)), callback=pattern.callback, page_model=model,
                route_name=pattern.name,
            ))
    return found


def all_endpoints() -> list[Endpoint]:
    return url_endpoints() + page_route_endpoints()


# --- responses -----------------------------------------------------------------------------


def final_status(response, client=None) -> int:
    """The status code, a 404 for the redirect Django's LocaleMiddleware puts in its place (it
    only ever replaces a 404, by /ar/<path>, which answers 404 too: not requested again)."""
    request_path = response.request["PATH_INFO"]
    if response.status_code == 302 and response["Location"] in ("/ar" + request_path, f"/ar{request_path}/"):
        return 404
    return response.status_code


def body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", errors="replace")
    return response.content.decode("utf-8", errors="replace")


# --- what a refused request must leave untouched ---------------------------------------------

#: tables a refused request may write to without changing anything that matters
#: (sessions, the sign-in throttle, Wagtail's editing sessions and per-user profile, image
#: renditions made when a page first shows an image — the commune's logo on an error page)
VOLATILE_TABLES = ("django_session", "axes_", "wagtailadmin_editingsession", "wagtailusers_userprofile", "captcha_",
                   "wagtailimages_rendition")


def table_counts() -> tuple:
    """Row counts of every table of the project's models, in one query: a refused POST
    must not add or delete anything anywhere."""
    tables = sorted({m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy})
    tables = [t for t in tables if not t.startswith(VOLATILE_TABLES)]
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(zip(tables, cursor.fetchone(), strict=True))


def row_of(obj) -> dict | None:
    """The object's stored values (None once deleted)."""
    if obj is None:
        return None
    model = type(obj)
    return model._default_manager.filter(pk=obj.pk).values().first()
