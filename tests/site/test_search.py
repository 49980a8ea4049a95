"""Search finds a page whatever Arabic spelling the visitor types, stays within
the commune, and falls back to the database when Elasticsearch is unreachable."""
import socket
import threading
import time

import pytest

from pages.models import StandardPage
from participation.core.search import normalize_arabic
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
        ("المدرسة", "مدرسه"),  # the definite article
        ("والمدرسة للمدرسة بالمدرسة", "مدرسه مدرسه مدرسه"),  # after a conjunction or preposition
        ("الله الذي والي بالغ", "الله الذي والي بالغ"),  # fewer than three letters would stay
        ("طالب", "طالب"),  # ال inside a word
        ("Mairie de Tiznit", "Mairie de Tiznit"),
        ("ⵜⴰⵎⴰⵣⵉⵖⵜ", "ⵜⴰⵎⴰⵣⵉⵖⵜ"),
        ("", ""),
    ],
)
def test_normalize_arabic(variant, folded):
    assert normalize_arabic(variant) == folded


def test_clean_query_strips_nul_bounds_length_and_folds():
    assert clean_query("  شهادة\x00  الإقامة ") == "شهاده اقامه"
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
        "مستشفى",  # without the article the page has
        "إقامة",
        "والإدارة",  # with one the page does not have
        "للشهادة",
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


@pytest.fixture
def breaker_closed():
    """The search engine's circuit breaker (a flag in the cache) closed before and after."""
    from django.core.cache import cache

    from search.query import BREAKER_OPEN, BREAKER_PROBE, BREAKER_TRIPPED

    cache.delete_many([BREAKER_OPEN, BREAKER_TRIPPED, BREAKER_PROBE])
    yield
    cache.delete_many([BREAKER_OPEN, BREAKER_TRIPPED, BREAKER_PROBE])


def _elasticsearch_at(settings, port: int, timeout: float) -> None:
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.elasticsearch",
            "URLS": [f"http://127.0.0.1:{port}"],
            "TIMEOUT": timeout,
            "OPTIONS": {"max_retries": 0},
        },
        "database": {"BACKEND": "wagtail.search.backends.database"},
    }


def test_elasticsearch_unreachable_falls_back_to_database(indexed_page, client_a, settings, caplog, breaker_closed):
    _elasticsearch_at(settings, _closed_port(), 2)
    with caplog.at_level("WARNING", logger="jamaa.search"):
        response = client_a.get("/ar/search/", {"q": "شهاده الاقامه"})
    assert response.status_code == 200
    assert indexed_page.pk in [p.pk for p in response.context["search_results"]]
    assert any("unreachable" in r.getMessage() for r in caplog.records)


@pytest.fixture
def hung_elasticsearch():
    """A port that accepts connections and never answers, as a hung node does: (port, connections accepted)."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    accepted, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])  # held open, never read nor answered
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1], accepted
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


def test_a_hung_search_engine_costs_one_timeout_then_is_skipped(
        indexed_page, client_a, settings, caplog, breaker_closed, hung_elasticsearch):
    """After Elasticsearch timed out, searches go straight to the database for
    JAMAA_SEARCH_BREAKER_SECONDS (one warning), then one search tries Elasticsearch again while
    the others keep to the database."""
    from django.core.cache import cache

    from search.query import BREAKER_PROBE

    port, accepted = hung_elasticsearch
    _elasticsearch_at(settings, port, 1)
    settings.JAMAA_SEARCH_BREAKER_SECONDS = 2

    def search() -> float:
        started = time.monotonic()
        response = client_a.get("/ar/search/", {"q": "شهاده الاقامه"})
        assert response.status_code == 200
        assert indexed_page.pk in [p.pk for p in response.context["search_results"]]
        return time.monotonic() - started

    with caplog.at_level("WARNING", logger="jamaa.search"):
        first = search()
        assert first >= 1 and len(accepted) == 1  # waited for the timeout, then answered from the database
        second = search()
        assert second < 0.5 and len(accepted) == 1  # Elasticsearch not even asked
    warnings = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(warnings) == 1 and "2 s" in warnings[0].getMessage()

    time.sleep(2.1)  # the window is over
    assert cache.add(BREAKER_PROBE, True, 60)  # another process is trying Elasticsearch again
    assert search() < 0.5 and len(accepted) == 1  # this one does not wait for it too
    cache.delete(BREAKER_PROBE)  # its try is over, without an answer
    third = search()  # this one tries it (it still hangs)
    assert third >= 1 and len(accepted) == 2
    assert cache.get(BREAKER_PROBE) is None  # released for the next window
    print(f"\n[search] hung Elasticsearch (1 s timeout): {first:.2f} s, then {second:.3f} s within the window, "
          f"{third:.2f} s after it")


def test_the_search_engine_answering_again_is_logged_once(indexed_page, client_a, settings, caplog, breaker_closed):
    from django.core.cache import cache

    from search.query import BREAKER_TRIPPED

    database = {"BACKEND": "wagtail.search.backends.database"}
    settings.WAGTAILSEARCH_BACKENDS = {"default": database, "database": database}  # an engine that answers
    cache.set(BREAKER_TRIPPED, True)  # it failed, and its window is over
    with caplog.at_level("INFO", logger="jamaa.search"):
        for _ in range(2):
            assert client_a.get("/ar/search/", {"q": "شهاده الاقامه"}).status_code == 200
    assert [r.getMessage() for r in caplog.records if r.name == "jamaa.search"] == ["Search engine answers again"]


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



# --- titles, folded like the text ---------------------------------------------------------------

@pytest.fixture
def school_pages(demo, django_capture_on_commit_callbacks):
    """A page titled "مدرسة الأمل", and two whose text names the school more often but whose title does not."""
    home = demo.site_a.root_page
    pages = {}
    with django_capture_on_commit_callbacks(execute=True):
        for slug, title, text in [
            ("school-title", "مدرسة الأمل", "افتتاح قسم جديد للتعليم الأولي بالحي."),
            ("school-body-1", "أشغال الطريق", "أشغال قرب مدرسة الأمل: الطريق إلى مدرسة الأمل مغلق قرب المدرسة."),
            ("school-body-2", "النقل المدرسي", "حافلة تنقل التلاميذ إلى مدرسة الأمل وإلى مدرسة الفتح كل صباح."),
        ]:
            page = StandardPage(title=title, slug=slug, body=[("paragraph", f"<p>{text}</p>")])
            home.add_child(instance=page)
            page.save_revision().publish()
            pages[slug] = page
    return pages


@pytest.mark.parametrize("query", ["مدرسه", "مدرسة", "مدرسه الامل", "مدرسة الأمل", "مَدْرَسَةُ الإمل", "مدرســة"])
def test_a_title_ranks_first_whatever_spelling_the_visitor_types(school_pages, client_a, query):
    response = client_a.get("/ar/search/", {"q": query})
    results = [page.pk for page in response.context["search_results"]]
    assert results[0] == school_pages["school-title"].pk, query


def test_titles_are_indexed_folded_with_the_title_boost(school_pages):
    """Database backend: the title column (weighted apart) holds the folded title. Elasticsearch: the
    title field, copied to the boosted text, holds it too (its analyzer folds as well, but both agree).
    The admin's search (autocomplete) keeps the title as written."""
    from wagtail.search.models import IndexEntry

    from search.backends.elasticsearch import ArabicElasticsearchBackend

    page = school_pages["school-title"]
    entry = IndexEntry.objects.get(object_id=str(page.pk), content_type=page.content_type)
    title, autocomplete = str(entry.title), str(entry.autocomplete)  # text on SQLite, a tsvector on PostgreSQL
    assert "مدرسه" in title and "امل" in title and "مدرسة" not in title and "الامل" not in title
    assert "مدرسة" in autocomplete and "الأمل" in autocomplete

    mapping = ArabicElasticsearchBackend({"URLS": ["http://127.0.0.1:9"]}).mapping_class(StandardPage)
    assert mapping.get_document(page)["title"] == "مدرسه امل"
    assert "_all_text_boost_2_0" in mapping.get_mapping()["properties"]["title"]["copy_to"]


def test_words_match_exactly_on_every_database(demo, client_a, django_capture_on_commit_callbacks):
    """The database backend matches words as written (after folding): SQLite's FTS5 does, and PostgreSQL
    with SEARCH_CONFIG 'simple' (with the cluster's english default, "cour" found "cours" and the
    French "on" was a stop word)."""
    home = demo.site_a.root_page
    page = StandardPage(title="Inscriptions", slug="french-words-search-test",
                        body=[("paragraph", "<p>On peut suivre les cours du soir.</p>")])
    with django_capture_on_commit_callbacks(execute=True):
        home.add_child(instance=page)
        page.save_revision().publish()

    def found(query: str) -> bool:
        return page.pk in [p.pk for p in client_a.get("/ar/search/", {"q": query}).context["search_results"]]

    assert found("cours") and found("on") and found("Inscriptions")
    assert not found("cour") and not found("inscription")
