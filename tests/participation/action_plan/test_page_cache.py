"""The plan's dashboard is served from the page cache to anonymous visitors; an import (one
bulk insert, no post_save) and a progress update both render it afresh."""
import pytest
from django.core.cache import cache
from django.test import Client

from participation.action_plan import services
from participation.action_plan.models import Action
from tests.conftest import HOST_A
from tests.participation.action_plan.conftest import make_axis
from tests.participation.action_plan.test_importer import ROWS, _import, csv_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.JAMAA_PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def _get(path):
    return Client(HTTP_HOST=HOST_A).get(path)


def test_an_import_and_an_update_refresh_the_cached_dashboard(plan_a, django_capture_on_commit_callbacks):
    make_axis(plan_a, "N1", "المساحات الخضراء")
    make_axis(plan_a, "N2", "الإنارة العمومية", order=2)  # the import then only inserts actions, in bulk
    path = plan_a.route_path("dashboard")
    assert _get(path)["X-Page-Cache"] == "miss"
    assert _get(path)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        assert _import(plan_a, csv_file(ROWS)).ok
    response = _get(path)
    assert response["X-Page-Cache"] == "miss" and "تهيئة حديقة الحي" in response.content.decode()

    assert _get(path)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.update_action(Action.objects.get(plan=plan_a, code="N2.1"), status="delayed", text="تأخر التوريد.")
    assert _get(path)["X-Page-Cache"] == "miss"
