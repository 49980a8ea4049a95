"""Template tags of the website: language links (switcher and hreflang) and the
commune's palette as CSS custom properties."""
from functools import partial

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from wagtail.models import Page, Site

register = template.Library()


def _translations_by_language(page, request):
    """{language code: url} of the live translations of `page` (one query)."""
    if not isinstance(page, Page) or not page.pk:
        return {}
    urls = {}
    for translation in page.get_translations(inclusive=True).live().select_related("locale"):
        url = translation.get_url(request)
        if url:
            urls[translation.locale.language_code] = url
    return urls


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per content language: where the visitor lands on switching.

    On a page: its translation when it exists, else the commune's home page in
    that language (never a 404). Elsewhere (search, error pages): the same path
    under the other language prefix, which keeps the query string.
    """
    request = context.get("request")
    if request is None:
        return []
    # read when a template first uses them: a page without switcher or alternates (a confirmation) saves the queries
    return SimpleLazyObject(partial(_language_links, request, context.get("page"), get_language()))


def _language_links(request, page, current: str) -> list[dict]:
    translations = _translations_by_language(page, request)
    homes = _home_translations(request, page, translations) if isinstance(page, Page) else {}
    links = []
    for code, name in settings.LANGUAGES:
        url = translations.get(code) or homes.get(code) or translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url, "current": code == current, "exists": code in translations})
    return links


def _home_translations(request, page, translations):
    site = Site.find_for_request(request)
    if site is None:
        return {}
    if site.root_page_id == page.pk:
        return translations  # on the home page: the same query
    return _translations_by_language(site.root_page, request)


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    request = context.get("request")
    return request.build_absolute_uri(url) if request and url else url


@register.simple_tag(takes_context=True)
def localized_home(context):
    """The commune's home page in the active language (falls back to Arabic)."""
    request = context.get("request")
    if request is None:
        return None
    site = Site.find_for_request(request)
    if site is None:
        return None
    home = site.root_page
    return home.localized
