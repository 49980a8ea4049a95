"""Every page type renders with a bounded number of queries, uncached (the page cache is off in
tests), in Arabic and French: the demo's first page of each type is fetched twice (the second
fetch counted, once per-process caches are warm). Listings that grow are checked for flatness
in test_budgets.py and in each plugin's tests; this catches a page type that creeps up."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

pytestmark = pytest.mark.django_db

PAGE_BUDGET = 30
#: routes of plugin pages that aggregate the most (results, dashboards, registers)
ROUTE_BUDGET = 40


def _count(client, path) -> int:
    assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def _pages_by_type(site):
    roots = [site.root_page, *site.root_page.get_translations()]
    seen = {}
    for root in roots:
        for page in Page.objects.descendant_of(root, inclusive=True).live().public().specific().order_by("path"):
            seen.setdefault((type(page).__name__, page.locale.language_code), page)
    return seen


def test_every_page_type_stays_within_its_query_budget(demo, client_a):
    pages = _pages_by_type(demo.site_a)
    assert len({name for name, _language in pages}) >= 20  # the CMS and every plugin's pages
    counts = {key: _count(client_a, page.get_url_parts()[2]) for key, page in pages.items()}
    over = {key: n for key, n in counts.items() if n > PAGE_BUDGET}
    assert not over, over


def test_the_heaviest_plugin_routes_stay_within_their_budget(demo, client_a):
    from participation.action_plan.models import ActionPlanPage
    from participation.charter.models import CharterPage
    from participation.petitions.models import Petition, PetitionIndexPage

    charter = CharterPage.objects.live().descendant_of(demo.site_a.root_page).first()
    plan = ActionPlanPage.objects.live().descendant_of(demo.site_a.root_page).first()
    petitions = PetitionIndexPage.objects.live().descendant_of(demo.site_a.root_page).first()
    petition = Petition.objects.filter(site=demo.site_a, status="open").first()
    paths = [charter.route_path("monitoring"), charter.route_path("register"), plan.route_path("dashboard"),
             plan.route_path("dashboard") + "?status=in_progress", petitions.route_path("detail", petition.pk)]
    counts = {path: _count(client_a, path) for path in paths}
    over = {path: n for path, n in counts.items() if n > ROUTE_BUDGET}
    assert not over, over
