"""One paginator for every listing: a bad or out-of-range `page` parameter shows
the nearest valid page instead of an error."""
from django.core.paginator import Paginator

DEFAULT_PER_PAGE = 10


def paginate(request, object_list, per_page: int = DEFAULT_PER_PAGE):
    return Paginator(object_list, per_page).get_page(request.GET.get("page"))
