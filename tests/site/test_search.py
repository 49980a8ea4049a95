"""Search finds a page whatever Arabic spelling the visitor types, stays within
the commune, and falls back to the database when Elasticsearch is unreachable."""
import socket

import pytest

from pages.models import StandardPage
from search.normalize import normalize_arabic
from search.query import clean_query


@pytest.mark.parametrize(
    "variant, folded",
    [
        ("مَدْرَسَةٌ", "مدرسه"),  # diacritics and ta marbuta
        ("مدرســـة", "مدرسه"),  # tatweel
        ("أحمد", "احمد"),
        ("إدارة", "اداره"),
        ("آمال", "امال"),
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("ا\u0653مال", "امال"),  # alef + combining madda composes to آ
        ("Mairie de Tiznit", "Mairie de Tiznit"),
        ("ⵜⴰⵎⴰⵣⵉⵖⵜ", "ⵜⴰⵎⴰⵣⵉⵖⵜ"),
        ("", ""),
    ],
)
def test_normalize_arabic(variant, folded):
    assert normalize_arabic(variant) == folded


def test_clean_query_strips_nul_bounds_length_and_folds():
    assert clean_query("  شهادة\x00  الإقامة ") == "شهاده الاقامه"
    assert len(clean_query("ا" * 5000)) == 200


@pytest.fixture
def indexed_page(demo, django_capture_on_commit_callbacks):
    home = demo.site_a.root_page
    page = StandardPage(
        title="شهادة الإقامة في المستشفى",
        slug="residence-certificate-search-test",
        body=[("paragraph", "<p>تسلم الإدارة الشهادة في أجل أقصاه يومان.</p>")],
    )
    with django_capture_on_commit_callbacks(execute=True):
        home.add_child(instance=page)
        page.save_revision().publish()
    return page


@pytest.mark.parametrize(
    "query",
    [
        "شهادة الإقامة",  # as written
        "شهاده الاقامه",  # ha for ta marbuta, bare alef
        "شَهَادَة الإِقَامَة",  # with diacritics
        "شهـــادة الإقـامة",  # with tatweel
        "المستشفي",  # ya for alef maqsura
        "الاداره",  # word of the body
        "آجل اقصاه",  # madda and bare alef for hamza forms
    ],
)
def test_every_spelling_variant_finds_the_page(indexed_page, client_a, query):
    response = client_a.get("/ar/search/", {"q": query})
    assert response.status_code == 200
    results = response.context["search_results"]
    assert indexed_page.pk in [p.pk for p in results], query


def test_search_stays_within_the_commune(indexed_page, client_b):
    response = client_b.get("/ar/search/", {"q": "شهادة الإقامة في المستشفى"})
    assert indexed_page.pk not in [p.pk for p in response.context["search_results"]]


@pytest.mark.parametrize("q", ["", "   ", "\x00", "' OR 1=1 --", "{{ 7*7 }}", "<script>alert(1)</script>", "ا" * 10000])
def test_odd_queries_never_fail(demo, client_a, q):
    response = client_a.get("/ar/search/", {"q": q, "page": "x"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_elasticsearch_unreachable_falls_back_to_database(indexed_page, client_a, settings, caplog):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.elasticsearch",
            "URLS": [f"http://127.0.0.1:{_closed_port()}"],
            "TIMEOUT": 2,
            "OPTIONS": {"max_retries": 0},
        },
        "database": {"BACKEND": "wagtail.search.backends.database"},
    }
    with caplog.at_level("WARNING", logger="jamaa.search"):
        response = client_a.get("/ar/search/", {"q": "شهاده الاقامه"})
    assert response.status_code == 200
    assert indexed_page.pk in [p.pk for p in response.context["search_results"]]
    assert any("unreachable" in r.getMessage() for r in caplog.records)


def test_elasticsearch_backend_uses_an_arabic_analyzer():
    from search.backends.elasticsearch import ArabicElasticsearchBackend

    backend = ArabicElasticsearchBackend({"URLS": ["http://127.0.0.1:9"]})
    default = backend.settings["settings"]["analysis"]["analyzer"]["default"]
    assert "arabic_normalization" in default["filter"]
    assert "ngram_analyzer" in backend.settings["settings"]["analysis"]["analyzer"]


def test_only_live_public_pages_are_searchable(indexed_page, client_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        indexed_page.unpublish()
    response = client_a.get("/ar/search/", {"q": "شهادة الإقامة في المستشفى"})
    assert indexed_page.pk not in [p.pk for p in response.context["search_results"]]


# --- many results -------------------------------------------------------------------------------

SYNTHETIC_WORD = "دوار"  # in every synthetic page (base/synthetic_text.py), in no page of commune A's demo


def _search_queries(client, query: str) -> tuple[int, int, int]:
    """(queries, results, results shown) of the search page, once per-process caches are warm."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/ar/search/", {"q": query})
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/ar/search/", {"q": query})
    assert response.status_code == 200
    results = response.context["search_results"]
    return len(queries), results.paginator.count, len(results.object_list)


def test_search_page_queries_do_not_grow_with_the_results(demo, client_a, monkeypatch):
    from base.synthetic import create_articles

    monkeypatch.setattr("search.query.RESULTS_PER_PAGE", 50)  # every result on the page
    create_articles(10, demo.site_a, seed=1)  # news articles and standard pages
    few = _search_queries(client_a, SYNTHETIC_WORD)
    create_articles(40, demo.site_a, seed=2)
    many = _search_queries(client_a, SYNTHETIC_WORD)
    assert few[1:] == (10, 10) and many[1:] == (50, 50)
    assert many[0] == few[0], f"{few[0]} queries for 10 results, {many[0]} for 50"


def test_the_pagination_links_are_those_of_every_listing(rf):
    """The search's paginator names only the page numbers the component shows: the same links (the HTML
    but for the blank lines that the loop wrote for each number it skipped)."""
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    from search.query import WindowPaginator

    request = rf.get("/ar/search/", {"q": "x"})
    for count in (5, 11, 35, 95, 2000):
        for number in (1, 2, 3, 4, 5, 6, 7, 50, 197, 198, 199, 200):
            pages = [paginator(range(count), 10).get_page(number) for paginator in (Paginator, WindowPaginator)]
            plain, window = (" ".join(render_to_string("components/pagination.html",
                                                       {"page_obj": p, "request": request}).split())
                             for p in pages)
            assert window == plain, (count, number)


def _postgres_only():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the bounded ranking is for PostgreSQL's database backend")


def test_postgres_index_covers_the_combined_vector(db):
    _postgres_only()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'sitesearch_indexentry_title_body_gin'")
        (definition,) = cursor.fetchone()
    assert "gin" in definition and "title || body" in definition


def _all_result_ids(root, query: str) -> tuple[int, list[int]]:
    from search.query import search_pages

    first = search_pages(query, root, 1)
    ids = []
    for number in first.paginator.page_range:
        ids += [page.pk for page in search_pages(query, root, number).object_list]
    return first.paginator.count, ids


def test_postgres_ranks_the_newest_matches_then_lists_the_others(demo, monkeypatch):
    _postgres_only()
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from base.synthetic import create_articles

    create_articles(35, demo.site_a, seed=3)
    planner = _planner_settings()
    root = demo.site_a.root_page
    pages = Page.objects.live().public().descendant_of(root, inclusive=True)
    backend_order = [p.pk for p in get_search_backend().search(SYNTHETIC_WORD, pages, operator="and")]
    total, ids = _all_result_ids(root, SYNTHETIC_WORD)
    assert total == 35 and ids == backend_order  # fewer matches than RANKED_MATCHES: the backend's own ranking

    monkeypatch.setattr("search.query.RANKED_MATCHES", 12)
    total, ids = _all_result_ids(root, SYNTHETIC_WORD)
    assert total == 35 and sorted(ids) == sorted(backend_order)  # every match, once, the count exact
    newest = sorted(ids, reverse=True)[:12]
    assert ids[:12] == [pk for pk in backend_order if pk in newest]  # the 12 newest, ranked
    assert ids[12:] == sorted(ids[12:], reverse=True)  # then the others, newest first
    assert _planner_settings() == planner  # the search's SET LOCAL did not outlive it (in the test's transaction)


def _planner_settings() -> tuple:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('max_parallel_workers_per_gather')")
        return cursor.fetchone()

