"""The public side of a plan: the dashboard's figures (checked against hand-computed ones), its
query count as actions grow, filters (and garbage in the query string), the action page, and the
CSV/JSON open data (the filtered set, no personal data)."""
import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from participation.action_plan import rules, services
from participation.action_plan.models import ActionPlanPage
from participation.action_plan.views import EXPORT_FIELDS
from tests.participation.action_plan.conftest import make_action, make_axis, path_of

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 1, 10)
D = datetime.date


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(rules, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def sample(plan_a, today):
    """Two axes, five actions; the figures below are computed by hand."""
    x1, x2 = make_axis(plan_a, "X1", "المحور الأول", 1), make_axis(plan_a, "X2", "المحور الثاني", 2)
    actions = {
        "a1": make_action(x1, "a1", status="completed", progress=100, budget_planned=Decimal(1000), budget_committed=Decimal(1000),
                          budget_spent=Decimal(900), end_date=D(2024, 6, 30), neighbourhood="حي النصر", service="المصلحة التقنية"),
        "a2": make_action(x1, "a2", status="in_progress", progress=40, budget_planned=Decimal(3000), budget_committed=Decimal(1500),
                          budget_spent=Decimal(300), end_date=D(2024, 12, 31), neighbourhood="حي الورود", service="المصلحة التقنية"),
        "a3": make_action(x2, "a3", status="delayed", progress=20, budget_planned=Decimal(2000), end_date=D(2025, 6, 30),
                          neighbourhood="حي النصر", service="مصلحة البيئة"),
        "a4": make_action(x2, "a4", status="cancelled", progress=0, budget_planned=Decimal(5000), start_date=D(2023, 1, 1),
                          end_date=D(2024, 1, 1)),
        "a5": make_action(x2, "a5", status="planned", progress=0, budget_planned=Decimal(0), start_date=D(2023, 1, 1),
                          end_date=D(2023, 12, 31)),
    }
    return plan_a, x1, x2, actions


def test_dashboard_figures_match_the_hand_computed_ones(client_a, sample):
    plan, x1, x2, _actions = sample
    response = client_a.get(path_of(plan))
    assert response.status_code == 200
    totals = response.context["totals"]
    assert totals.count == 5
    assert totals.progress == Decimal("40.0")  # (100 + 40 + 20 + 0) / 4, the cancelled action left out
    assert (totals.planned, totals.committed, totals.spent) == (Decimal(6000), Decimal(2500), Decimal(1200))
    assert totals.committed_rate == Decimal("41.7") and totals.spent_rate == Decimal("20.0")
    assert totals.overdue == 2  # a2 (ended 31/12/2024, in progress) and a5; not a4 (cancelled), not a1 (completed)
    assert totals.by_status == {"planned": 1, "in_progress": 1, "completed": 1, "delayed": 1, "cancelled": 1}
    axes = {axis.code: figures for axis, figures in response.context["axes"]}
    assert axes["X1"].count == 2 and axes["X1"].progress == Decimal("70.0")
    assert axes["X1"].committed_rate == Decimal("62.5") and axes["X1"].spent_rate == Decimal("30.0")
    assert axes["X2"].count == 3 and axes["X2"].progress == Decimal("10.0") and axes["X2"].overdue == 1
    assert {a.code for a in response.context["overdue"]} == {"a2", "a5"}
    html = response.content.decode()
    assert "<caption" in html and 'aria-hidden="true"' in html  # tables read, bars hidden


def test_overdue_follows_the_date(client_a, sample, monkeypatch):
    plan = sample[0]
    monkeypatch.setattr(rules, "today", lambda: D(2025, 7, 1))  # a3 (delayed, ends 30/06/2025) is now overdue too
    assert client_a.get(path_of(plan)).context["totals"].overdue == 3
    monkeypatch.setattr(rules, "today", lambda: D(2024, 12, 31))  # a2's last day: still on time
    assert client_a.get(path_of(plan)).context["totals"].overdue == 1


@pytest.mark.parametrize(("query", "codes"), [
    ({"status": "delayed"}, {"a3"}),
    ({"neighbourhood": "حي النصر"}, {"a1", "a3"}),
    ({"service": "المصلحة التقنية"}, {"a1", "a2"}),
    ({"overdue": "1"}, {"a2", "a5"}),
    ({"status": "in_progress", "neighbourhood": "حي النصر"}, set()),
])
def test_filters(client_a, sample, query, codes):
    plan = sample[0]
    response = client_a.get(path_of(plan), query)
    assert response.status_code == 200
    assert {a.code for a in response.context["actions"]} == codes
    assert response.context["totals"].count == len(codes)


def test_axis_filter(client_a, sample):
    plan, x1, _x2, _ = sample
    response = client_a.get(path_of(plan), {"axis": x1.pk})
    assert {a.code for a in response.context["actions"]} == {"a1", "a2"}


@pytest.mark.parametrize("query", [
    "status=nope", "axis=abc", "axis=99999999999999999999999", "axis=-1", "neighbourhood=%00", "service=" + "x" * 5000,
    "page=abc", "page=-5", "page=999999", "overdue=maybe", "status=delayed&status=planned", "axis[]=1", "%ff%fe=1",
])
def test_garbage_in_the_query_string_is_ignored_never_a_500(client_a, sample, query):
    plan = sample[0]
    response = client_a.get(path_of(plan) + "?" + query)
    assert response.status_code == 200
    assert response.context["totals"].count in (5, 1)  # a bad filter is ignored (status=delayed&status=planned keeps one)
    for route in ("export_csv", "export_json"):
        assert client_a.get(path_of(plan, route) + "?" + query).status_code == 200


def test_a_bad_filter_is_reported_beside_the_field_and_the_others_apply(client_a, sample):
    plan = sample[0]
    response = client_a.get(path_of(plan), {"status": "nope", "neighbourhood": "حي النصر"})
    assert response.context["filter_error"]
    assert {a.code for a in response.context["actions"]} == {"a1", "a3"}
    assert 'aria-invalid="true"' in response.content.decode()


def _dashboard_queries(client, plan) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path_of(plan))
    assert response.status_code == 200
    return len(queries)


def test_the_dashboard_query_count_is_flat_as_actions_grow(client_a, plan_a, today):
    axes = [make_axis(plan_a, f"Q{i}", f"محور {i}", i) for i in range(3)]
    for i in range(10):
        make_action(axes[i % 3], f"q{i}", status="in_progress", progress=i, neighbourhood=f"حي {i % 4}", service=f"مصلحة {i % 2}")
    client_a.get(path_of(plan_a))  # warm the caches (site, settings)
    with_10 = _dashboard_queries(client_a, plan_a)
    for i in range(10, 100):
        make_action(axes[i % 3], f"q{i}", status="delayed", progress=i, end_date=D(2024, 3, 1), neighbourhood=f"حي {i % 4}",
                    service=f"مصلحة {i % 2}")
    with_100 = _dashboard_queries(client_a, plan_a)
    assert with_100 == with_10
    with CaptureQueriesContext(connection) as filtered_10:
        client_a.get(path_of(plan_a), {"status": "delayed", "page": "2"})
    assert len(filtered_10) <= with_10 + 1


def test_the_action_page(client_a, sample, superuser):
    plan, _x1, _x2, actions = sample
    action = actions["a2"]
    services.update_action(action, user=superuser, progress=55, text="تقدم الأشغال في الشطر الثاني", date=D(2025, 1, 5))
    response = client_a.get(path_of(plan, "action", action.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "تقدم الأشغال في الشطر الثاني" in html
    assert response.context["overdue"] is True
    assert superuser.username not in html and superuser.email not in html


@pytest.mark.parametrize("suffix", ["actions/0/", "actions/99999999999999999999999/", "actions/abc/", "actions/-1/"])
def test_unknown_actions_are_404(client_a, plan_a, suffix):
    assert client_a.get(path_of(plan_a) + suffix).status_code == 404


def test_another_plans_action_is_404(client_a, sample, plan_b):
    other = make_action(make_axis(plan_b))
    assert client_a.get(path_of(sample[0], "action", other.pk)).status_code == 404


def test_csv_export_is_the_filtered_set_without_personal_data(client_a, sample, superuser):
    plan, _x1, _x2, actions = sample
    services.update_action(actions["a1"], user=superuser, text="=HYPERLINK(\"x\")")
    response = client_a.get(path_of(plan, "export_csv"), {"neighbourhood": "حي النصر"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["code"] for r in rows] == ["a1", "a3"]
    assert rows[0]["budget_planned"] == "1000.00" and rows[0]["status"] == "completed" and rows[0]["progress"] == "100"
    assert rows[0]["url"].endswith(f"/actions/{actions['a1'].pk}/")
    text = response.content.decode("utf-8-sig")
    assert superuser.username not in text and superuser.email not in text


def test_json_export(client_a, sample):
    plan = sample[0]
    response = client_a.get(path_of(plan, "export_json"), {"overdue": "1"})
    body = json.loads(response.content)
    assert body["count"] == 2 and {a["code"] for a in body["actions"]} == {"a2", "a5"}
    assert body["currency"] == "MAD" and body["actions"][0]["overdue"] is True
    assert set(body["actions"][0]) == set(EXPORT_FIELDS)


def test_the_french_page_shows_the_same_plan(client_a, sample):
    plan = sample[0]
    french = plan.copy_for_translation(Locale.objects.get(language_code="fr"), alias=False).specific
    french.title = "Plan de test"
    french.save()
    french.save_revision().publish()
    french = ActionPlanPage.objects.get(pk=french.pk)
    response = client_a.get(path_of(french))
    assert response.status_code == 200 and response.context["totals"].count == 5
    action = sample[3]["a1"]
    assert client_a.get(path_of(french, "action", action.pk)).status_code == 200


def test_the_demo_plans_render_in_arabic_and_french(client_a, demo):
    seen = 0
    for plan in ActionPlanPage.objects.live().descendant_of(demo.site_a.root_page.get_parent()):
        if plan.get_site() != demo.site_a:
            continue
        response = client_a.get(path_of(plan))
        assert response.status_code == 200 and response.context["totals"].count > 0
        first = plan.plan_actions().first()
        assert client_a.get(path_of(plan, "action", first.pk)).status_code == 200
        seen += 1
    assert seen >= 4  # two plans, in Arabic and French


def test_an_empty_plan_renders(client_a, plan_a):
    response = client_a.get(path_of(plan_a))
    assert response.status_code == 200 and response.context["totals"].count == 0
    assert client_a.get(path_of(plan_a, "export_csv")).content.decode("utf-8-sig").startswith("plan,axis_code")
    assert json.loads(client_a.get(path_of(plan_a, "export_json")).content)["count"] == 0


def test_csv_cells_that_look_like_formulas_are_neutralised(client_a, plan_a, today):
    make_action(make_axis(plan_a), "f1", title="=1+1", neighbourhood="@SUM(A1)")
    rows = list(csv.DictReader(io.StringIO(client_a.get(path_of(plan_a, "export_csv")).content.decode("utf-8-sig"))))
    assert rows[0]["title"] == "'=1+1" and rows[0]["neighbourhood"] == "'@SUM(A1)"
