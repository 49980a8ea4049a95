from django.template.response import TemplateResponse
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from search.query import MAX_QUERY_LENGTH, search_pages


def localized_root(request):
    """The requesting commune's home page in the active language (or Arabic)."""
    site = Site.find_for_request(request)
    root = site.root_page
    try:
        return root.get_translation(Locale.objects.get(language_code=get_language()))
    except (Locale.DoesNotExist, Page.DoesNotExist):  # no such translation: search the default tree
        return root


def search(request):
    raw = request.GET.get("q", "")[: MAX_QUERY_LENGTH * 2]
    root = localized_root(request)
    results = search_pages(raw, root, request.GET.get("page")) if raw.strip() else None
    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": raw, "search_results": results},
    )
