"""Fixtures of the action-plan tests: a plan page made to measure in each demo commune, axes and
actions, and the demo's own plans."""
import datetime
import itertools
from decimal import Decimal

import pytest

from participation.action_plan.models import Action, ActionPlanPage, Axis

_n = itertools.count(1)


def make_plan(site, **fields) -> ActionPlanPage:
    n = next(_n)
    values = {"title": f"خطة تجريبية {n}", "slug": f"plan-test-{n}", "kind": "programme", "first_year": 2024, "last_year": 2026}
    values |= fields
    plan = ActionPlanPage(**values)
    site.root_page.add_child(instance=plan)
    plan.save_revision().publish()
    return ActionPlanPage.objects.get(pk=plan.pk)


def make_axis(plan, code="X1", title="محور تجريبي", order=1) -> Axis:
    return Axis.objects.create(plan=plan, site=plan.get_site(), code=code, title=title, sort_order=order)


def make_action(axis, code=None, **fields) -> Action:
    values = {
        "code": code or f"T{next(_n)}", "title": "نشاط تجريبي", "start_date": datetime.date(2024, 1, 1),
        "end_date": datetime.date(2024, 12, 31), "budget_planned": Decimal("1000"),
    } | fields
    return Action.objects.create(plan=axis.plan, axis=axis, site_id=axis.site_id, **values)


@pytest.fixture
def plan_a(demo):
    return make_plan(demo.site_a)


@pytest.fixture
def plan_b(demo):
    return make_plan(demo.site_b)


@pytest.fixture
def axis_a(plan_a):
    return make_axis(plan_a)


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root-plan", "root-plan@example.ma", "x")


def path_of(plan, route="dashboard", *args) -> str:
    return plan.route_path(route, *args)
