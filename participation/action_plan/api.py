"""Public API of the action plans (mounted at /api/v1/action_plan/).

The published plans of the commune answering on the request's host name (their pages in the site's
default language), their axes with the dashboard's figures, and their actions with indicators,
public updates and origins. Nothing about people: no staff names, no contacts. Amounts in MAD.
Figures follow participation.action_plan.rules (average progress of the actions that are not
cancelled; committed and spent ÷ planned; overdue by the date in Africa/Casablanca).
"""
import datetime
from decimal import Decimal
from typing import Literal

from django.db.models import Prefetch
from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from wagtail.models import Locale, Site

from participation.action_plan import rules
from participation.action_plan.models import Action, ActionIndicator, ActionPlanPage, ActionStatus, Axis
from participation.core.api import MAX_ID, Pagination, text_filter

router = Router(tags=["action plan"])

Status = Literal[tuple(str(s) for s in ActionStatus.values)]


class FiguresOut(Schema):
    actions: int
    by_status: dict[str, int]
    progress: Decimal | None = Field(description="Average progress (%) of the actions that are not cancelled.")
    budget_planned: Decimal
    budget_committed: Decimal
    budget_spent: Decimal
    committed_rate: Decimal | None = Field(description="Committed ÷ planned, in %, cancelled actions left out.")
    spent_rate: Decimal | None
    overdue: int


def _figures(totals: rules.Totals) -> dict:
    return {
        "actions": totals.count, "by_status": dict(totals.by_status), "progress": totals.progress,
        "budget_planned": totals.planned, "budget_committed": totals.committed, "budget_spent": totals.spent,
        "committed_rate": totals.committed_rate, "spent_rate": totals.spent_rate, "overdue": totals.overdue,
    }


class AxisOut(Schema):
    id: int
    code: str
    title: str
    description: str
    figures: FiguresOut


class PlanOut(Schema):
    id: int
    title: str
    kind: str
    first_year: int
    last_year: int
    url: str | None
    figures: FiguresOut


class PlanDetailOut(PlanOut):
    axes: list[AxisOut]


class IndicatorValueOut(Schema):
    year: int
    target: Decimal | None
    actual: Decimal | None


class IndicatorOut(Schema):
    name: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    values: list[IndicatorValueOut]


class UpdateOut(Schema):
    date: datetime.date
    text: str
    old_status: str
    new_status: str
    old_progress: int | None
    new_progress: int | None
    budget_committed: Decimal | None
    budget_spent: Decimal | None
    budget_planned: Decimal | None
    end_date: datetime.date | None


class LinkOut(Schema):
    title: str
    url: str


class ActionOut(Schema):
    id: int
    plan: int
    axis_code: str
    axis_title: str
    code: str
    title: str
    description: str
    service: str
    partners: str
    neighbourhood: str
    start_date: datetime.date
    end_date: datetime.date
    status: str = Field(description="One of: " + ", ".join(ActionStatus.values))
    status_label: str
    progress: int
    budget_planned: Decimal
    budget_committed: Decimal
    budget_spent: Decimal
    funding_source: str
    overdue: bool

    @staticmethod
    def resolve_plan(obj) -> int:
        return obj.plan_id

    @staticmethod
    def resolve_axis_code(obj) -> str:
        return obj.axis.code

    @staticmethod
    def resolve_axis_title(obj) -> str:
        return obj.axis.title

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue()


class ActionDetailOut(ActionOut):
    indicators: list[IndicatorOut]
    updates: list[UpdateOut]
    origins: list[LinkOut]

    @staticmethod
    def resolve_indicators(obj):
        return list(obj.indicators.all())

    @staticmethod
    def resolve_updates(obj):
        return list(obj.updates.all())

    @staticmethod
    def resolve_origins(obj, context):
        request = context["request"] if context else None
        return [{"title": link.title, "url": link.link(request)} for link in obj.links.all()]


class Filters(Schema):
    plan: int | None = Field(None, ge=1, le=MAX_ID)
    axis: int | None = Field(None, ge=1, le=MAX_ID)
    status: Status | None = None
    neighbourhood: str | None = text_filter(200)
    service: str | None = text_filter(200)
    overdue: bool | None = Field(None, description="true: only the overdue actions.")


def _site(request) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No commune answers on this host.")
    return site


def public_plans(site: Site):
    return ActionPlanPage.objects.live().public().descendant_of(site.root_page).filter(locale=Locale.get_default())


def public_actions(site: Site):
    return Action.objects.filter(plan__in=public_plans(site).values("pk"), site=site)


def _plan_out(plan, totals, request) -> dict:
    url = plan.get_url(request)
    return {
        "id": plan.pk, "title": plan.title, "kind": plan.kind, "first_year": plan.first_year, "last_year": plan.last_year,
        "url": request.build_absolute_uri(url) if url else None, "figures": _figures(totals),
    }


@router.get("/plans", response=list[PlanOut], summary="The commune's published action plans")
def list_plans(request):
    plans = list(public_plans(_site(request)).order_by("title"))
    today = rules.today()
    return [_plan_out(plan, Action.objects.filter(plan=plan).figures(today)[0], request) for plan in plans]


@router.get("/plans/{plan_id}", response=PlanDetailOut, summary="One plan, with its axes and their figures")
def get_plan(request, plan_id: int):
    if not 1 <= plan_id <= MAX_ID:
        raise Http404("No published plan with this id.")
    plan = public_plans(_site(request)).filter(pk=plan_id).first()
    if plan is None:
        raise Http404("No published plan with this id.")
    totals, by_axis = Action.objects.filter(plan=plan).figures(rules.today())
    out = _plan_out(plan, totals, request)
    out["axes"] = [
        {"id": axis.pk, "code": axis.code, "title": axis.title, "description": axis.description,
         "figures": _figures(by_axis.get(axis.pk, rules.Totals()))}
        for axis in Axis.objects.filter(plan=plan)
    ]
    return out


@router.get("/actions", response=list[ActionOut], summary="The actions of the commune's published plans")
@paginate(Pagination)
def list_actions(request, filters: Query[Filters]):
    """Filtered by plan, axis, status, neighbourhood, service or overdue; in the plans' order."""
    actions = public_actions(_site(request)).select_related("axis")
    if filters.plan:
        actions = actions.filter(plan_id=filters.plan)
    if filters.axis:
        actions = actions.filter(axis_id=filters.axis)
    if filters.status:
        actions = actions.filter(status=filters.status)
    if filters.neighbourhood:
        actions = actions.filter(neighbourhood=filters.neighbourhood)
    if filters.service:
        actions = actions.filter(service=filters.service)
    if filters.overdue:
        actions = actions.overdue(rules.today())
    return actions.order_by("plan_id", "axis__sort_order", "axis__code", "code", "pk")


@router.get("/actions/{action_id}", response=ActionDetailOut, summary="One action with its indicators, updates and origins")
def get_action(request, action_id: int):
    if not 1 <= action_id <= MAX_ID:
        raise Http404("No public action with this id.")
    action = (
        public_actions(_site(request)).select_related("axis")
        .prefetch_related(Prefetch("indicators", queryset=ActionIndicator.objects.prefetch_related("values")),
                          "updates", "links__linked_page")
        .filter(pk=action_id).first()
    )
    if action is None:
        raise Http404("No public action with this id.")
    return action
