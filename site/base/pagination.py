"""One paginator for every listing (the website's, the plugins' and the search's).

A bad or out-of-range `page` parameter shows the nearest valid page instead of an
error (Django's Paginator.get_page): not a whole number (`abc`, a NUL, a number too long
for int) gives the first page; zero, a negative number or one past the end gives the last.

The pagination component (components/pagination.html) links only the page numbers
`page_window` gives, so a listing of 3,000 pages costs the template a dozen links
instead of a loop over every page number.
"""
from django.core.paginator import Paginator

DEFAULT_PER_PAGE = 10
#: page numbers linked either side of the current page, and at each end of the range
PAGES_AROUND_CURRENT = 2
PAGES_AT_EACH_END = 1


def get_page(object_list, number, per_page: int = DEFAULT_PER_PAGE):
    """Page `number` (any value from a query string) of `object_list`, or the nearest valid page."""
    return Paginator(object_list, per_page).get_page(number)


def paginate(request, object_list, per_page: int = DEFAULT_PER_PAGE):
    """The page of `object_list` the request's `page` parameter asks for."""
    return get_page(object_list, request.GET.get("page"), per_page)


def page_window(page) -> list[int | None]:
    """The page numbers to link from `page` (any Django paginator page), in order, None for a gap.

    The first and last pages, the current one and PAGES_AROUND_CURRENT either side; a gap always
    stands for two pages or more (a single page between is linked instead, Django's rule).
    """
    numbers = page.paginator.get_elided_page_range(
        page.number, on_each_side=PAGES_AROUND_CURRENT, on_ends=PAGES_AT_EACH_END
    )
    return [number if isinstance(number, int) else None for number in numbers]
