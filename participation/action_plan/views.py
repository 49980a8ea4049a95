"""Routes of the plan page (mixed into ActionPlanPage), all without JavaScript:

- ``dashboard``  per plan and per axis: progress, budget execution, counts by status, overdue
                 actions; the GET filter (axis, status, neighbourhood, service, overdue) and the
                 paginated list of actions. Charts are tables with a caption, and SVG bars hidden
                 from screen readers. The query count does not grow with the number of actions.
- ``action``     one action: description, dates, budget, indicators per year, dated public updates
                 (with photos and documents), and what led to it (meetings, consultations...).
- ``export_csv`` / ``export_json``  the filtered actions as open data (no personal data: no staff
                 names, no contacts). Same filter parameters as the dashboard; a bad value is ignored.

The figures follow participation.action_plan.rules (average progress of the actions that are not
cancelled; committed and spent ÷ planned; overdue by the date in Africa/Casablanca).
Models are imported inside the methods: models.py imports this module.
"""
import csv
import io
import json
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from wagtail.contrib.routable_page.models import path

from participation.core.api import MAX_ID
from participation.core.routes import PluginPageRoutes

TEMPLATES = "participation_action_plan/"
PER_PAGE = 20
OVERDUE_SHOWN = 10
EXPORT_FIELDS = (
    "plan", "axis_code", "axis_title", "code", "title", "description", "service", "partners", "neighbourhood",
    "start_date", "end_date", "status", "progress", "budget_planned", "budget_committed", "budget_spent",
    "funding_source", "overdue", "updated", "url",
)


class ActionPlanRoutes(PluginPageRoutes):
    templates = TEMPLATES

    def plan_actions(self):
        """The actions of this plan (they belong to its default-language page)."""
        from participation.action_plan.models import Action

        return Action.objects.filter(plan=self.canonical())

    def filter_form(self, request):
        from participation.action_plan.forms import ActionFilterForm
        from participation.action_plan.models import Axis

        actions = self.plan_actions().order_by()
        return ActionFilterForm(
            request.GET or None,
            axes=list(Axis.objects.filter(plan=self.canonical())),
            neighbourhoods=sorted(set(actions.exclude(neighbourhood="").values_list("neighbourhood", flat=True))),
            services=sorted(set(actions.exclude(service="").values_list("service", flat=True))),
        )

    def filtered(self, request):
        """(form, filtered actions, today)."""
        from participation.action_plan import rules

        today = rules.today()
        form = self.filter_form(request)
        return form, form.filter(self.plan_actions(), today), today

    @path("", name="dashboard")
    def dashboard(self, request):
        from participation.action_plan.models import ActionStatus

        form, actions, today = self.filtered(request)
        totals, by_axis = actions.figures(today)
        axes = [(axis, by_axis[axis.pk]) for axis in form.axes if axis.pk in by_axis]
        listed = actions.select_related("axis").order_by("axis__sort_order", "axis__code", "code", "pk")
        page = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
        overdue = list(actions.overdue(today).select_related("axis").order_by("end_date", "code")[:OVERDUE_SHOWN])
        for action in page:
            action.late = action.is_overdue(today)
        labels = dict(ActionStatus.choices)
        status_rows = [(status, labels[status], count, share) for status, count, share in totals.status_rows]
        return self.render_route(
            request, "dashboard.html", filter_form=form, totals=totals, axes=axes, actions=page, overdue=overdue,
            today=today, status_rows=status_rows, filter_query=urlencode(form.values), filtered=bool(form.values),
            filter_error=form.has_errors, plan_id=self.canonical().pk,
        )

    @path("actions/<int:action_id>/", name="action")
    def action(self, request, action_id):
        from django.db.models import Prefetch

        from participation.action_plan import rules
        from participation.action_plan.models import ActionIndicator, ActionUpdate

        if not 1 <= action_id <= MAX_ID:
            raise Http404
        action = (
            self.plan_actions().select_related("axis")
            .prefetch_related(
                Prefetch("updates", queryset=ActionUpdate.objects.select_related("photo", "document")),
                Prefetch("indicators", queryset=ActionIndicator.objects.prefetch_related("values")),
                "links__linked_page",
            )
            .filter(pk=action_id).first()
        )
        if action is None:
            raise Http404
        today = rules.today()
        return self.render_route(
            request, "action_page.html", action=action, overdue=action.is_overdue(today), today=today,
            origins=[(link.title, link.link(request)) for link in action.links.all()],
            committed_rate=rules.percent(action.budget_committed, action.budget_planned),
            spent_rate=rules.percent(action.budget_spent, action.budget_planned),
        )

    # --- open data -----------------------------------------------------------------------------

    def export_rows(self, request):
        _form, actions, today = self.filtered(request)
        actions = actions.select_related("axis").order_by("axis__sort_order", "axis__code", "code", "pk")
        plan = self.canonical()
        base = request.build_absolute_uri(self.url or "/") if self.url else ""
        for action in actions:
            yield {
                "plan": plan.title, "axis_code": action.axis.code, "axis_title": action.axis.title,
                "code": action.code, "title": action.title, "description": action.description,
                "service": action.service, "partners": action.partners, "neighbourhood": action.neighbourhood,
                "start_date": action.start_date, "end_date": action.end_date, "status": action.status,
                "progress": action.progress, "budget_planned": action.budget_planned,
                "budget_committed": action.budget_committed, "budget_spent": action.budget_spent,
                "funding_source": action.funding_source, "overdue": action.is_overdue(today),
                "updated": action.updated_at.date(),
                "url": base + self.reverse_subpage("action", args=[action.pk]) if base else "",
            }

    @path("export/csv/", name="export_csv")
    def export_csv(self, request):
        from participation.core.viewsets import neutralise_formula

        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS)
        writer.writeheader()
        for row in self.export_rows(request):
            writer.writerow({key: neutralise_formula(value) for key, value in row.items()})
        response = HttpResponse(("\ufeff" + out.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="action-plan-{self.canonical().pk}.csv"'
        return response

    @path("export/json/", name="export_json")
    def export_json(self, request):
        plan = self.canonical()
        rows = list(self.export_rows(request))
        for row in rows:
            for key in ("budget_planned", "budget_committed", "budget_spent"):
                row[key] = float(row[key])
        body = {"plan": {"id": plan.pk, "title": plan.title, "first_year": plan.first_year, "last_year": plan.last_year},
                "currency": "MAD", "count": len(rows), "actions": rows}
        response = HttpResponse(json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1),
                                content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="action-plan-{plan.pk}.json"'
        return response

