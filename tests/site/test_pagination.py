"""The one paginator (base/pagination.py) and its component: only the page numbers shown are
linked, however many pages; a bad `page` parameter gives the first or last page, never a 500."""
import re

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string

from base.pagination import page_window
from news.models import NewsIndexPage
from tests.site.helpers import page_of_type

PAGES = 3000


class UnwalkablePaginator(Paginator):
    """A paginator whose full range of page numbers must not be read (to render a page is not to list them all)."""

    @property
    def page_range(self):
        raise AssertionError("the whole page range was walked")


def _page(number: int, pages: int = PAGES, paginator=UnwalkablePaginator):
    return paginator(range(pages * 10), 10).get_page(number)


@pytest.mark.parametrize(
    "number, window",
    [
        (1, [1, 2, 3, None, PAGES]),
        (2, [1, 2, 3, 4, None, PAGES]),
        (4, [1, 2, 3, 4, 5, 6, None, PAGES]),  # one page between 1 and 3 is linked, not hidden
        (6, [1, None, 4, 5, 6, 7, 8, None, PAGES]),
        (1500, [1, None, 1498, 1499, 1500, 1501, 1502, None, PAGES]),
        (PAGES - 3, [1, None, 2995, 2996, 2997, 2998, 2999, PAGES]),
        (PAGES, [1, None, 2998, 2999, PAGES]),
    ],
)
def test_the_window_at_the_start_middle_and_end(number, window):
    assert page_window(_page(number)) == window


@pytest.mark.parametrize("pages", [1, 2, 6])
def test_a_short_listing_links_every_page(pages):
    for number in range(1, pages + 1):
        assert page_window(_page(number, pages, Paginator)) == list(range(1, pages + 1))


def _render(page, rf, **params):
    return render_to_string("components/pagination.html", {"page_obj": page, "request": rf.get("/ar/search/", params)})


@pytest.mark.parametrize("number, shown", [(1, [1, 2, 3, PAGES]), (1500, [1, 1498, 1499, 1500, 1501, 1502, PAGES]),
                                           (PAGES, [1, 2998, 2999, PAGES])])
def test_the_component_renders_a_bounded_number_of_links(rf, number, shown):
    html = _render(_page(number), rf, q="مدرسة", category="x")
    links = re.findall(r'<a href="\?([^"]*)"([^>]*)>', html)
    numbered = [int(re.search(r"page=(\d+)$", href)[1]) for href, attributes in links if "rel=" not in attributes]
    assert numbered == shown
    assert len(links) == len(shown) + (number > 1) + (number < PAGES)  # with Previous and Next
    assert all(href.startswith("q=%D9%85%D8%AF%D8%B1%D8%B3%D8%A9&amp;category=x&amp;page=") for href, _ in links)
    assert re.findall(r'page=(\d+)" aria-current="page"', html) == [str(number)]
    assert html.count('class="pagination__gap" aria-hidden="true"') == 2 - (number in (1, PAGES))
    assert '<nav class="pagination" aria-label=' in html
    assert ('rel="prev"' in html) == (number > 1) and ('rel="next"' in html) == (number < PAGES)
    assert len(html) < 3000, "the component grew with the number of pages"


def test_a_single_page_renders_no_pagination(rf):
    assert _render(_page(1, 1), rf).strip() == ""


# --- bad page parameters on real listings ---------------------------------------------------------

# The current rule (Django's Paginator.get_page), kept: not a whole number -> the first page;
# zero, negative or past the end -> the last page. Python reads Arabic-Indic digits as digits.
BAD_PAGES = [
    ("abc", "first"), ("", "first"), ("1.5", "first"), ("\x00", "first"), ("2\x00", "first"),
    ("9" * 5000, "first"),  # too long for int(): not a number
    ("-1", "last"), ("0", "last"), ("99999999999999999999", "last"),
    ("٢", 2),
]


@pytest.fixture
def many_results(demo):
    from base.synthetic import create_articles

    create_articles(30, demo.site_a, seed=4)  # 24 news articles, 6 standard pages, all with the word "دوار"
    return demo


def _shown_page(response, name: str) -> tuple[int, int]:
    assert response.status_code == 200
    page = response.context[name]
    return page.number, page.paginator.num_pages


@pytest.mark.parametrize("value, expected", BAD_PAGES)
def test_bad_page_parameters_on_a_listing(many_results, client_a, value, expected):
    news = page_of_type(many_results.site_a, NewsIndexPage)
    number, last = _shown_page(client_a.get(news.url, {"page": value}), "articles")
    assert last >= 3
    assert number == {"first": 1, "last": last}.get(expected, expected)


@pytest.mark.parametrize("value, expected", BAD_PAGES)
def test_bad_page_parameters_on_the_search(many_results, client_a, value, expected):
    number, last = _shown_page(client_a.get("/ar/search/", {"q": "دوار", "page": value}), "search_results")
    assert last == 3
    assert number == {"first": 1, "last": last}.get(expected, expected)
