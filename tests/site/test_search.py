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
