"""Admin of the action plans (listed in ActionPlanConfig.viewsets, in the "Citizen participation"
menu group). Plans themselves are Wagtail pages (ActionPlanPage), placed and published in the page
explorer; their axes, actions and indicators are edited here, scoped to the staff member's communes
(participation.core.viewsets.CommuneModelViewSet).

- **Actions**: listing with filters (plan, axis, status, service, overdue), search and pagination;
  add/edit of what describes an action (never its status, progress or amounts committed and spent);
  an **update** view per action (status, progress, budget, a public note with a photo or a document)
  that calls services.update_action() — a dated public update and a Wagtail log entry each time;
  the **import** view of a spreadsheet (importer.py), with its template to download.
- **Axes** and **indicators** (with their values per year).

Permissions: the model permissions of each model, plus ``update_action`` and ``import_action``
(ActionPlanConfig.role_permissions gives them to the demo roles).
"""
import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton, ListingButton
from wagtail.models import Collection, Locale, Site

from participation.action_plan import importer, rules, services
from participation.action_plan.forms import ActionUpdateForm, ImportForm
from participation.action_plan.models import Action, ActionIndicator, ActionPlanPage, ActionStatus, Axis
from participation.core import scoping
from participation.core.viewsets import CommuneModelViewSet, CommuneScopedForm

TEMPLATES = "participation_action_plan/admin/"
UPDATE = "participation_action_plan.update_action"
IMPORT = "participation_action_plan.import_action"
VIEW = "participation_action_plan.view_action"


def plans_for(user):
    """The plans (default-language pages) of the communes the user works for."""
    ids = scoping.site_ids_for_user(user)
    sites = Site.objects.select_related("root_page")
    if ids is not None:
        sites = sites.filter(pk__in=ids)
    condition = Q()
    for site in sites:
        condition |= Q(path__startswith=site.root_page.path)
    if not condition:
        return ActionPlanPage.objects.none()
    return ActionPlanPage.objects.filter(condition, locale=Locale.get_default()).order_by("title")


class PlanScopedForm(CommuneScopedForm):
    """CommuneScopedForm, plus: the plan is one of the user's plans, and the action (or axis) takes
    the plan's commune."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "plan" in self.fields:
            self.fields["plan"].queryset = plans_for(self.for_user) if self.for_user is not None else ActionPlanPage.objects.none()

    def save(self, commit=True):
        plan = getattr(self.instance, "plan", None) if self.instance.plan_id else None
        if plan is not None:
            self.instance.site_id = plan.get_site().pk
        return super().save(commit=commit)


class IndicatorForm(CommuneScopedForm):
    def save(self, commit=True):
        if self.instance.action_id:
            self.instance.site_id = self.instance.action.site_id
        return super().save(commit=commit)


# --- filters -----------------------------------------------------------------------------------


def _plans(request):
    return plans_for(request.user) if request is not None else ActionPlanPage.objects.none()


def _axes(request):
    if request is None:
        return Axis.objects.none()
    return scoping.scope(Axis.objects.select_related("plan"), request.user)


class ActionFilterSet(WagtailFilterSet):
    plan = django_filters.ModelChoiceFilter(label=gettext_lazy("Plan"), queryset=_plans, empty_label=gettext_lazy("All plans"))
    axis = django_filters.ModelChoiceFilter(label=gettext_lazy("Axis"), queryset=_axes, empty_label=gettext_lazy("All axes"))
    status = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=ActionStatus.choices,
                                         empty_label=gettext_lazy("All"), widget=forms.RadioSelect)
    service = django_filters.CharFilter(label=gettext_lazy("Responsible service"), lookup_expr="icontains")
    overdue = django_filters.BooleanFilter(label=gettext_lazy("Overdue"), method="filter_overdue",
                                           widget=forms.CheckboxInput)

    class Meta:
        model = Action
        fields = []

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(rules.today()) if value else queryset


# --- actions -----------------------------------------------------------------------------------


class ActionIndexView(generic.IndexView):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm(IMPORT):
            buttons.append(HeaderButton(_("Import a plan"), url=reverse("participation_action_plan_action:import"), icon_name="upload"))
        return buttons

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if self.request.user.has_perm(UPDATE):
            buttons.append(ListingButton(_("Update progress"), url=reverse("participation_action_plan_action:update", args=[quote(instance.pk)]),
                                         icon_name="resubmit", priority=5))
        return buttons


class ActionEditView(generic.EditView):
    """The edit form; a change of the planned budget or the end date is also published as a dated
    update (services.record_edit), in the same transaction as the save."""

    def save_instance(self):
        before = Action.objects.filter(pk=self.object.pk).values(*services.PUBLISHED_EDITS).first() or {}
        with transaction.atomic():
            instance = super().save_instance()
            services.record_edit(instance, before, user=self.request.user)
        return instance
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.request.user.has_perm(UPDATE):
            buttons.append(ListingButton(_("Update progress"), url=reverse("participation_action_plan_action:update", args=[quote(self.object.pk)]),
                                         icon_name="resubmit", priority=5))
        return buttons


class _AdminView(WagtailAdminTemplateMixin, View):
    viewset = None
    permission = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def index_url(self):
        return reverse(self.viewset.get_url_name("index"))

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": self.index_url(), "label": capfirst(Action._meta.verbose_name_plural)},
            {"url": "", "label": self.get_page_title()},
        ]


class ActionUpdateView(_AdminView):
    """Update an action's status, progress and budget, with a public note (services.update_action)."""

    template_name = TEMPLATES + "update.html"
    page_title = gettext_lazy("Update an action")
    header_icon = "resubmit"
    permission = UPDATE

    def get_action(self, pk):
        try:
            pk = int(pk)
        except (TypeError, ValueError):
            raise Http404 from None
        action = get_object_or_404(Action.objects.select_related("axis", "plan", "site"), pk=pk)
        if not scoping.can_act_on(self.request.user, action):
            raise Http404
        return action

    def render(self, form, action, status=200):
        context = self.get_context_data(form=form, action=action, index_url=self.index_url(),
                                        updates=action.updates.all()[:10])
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        action = self.get_action(pk)
        return self.render(ActionUpdateForm(action=action), action)

    def post(self, request, pk):
        action = self.get_action(pk)
        form = ActionUpdateForm(request.POST, request.FILES, action=action)
        if form.is_valid():
            data = form.cleaned_data
            try:
                update = services.update_action(
                    action, user=request.user, status=data["status"], progress=data["progress"],
                    budget_committed=data.get("budget_committed"), budget_spent=data.get("budget_spent"),
                    text=data.get("text", ""), date=data.get("date"), photo_caption=data.get("photo_caption", ""),
                    photo=self._image(data.get("photo"), data.get("photo_caption") or action.code),
                    document=self._document(data.get("document"), action),
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                if update is None:
                    messages.warning(request, _("Nothing changed: no update was recorded."))
                else:
                    messages.success(request, _("The update of \"%(action)s\" is recorded and shown on the action's page.") % {"action": action})
                return redirect(self.index_url())
        messages.validation_error(request, _("The update could not be recorded because of errors."), form)
        return self.render(form, action, status=400)

    @staticmethod
    def _image(content: ContentFile | None, title: str):
        if not content:
            return None
        from wagtail.images import get_image_model

        return get_image_model().objects.create(title=title[:255], file=content, collection=Collection.get_first_root_node())

    @staticmethod
    def _document(content: ContentFile | None, action):
        if not content:
            return None
        from wagtail.documents import get_document_model

        return get_document_model().objects.create(title=f"{action.code} — {action.title}"[:255], file=content,
                                                   collection=Collection.get_first_root_node())


class ImportView(_AdminView):
    """Import a plan's actions from a CSV or XLSX file: every row checked, nothing stored if one fails."""

    template_name = TEMPLATES + "import.html"
    page_title = gettext_lazy("Import a plan from a spreadsheet")
    header_icon = "upload"
    permission = IMPORT

    @cached_property
    def plans(self):
        return list(plans_for(self.request.user))

    def render(self, form, status=200, errors=()):
        context = self.get_context_data(form=form, columns=importer.COLUMNS, errors=errors, index_url=self.index_url(),
                                        max_rows=importer.MAX_ROWS, max_mb=importer.MAX_BYTES // (1024 * 1024),
                                        statuses=ActionStatus.choices)
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request):
        kind = request.GET.get("template")
        if kind == "csv":
            response = HttpResponse(importer.template_csv(), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="action-plan-template.csv"'
            return response
        if kind == "xlsx":
            response = HttpResponse(importer.template_xlsx(),
                                    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            response["Content-Disposition"] = 'attachment; filename="action-plan-template.xlsx"'
            return response
        return self.render(ImportForm(plans=self.plans))

    def post(self, request):
        form = ImportForm(request.POST, request.FILES, plans=self.plans)
        if not form.is_valid():
            messages.validation_error(request, _("The file could not be imported because of errors."), form)
            return self.render(form, status=400)
        plan = form.chosen_plan()
        result = importer.check_file(form.cleaned_data["file"], plan)
        if result.ok:
            try:
                counts = services.import_actions(plan, result, user=request.user)
            except ValidationError as error:
                result.errors.extend(importer.RowError(0, "", message) for message in error.messages)
            else:
                messages.success(request, _("%(actions)s actions and %(axes)s new axes were imported into \"%(plan)s\".")
                                 % {"actions": counts["actions"], "axes": counts["axes"], "plan": plan.title})
                return redirect(self.index_url() + f"?plan={plan.pk}")
        messages.error(request, _("Nothing was imported: correct the rows listed below and import the file again."))
        return self.render(form, status=400, errors=result.errors)


class ActionViewSet(CommuneModelViewSet):
    model = Action
    icon = "tasks"
    menu_label = gettext_lazy("Action plans")
    menu_order = 500
    base_form_class = PlanScopedForm
    list_per_page = 25
    ordering = ["plan", "axis__sort_order", "code"]
    list_display = ["code", "title", "plan", "axis", "status", "progress", "end_date"]
    list_select_related = ("plan", "axis", "site")
    filterset_class = ActionFilterSet
    search_fields = ["code", "title", "service", "neighbourhood"]
    search_backend_name = None
    list_export = ["code", "title", "plan.title", "axis.code", "axis.title", "service", "partners", "neighbourhood",
                   "start_date", "end_date", "status", "progress", "budget_planned", "budget_committed", "budget_spent",
                   "funding_source"]
    export_headings = {"plan.title": gettext_lazy("Plan"), "axis.code": gettext_lazy("Axis code"),
                       "axis.title": gettext_lazy("Axis")}
    index_view_class = ActionIndexView
    edit_view_class = ActionEditView
    update_view_class = ActionUpdateView
    import_view_class = ImportView
    panels = [
        MultiFieldPanel([FieldPanel("plan"), FieldPanel("axis"), FieldRowPanel([FieldPanel("code"), FieldPanel("title")]),
                         FieldPanel("description")], heading=gettext_lazy("The action")),
        MultiFieldPanel([FieldPanel("service"), FieldPanel("partners"), FieldPanel("neighbourhood"),
                         FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")])],
                        heading=gettext_lazy("Who, where, when")),
        MultiFieldPanel([FieldPanel("budget_planned"), FieldPanel("funding_source")], heading=gettext_lazy("Budget"),
                        help_text=gettext_lazy("The status, progress and amounts committed and spent are changed with "
                                               "\"Update progress\", which publishes a dated update.")),
        InlinePanel("links", heading=gettext_lazy("Where this action comes from"), label=gettext_lazy("Origin")),
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<str:pk>/update/", self.construct_view(self.update_view_class, viewset=self), name="update"),
            path("import/", self.construct_view(self.import_view_class, viewset=self), name="import"),
        ]


class AxisViewSet(CommuneModelViewSet):
    model = Axis
    icon = "list-ul"
    menu_label = gettext_lazy("Axes of the plans")
    menu_order = 510
    base_form_class = PlanScopedForm
    list_display = ["code", "title", "plan"]
    list_select_related = ("plan", "site")
    search_fields = ["code", "title"]
    search_backend_name = None
    ordering = ["plan", "sort_order", "code"]
    panels = [FieldPanel("plan"), FieldRowPanel([FieldPanel("code"), FieldPanel("sort_order")]), FieldPanel("title"),
              FieldPanel("description")]


class IndicatorViewSet(CommuneModelViewSet):
    model = ActionIndicator
    icon = "table"
    menu_label = gettext_lazy("Indicators of the actions")
    menu_order = 520
    base_form_class = IndicatorForm
    list_display = ["name", "action", "baseline", "target"]
    list_select_related = ("action", "site")
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["action", "sort_order"]
    panels = [FieldPanel("action"), FieldPanel("name"), FieldRowPanel([FieldPanel("unit"), FieldPanel("baseline"), FieldPanel("target")]),
              InlinePanel("values", heading=gettext_lazy("Values per year"), label=gettext_lazy("Year"))]


viewsets = [ActionViewSet, AxisViewSet, IndicatorViewSet]
