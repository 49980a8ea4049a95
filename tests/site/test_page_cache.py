"""The full-page cache for anonymous visitors (base/page_cache.py): a page is rendered once
and then served without a query; publishing, or any change of the records a commune's pages
show, renders it afresh — in that commune only; staff, messages and private pages are never
cached."""
import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from base import page_cache
from news.models import NewsPage
from tests.conftest import HOST_A, HOST_B
from tests.site.helpers import page_of_type

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def enabled(settings):
    settings.JAMAA_PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def get(path, host=HOST_A, client=None):
    return (client or Client(HTTP_HOST=host)).get(path)


def test_a_page_is_rendered_once_then_served_without_a_query(demo):
    assert get("/ar/")["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        response = get("/ar/")
    assert response.status_code == 200 and response["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert response.content == get("/ar/").content  # no form on the home page: the very same bytes


def test_publishing_renders_the_communes_pages_afresh_and_only_theirs(demo, django_capture_on_commit_callbacks):
    article = page_of_type(demo.site_a, NewsPage)
    path = article.get_url_parts()[2]
    get(path), get("/ar/", host=HOST_B)
    assert get(path)["X-Page-Cache"] == "hit"

    article.title = "عنوان جديد للمقال"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()

    response = get(path)
    assert response["X-Page-Cache"] == "miss" and "عنوان جديد للمقال" in response.content.decode()
    assert get("/ar/", host=HOST_B)["X-Page-Cache"] == "hit"  # the other commune's pages stay


def test_staff_always_see_fresh_pages(demo):
    user = get_user_model().objects.create_superuser("cache-staff", "cache-staff@example.org", "x")
    staff = Client(HTTP_HOST=HOST_A)
    staff.force_login(user)
    get("/ar/"), get("/ar/")
    response = staff.get("/ar/")
    assert response.status_code == 200 and "X-Page-Cache" not in response


def test_private_and_failed_responses_are_not_stored(demo):
    assert get("/ar/no-such-page/").status_code == 404
    assert "X-Page-Cache" not in get("/ar/no-such-page/")
    assert "X-Page-Cache" not in get("/admin/login/")


class DownCache:
    def __getattr__(self, name):
        def broken(*args, **kwargs):
            raise ConnectionError("cache down")

        return broken


def test_with_the_page_cache_down_pages_are_rendered(demo, monkeypatch):
    monkeypatch.setattr(page_cache, "cache", DownCache())
    page_cache.bump(HOST_A)  # logged, not raised
    response = get("/ar/")
    assert response.status_code == 200 and "X-Page-Cache" not in response


class Clock:
    """page_cache's time.time(), moved by hand."""

    def __init__(self):
        self.now = 1_000_000.0

    def time(self):
        return self.now


def test_a_changed_record_shows_once_the_stored_page_is_a_few_seconds_old(demo, settings, monkeypatch,
                                                                           django_capture_on_commit_callbacks):
    """A petition going viral changes its count dozens of times a second: the commune's pages are then
    rendered again at most every JAMAA_PAGE_CACHE_RECORD_SECONDS, not at every change."""
    from base.models import CommuneSettings

    settings.JAMAA_PAGE_CACHE_RECORD_SECONDS = 5
    clock = Clock()
    monkeypatch.setattr(page_cache, "time", clock)
    assert get("/ar/")["X-Page-Cache"] == "miss" and get("/ar/", host=HOST_B)["X-Page-Cache"] == "miss"

    clock.now += 1
    commune = CommuneSettings.for_site(demo.site_a)
    commune.name_ar = "جماعة الاسم الجديد"
    with django_capture_on_commit_callbacks(execute=True):
        commune.save()

    clock.now += 3
    young = get("/ar/")
    assert young["X-Page-Cache"] == "hit" and "جماعة الاسم الجديد" not in young.content.decode()
    clock.now += 1
    renewed = get("/ar/")
    assert renewed["X-Page-Cache"] == "miss" and "جماعة الاسم الجديد" in renewed.content.decode()
    assert get("/ar/")["X-Page-Cache"] == "hit"  # stored after the change: served again
    assert get("/ar/", host=HOST_B)["X-Page-Cache"] == "hit"  # the other commune's pages stay


def test_many_changes_a_second_cost_one_cache_write_each_and_no_flush(demo, settings):
    settings.JAMAA_PAGE_CACHE_RECORD_SECONDS = 5
    get("/ar/")
    for _ in range(50):
        page_cache.mark_changed(HOST_A)
    assert get("/ar/")["X-Page-Cache"] == "hit"  # stored less than 5 s ago
    settings.JAMAA_PAGE_CACHE_RECORD_SECONDS = 0
    page_cache.mark_changed(HOST_A)  # 0: the next request renders afresh
    assert get("/ar/")["X-Page-Cache"] == "miss"
