"""Many communes on one installation: a page costs the same queries with 2 or 22 communes
(no per-request scan of the sites), and synthetic communes are whole: their own host, pages,
settings and staff who see only their commune."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from base.synthetic import hostname
from tests.conftest import HOST_A

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def synthetic_hosts(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".jamaa.test"]


def _queries(host: str, path: str) -> int:
    client = Client(HTTP_HOST=host)
    assert client.get(path).status_code == 200  # warm what is cached per process (templates, site root paths)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (host, path, response.status_code)
    return len(queries)


def test_page_queries_stay_flat_as_communes_are_added(demo):
    call_command("create_communes", "2", stdout=StringIO())
    few = {(host, path): _queries(host, path) for host, path in
           [(hostname(1), "/ar/"), (hostname(2), "/ar/news/news-1/"), (HOST_A, "/ar/")]}

    call_command("create_communes", "20", "--start", "3", stdout=StringIO())
    assert Site.objects.filter(hostname__endswith=".jamaa.test").count() == 22
    many = {key: _queries(*key) for key in few}
    assert many == few
    assert _queries(hostname(22), "/ar/") == few[(hostname(1), "/ar/")]  # the newest costs the same


def test_a_synthetic_commune_is_whole_and_created_once(demo):
    call_command("create_communes", "1", "--start", "7", stdout=StringIO())
    call_command("create_communes", "1", "--start", "7", stdout=StringIO())  # idempotent
    site = Site.objects.get(hostname=hostname(7))
    assert site.root_page.get_descendants().live().count() == 5
    html = Client(HTTP_HOST=hostname(7)).get("/ar/news/").content.decode()
    assert "خبر رقم 3" in html and "جماعة تجريبية 7" in html
    staff = Client(HTTP_HOST=hostname(7))
    staff.login(username="synthetic0007_editor", password="jamaa-demo-2026")
    assert staff.get("/admin/").status_code == 200
