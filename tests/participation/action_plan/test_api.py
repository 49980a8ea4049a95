"""The public API of the action plans (/api/v1/action_plan/): published plans of the commune on
the request's host, their figures, their actions; never a person's data."""
import datetime
from decimal import Decimal

import pytest

from participation.action_plan import rules, services
from tests.participation.action_plan.conftest import make_action, make_axis, make_plan

pytestmark = pytest.mark.django_db
API = "/api/v1/action_plan"


@pytest.fixture
def data(plan_a, plan_b, superuser, monkeypatch):
    monkeypatch.setattr(rules, "today", lambda: datetime.date(2025, 1, 10))
    x1 = make_axis(plan_a, "X1")
    a1 = make_action(x1, "a1", status="in_progress", progress=50, budget_planned=Decimal(2000), budget_committed=Decimal(1000),
                     neighbourhood="حي النصر")
    a2 = make_action(x1, "a2", status="completed", progress=100, budget_planned=Decimal(2000), end_date=datetime.date(2026, 1, 1))
    services.update_action(a1, user=superuser, progress=60, text="ملاحظة عمومية")
    other = make_action(make_axis(plan_b, "Y1"), "b1")
    draft = make_plan(plan_a.get_site())
    draft.unpublish()
    hidden = make_action(make_axis(draft, "D1"), "d1")
    return plan_a, a1, a2, other, hidden


def test_plans_with_their_figures(client_a, data):
    plan = data[0]
    plans = {p["id"]: p for p in client_a.get(f"{API}/plans").json()}
    assert plan.pk in plans and data[3].plan_id not in plans and data[4].plan_id not in plans
    figures = plans[plan.pk]["figures"]
    assert figures["actions"] == 2 and Decimal(figures["progress"]) == Decimal("80.0")  # (60 + 100) / 2
    assert Decimal(figures["committed_rate"]) == Decimal("25.0")  # 1000 / 4000
    assert figures["overdue"] == 1  # a1 ended 31/12/2024
    detail = client_a.get(f"{API}/plans/{plan.pk}").json()
    assert [a["code"] for a in detail["axes"]] == ["X1"] and detail["axes"][0]["figures"]["actions"] == 2


def test_actions_filtered_and_detailed_without_personal_data(client_a, client_b, data, superuser):
    plan, a1, a2, other, hidden = data
    items = client_a.get(f"{API}/actions", {"plan": plan.pk, "limit": 100}).json()["items"]
    assert {i["code"] for i in items} == {"a1", "a2"}
    codes = {i["code"] for i in client_a.get(f"{API}/actions", {"limit": 100}).json()["items"]}
    assert "b1" not in codes and "d1" not in codes
    assert [i["code"] for i in client_a.get(f"{API}/actions", {"plan": plan.pk, "status": "completed"}).json()["items"]] == ["a2"]
    assert [i["code"] for i in client_a.get(f"{API}/actions", {"plan": plan.pk, "overdue": "true"}).json()["items"]] == ["a1"]
    assert [i["code"] for i in client_a.get(f"{API}/actions", {"plan": plan.pk, "neighbourhood": "حي النصر"}).json()["items"]] == ["a1"]
    detail = client_a.get(f"{API}/actions/{a1.pk}")
    body = detail.json()
    assert body["updates"][0]["text"] == "ملاحظة عمومية" and body["updates"][0]["new_progress"] == 60
    assert superuser.username not in detail.content.decode() and superuser.email not in detail.content.decode()
    assert client_b.get(f"{API}/actions/{a1.pk}").status_code == 404
    assert client_a.get(f"{API}/actions/{other.pk}").status_code == 404
    assert client_a.get(f"{API}/actions/{hidden.pk}").status_code == 404


@pytest.mark.parametrize("query", [{"status": "done"}, {"limit": "0"}, {"offset": "-1"}, {"plan": "abc"}, {"plan": "0"},
                                   {"axis": "99999999999999999999999"}, {"overdue": "maybe"}])
def test_bad_parameters_are_422(client_a, demo, query):
    assert client_a.get(f"{API}/actions", query).status_code == 422


@pytest.mark.parametrize("path", ["plans/0", "plans/99999999999999999999999", "plans/abc", "actions/0", "actions/abc",
                                  "actions/99999999999999999999999"])
def test_bad_ids_are_never_500(client_a, demo, path):
    assert client_a.get(f"{API}/{path}").status_code in (404, 422)


def test_the_schema_lists_the_routes(client_a, demo):
    paths = client_a.get("/api/v1/openapi.json").json()["paths"]
    assert f"{API}/plans" in paths and f"{API}/actions/{{action_id}}" in paths
