"""PRODUCT.md budgets that are deterministic: page weight, request count, no
third-party requests, and query counts that stay flat as listings grow."""
import datetime
import re
from pathlib import Path
from urllib.parse import urlparse

from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from library.models import DocumentLibraryPage, OfficialDocumentPage
from news.models import NewsIndexPage, NewsPage
from services.models import ServiceIndexPage, ServicePage
from tests.site.helpers import page_of_type

BUDGET_BYTES = 150 * 1024
BUDGET_REQUESTS = 15
ASSET = re.compile(r"<(?:link|script)\b[^>]*\b(?:href|src)=\"([^\"]+)\"[^>]*>")


def _assets(html):
    """Stylesheets, scripts, icons and fonts the page makes the browser load."""
    out = []
    for match in ASSET.finditer(html):
        tag, url = match.group(0), match.group(1)
        if tag.startswith("<script") or re.search(r'rel="(stylesheet|icon|preload|modulepreload)"', tag):
            out.append(url)
    return out


def test_home_page_first_load_within_budget(demo, client_a):
    html = client_a.get("/ar/").content
    assets = _assets(html.decode())
    total = len(html)
    for url in assets:
        parsed = urlparse(url)
        assert not parsed.netloc or parsed.hostname in ("127.0.0.1", "localhost"), f"third-party request: {url}"
        path = finders.find(parsed.path.removeprefix("/static/"))
        assert path, f"asset not found: {url}"
        total += Path(path).stat().st_size
    assert 1 + len(assets) <= BUDGET_REQUESTS
    assert total <= BUDGET_BYTES, f"{total} bytes"


def _queries(client, url):
    """Queries of a warm request (site paths, settings and renditions cached)."""
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add_news(index, n):
    start = NewsPage.objects.child_of(index).count()
    for i in range(start, start + n):
        index.add_child(instance=NewsPage(title=f"خبر تجريبي {i}", slug=f"bench-news-{i}", intro="ملخص", date=datetime.date(2024, 1, 1)))


def test_news_index_queries_do_not_grow_with_articles(demo, client_a):
    index = page_of_type(demo.site_a, NewsIndexPage)
    _add_news(index, 10)
    before = _queries(client_a, index.url)
    _add_news(index, 90)
    assert _queries(client_a, index.url) == before


def test_home_page_queries_do_not_grow_with_news(demo, client_a):
    index = page_of_type(demo.site_a, NewsIndexPage)
    _add_news(index, 5)
    before = _queries(client_a, "/ar/")
    _add_news(index, 50)
    assert _queries(client_a, "/ar/") == before


def test_library_queries_do_not_grow_with_documents(demo, client_a):
    library = page_of_type(demo.site_a, DocumentLibraryPage)

    def add(n, start):
        for i in range(start, start + n):
            library.add_child(instance=OfficialDocumentPage(title=f"مقرر {i}", slug=f"bench-doc-{i}", category="decision", date=datetime.date(2023, 5, 1)))

    add(20, 0)
    before = _queries(client_a, library.url + "?category=decision")
    add(80, 20)
    assert _queries(client_a, library.url + "?category=decision") == before


def test_services_index_queries_do_not_grow_with_services(demo, client_a):
    index = page_of_type(demo.site_a, ServiceIndexPage)

    def add(n, start):
        for i in range(start, start + n):
            index.add_child(instance=ServicePage(title=f"خدمة {i}", slug=f"bench-service-{i}", category="الحالة المدنية", summary="ملخص"))

    add(10, 0)
    before = _queries(client_a, index.url)
    add(90, 10)
    assert _queries(client_a, index.url) == before
