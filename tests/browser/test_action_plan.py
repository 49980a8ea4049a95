"""Action plans in the real Chromium: a visitor filters the demo's participation action plan
without JavaScript on a 360-px screen (no horizontal scroll), opens an action, and downloads the
filtered CSV; axe-core on the dashboard and an action page in Arabic and French."""
import csv
import json

import pytest

from participation.action_plan.views import EXPORT_FIELDS
from tests.browser.test_accessibility import _axe_violations, horizontal_overflow

pytestmark = pytest.mark.browser

PATHS_SCRIPT = """
import json
from wagtail.models import Locale, Site
from participation.action_plan.models import ActionPlanPage
site = Site.objects.get(hostname="127.0.0.1")
out = {}
for lang in ("ar", "fr"):
    root = site.root_page.get_translation(Locale.objects.get(language_code=lang))
    plan = ActionPlanPage.objects.live().descendant_of(root).get(slug="participation-action-plan")
    action = plan.plan_actions().filter(updates__isnull=False).order_by("code").first()
    out[lang] = {"dashboard": plan.route_path("dashboard"), "action": plan.route_path("action", action.pk)}
out["delayed"] = sorted(ActionPlanPage.objects.get(pk=plan.canonical().pk).plan_actions()
                        .filter(status="delayed").values_list("code", flat=True))
print(json.dumps(out))
"""


@pytest.fixture(scope="session")
def plan_paths(live_site):
    result = live_site.manage("shell", "-c", PATHS_SCRIPT)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_visitor_filters_the_dashboard_and_downloads_the_csv_without_javascript(browser_no_js, live_site, plan_paths):
    visitor = browser_no_js  # JavaScript off, 360 px wide
    visitor.goto(live_site.url_a + plan_paths["ar"]["dashboard"])
    assert horizontal_overflow(visitor) <= 0
    total = int(visitor.locator(".summary-count").inner_text())
    assert total >= 12

    visitor.select_option("#id_status", "delayed")
    visitor.locator("form.filter-form button[type=submit]").click()
    assert "status=delayed" in visitor.url
    assert horizontal_overflow(visitor) <= 0
    assert int(visitor.locator(".summary-count").inner_text()) == len(plan_paths["delayed"]) < total
    titles = visitor.locator(".action-item__title").all_inner_texts()
    assert sorted(t.split(" — ")[0].strip() for t in titles) == plan_paths["delayed"]

    with visitor.expect_download() as download_info:
        visitor.locator("a.export-csv").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(r["code"] for r in rows) == plan_paths["delayed"]
    assert all(r["status"] == "delayed" for r in rows)
    assert set(rows[0]) == set(EXPORT_FIELDS)  # open data: no personal field

    visitor.locator(".action-item__title a").first.click()
    assert horizontal_overflow(visitor) <= 0
    assert visitor.locator("h1").inner_text()


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("kind", ["dashboard", "action"])
def test_axe_reports_no_violation_on_plan_pages(browser_page, live_site, plan_paths, kind, language):
    browser_page.goto(live_site.url_a + plan_paths[language][kind])
    assert browser_page.evaluate("document.documentElement.lang") == language
    violations = _axe_violations(browser_page)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_axe_on_the_dashboard_with_a_bad_filter(browser_page, live_site, plan_paths, language):
    browser_page.goto(live_site.url_a + plan_paths[language]["dashboard"] + "?status=nope&page=zz")
    assert browser_page.locator("[aria-invalid=true]").count() == 1
    violations = _axe_violations(browser_page)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)

