"""Searching the pages of one commune in one language, with a database fallback.

The database backend's index is always kept up to date next to Elasticsearch
(settings: WAGTAILSEARCH_BACKENDS), so when Elasticsearch cannot be reached we log
a warning and answer from the database instead of failing the visitor.
"""
import logging

from django.conf import settings
from django.core.paginator import Paginator
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from search.normalize import normalize_arabic

logger = logging.getLogger("jamaa.search")

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
FALLBACK_BACKEND = "database"


def clean_query(raw: str) -> str:
    """The visitor's query, trimmed, bounded and normalised like the index."""
    text = " ".join((raw or "").replace("\x00", " ").split())[:MAX_QUERY_LENGTH]
    return normalize_arabic(text)


def _search_page(backend_name: str, query: str, root: Page, page_number):
    pages = Page.objects.live().public().descendant_of(root, inclusive=True)
    results = get_search_backend(backend_name).search(query, pages, operator="and")
    page = Paginator(results, RESULTS_PER_PAGE).get_page(page_number)
    hits = list(page.object_list)  # evaluate here, so a backend failure is caught here
    specific = Page.objects.filter(pk__in=[p.pk for p in hits]).specific().in_bulk()
    page.object_list = [specific[p.pk] for p in hits if p.pk in specific]
    return page


def search_pages(raw_query: str, root: Page, page_number=1):
    """A paginator page of the specific pages under `root` matching the query."""
    query = clean_query(raw_query)
    if not query:
        return None
    try:
        return _search_page("default", query, root, page_number)
    except Exception:  # the search engine is outside this process; any failure falls back
        if FALLBACK_BACKEND not in settings.WAGTAILSEARCH_BACKENDS:
            raise
        logger.warning("Search engine unreachable, answering from the database index", exc_info=True)
        return _search_page(FALLBACK_BACKEND, query, root, page_number)
