"""Admin pieces every plugin reuses for its records and its reference data.

A plugin's ``viewsets.py`` subclasses these and only declares its model, columns,
filters and fields; the rules stay here, once:

- **Scoping** (`participation.core.scoping`) in every view: listings, exports and
  choosers show the staff member's communes only; a record of another commune
  asked for by URL is a 404. The model permission is checked *before* the lookup,
  so a user without it learns nothing about which ids exist (Wagtail's usual
  "no permission" answer instead).
- **No state change outside the service layer**: submissions have no add, copy or
  delete view; a status changes only through one view per workflow transition,
  which calls `participation.core.services.perform()` (or a plugin's own service,
  see `SubmissionViewSet.perform_transition`).
- **Exports** (Wagtail's CSV/XLSX) only for holders of the plugin's export
  permission, scoped and filtered like the listing, with spreadsheet formulas
  neutralised in CSV (Wagtail already stores XLSX formulas as text).
- **Access to personal data is logged** (`participation.core.access_log`): the inspect
  view of a record holding declared personal fields, exports with such fields, and any
  view about one record declaring ``personal_data_access``.

Pieces:
- `SubmissionViewSet`: records citizens submit (listing, inspect view with status
  history, internal notes and the Wagtail log, transition views, optional edit of a
  few fields, exports).
- `CommuneModelViewSet` / `CommuneSnippetViewSet`: per-commune reference data
  (services, categories...), with forms that only offer the user's communes.
- `DepartmentViewSet`: the core's commune services.
- `ScopedPermissionPolicy`: Wagtail permission policy adding the commune to
  instance-level checks (used by Wagtail's own views, bulk actions and URL finder).
"""
import datetime
import inspect as pyinspect
import os
from collections import OrderedDict

import django_filters
from django import forms
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.db.models.fields.files import FieldFile
from django.forms.models import modelform_factory
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import linebreaksbr
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.coreutils import multigetattr
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry
from wagtail.models import Site
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views.snippets import SnippetViewSet

from participation.core import access_log, private_links, scoping, services
from participation.core.documents import stored_file_response
from participation.core.models import Department
from participation.core.services import TransitionNotAllowed
from participation.core.spreadsheets import FormulaSafeExportMixin, neutralise_formula  # noqa: F401 (plugins import it here)

TEMPLATE_DIR = "participation_core/admin/"

# --- Spreadsheets ------------------------------------------------------------------


def site_label(site) -> str:
    """A commune's name as staff know it (Site.__str__ adds "[default]")."""
    return site.site_name or site.hostname


# --- Permissions ------------------------------------------------------------------


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """Django model permissions, plus the commune for anything about one instance.

    Wagtail asks the policy about instances in places our views do not cover
    (bulk actions of snippets, the admin URL finder used by reports, delete
    buttons); with this policy they all answer "no" for another commune's record.
    """

    def __init__(self, model, site_field="site"):
        super().__init__(model)
        self.site_field = site_field

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and scoping.can_act_on(user, instance, self.site_field)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and scoping.can_act_on(user, instance, self.site_field)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return scoping.scope(self.model._default_manager.all(), user, self.site_field)


def register_scoped_policy(model, site_field="site"):
    """Register a ScopedPermissionPolicy for `model` once (idempotent)."""
    policy = policy_registry.get_by_type(model, fallback=False)
    if isinstance(policy, ScopedPermissionPolicy):
        return policy
    # If something asked for the model's policy before the admin was set up, Wagtail made
    # a plain fallback one; replace it rather than refuse to start (same model permissions).
    policy_registry.fallback_policies.pop(model, None)
    policy = ScopedPermissionPolicy(model, site_field)
    register_permission_policy(model, policy, exact_class=True)
    return policy


# --- Forms ------------------------------------------------------------------------


def _has_site_field(model) -> bool:
    """Whether `model` belongs to a commune (has a `site` foreign key)."""
    try:
        field = model._meta.get_field("site")
    except FieldDoesNotExist:
        return False
    return getattr(field, "related_model", None) is Site


class CommuneScopedForm(WagtailAdminModelForm):
    """Admin form offering only the user's communes.

    The ``site`` field lists the communes the user works for (preselected when
    there is one); any other choice of a per-commune model (a category, a service)
    lists the objects of the edited object's commune, or of the user's communes
    when creating.
    """

    site_field = "site"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        site_ids = scoping.site_ids_for_user(user) if user is not None else set()
        own_site_id = getattr(self.instance, f"{self.site_field}_id", None)
        for name, field in self.fields.items():
            if not isinstance(field, forms.ModelChoiceField):
                continue
            related = field.queryset.model
            if related is Site and name == self.site_field:
                if site_ids is not None:
                    field.queryset = field.queryset.filter(pk__in=site_ids)
                    if len(site_ids) == 1 and not self.instance.pk:
                        field.initial = next(iter(site_ids))
            elif _has_site_field(related):
                if own_site_id:
                    field.queryset = field.queryset.filter(site_id=own_site_id)
                elif site_ids is not None:
                    field.queryset = field.queryset.filter(site_id__in=site_ids)
            if related is type(self.instance) and self.instance.pk:
                field.queryset = field.queryset.exclude(pk=self.instance.pk)


class RecordReferenceField(forms.CharField):
    """Choose a record by its reference number (e.g. SUG-2026-00017) among `queryset`.

    Used for fields pointing at another record of the same kind (a duplicate's
    original): typing the reference scales where a drop-down of every record would not.
    """

    default_error_messages = {"unknown": gettext_lazy("No record of this commune has this reference.")}

    def __init__(self, *, queryset, **kwargs):
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)
        self.queryset = queryset

    def prepare_value(self, value):
        if isinstance(value, models.Model):
            return value.reference
        return value

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        record = self.queryset.filter(reference__iexact=value.strip()).first()
        if record is None:
            raise ValidationError(self.error_messages["unknown"], code="unknown")
        return record


class TransitionForm(forms.Form):
    """The fields a transition requires (built by the viewset) and an optional note."""

    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, transition, fields: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        for name, field in fields.items():
            self.fields[name] = field
        self.order_fields([*fields, "note"])
        self.fields["note"].help_text = (
            _("Shown to the citizen in the history of the record.")
            if transition.public
            else _("Kept in the history for staff; not shown to the citizen.")
        )

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name != "note"}


# --- View mixins ----------------------------------------------------------------------


class ScopedObjectMixin:
    """For any Wagtail view that loads one object with ``get_object()``.

    1. the model permission the view requires is checked first (no permission,
       no lookup: the answer is the same whether the id exists or not);
    2. the object must belong to one of the user's communes, else 404.
    """

    site_field = "site"
    #: for views without Wagtail's permission policy (a file, a report): one of these is needed (full names)
    permissions: tuple[str, ...] = ()
    #: an access_log.Action ("view", "export", "download") when the view shows or hands out
    #: citizens' personal data: each successful GET is then logged (participation.core.access_log)
    personal_data_access = ""
    #: the kind of record whose personal data is shown, when it is not the object's own
    personal_data_model = None
    #: what a view may add to its entry while answering (the document's field, the number of rows)
    personal_data_detail = ""
    personal_data_rows = None

    def check_model_permission(self):
        if self.permissions and not any(self.request.user.has_perm(p) for p in self.permissions):
            raise PermissionDenied
        required = getattr(self, "permission_required", None)
        if required and not self.user_has_permission(required):
            raise PermissionDenied
        any_required = getattr(self, "any_permission_required", None)
        if any_required and not self.user_has_any_permission(any_required):
            raise PermissionDenied

    def get_object(self, *args, **kwargs):
        if self.permissions or hasattr(self, "user_has_permission"):
            self.check_model_permission()
        obj = super().get_object(*args, **kwargs)
        if obj is not None and not scoping.can_act_on(self.request.user, obj, self.site_field):
            raise Http404
        return obj

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if self.personal_data_access and request.method == "GET" and response.status_code == 200:
            self.log_personal_data_access()
        return response

    def log_personal_data_access(self):
        obj = getattr(self, "object", None)
        if obj is None:
            return
        access_log.record(
            self.request, self.personal_data_access, obj=obj, model=self.personal_data_model,
            site_id=getattr(obj, f"{self.site_field}_id", None), rows=self.personal_data_rows, detail=self.personal_data_detail,
        )


class ScopedListingMixin(FormulaSafeExportMixin):
    """For listing views: only the objects of the user's communes; CSV exports safe from
    formula injection (participation.core.spreadsheets)."""

    site_field = "site"
    list_select_related = ()

    def get_base_queryset(self):
        queryset = scoping.scope(super().get_base_queryset(), self.request.user, self.site_field)
        if self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        return queryset


class ProtectedDeleteMixin:
    """A delete refused by the database (PROTECT) gives a message, never a 500."""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ProtectedError:
            messages.error(self.request, _("This item is still used by records and cannot be deleted."))
            return redirect(self.index_url_name)


class _ScopedChooseMixin:
    def get_object_list(self):
        return scoping.scope(super().get_object_list(), self.request.user)


class ScopedChooseView(_ScopedChooseMixin, snippet_chooser.ChooseView):
    pass


class ScopedChooseResultsView(_ScopedChooseMixin, snippet_chooser.ChooseResultsView):
    pass


class ScopedChosenView(snippet_chooser.SnippetChosenView):
    def get_object(self, pk):
        obj = super().get_object(pk)
        if not scoping.can_act_on(self.request.user, obj):
            raise Http404
        return obj


class ScopedChosenMultipleView(snippet_chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return scoping.scope(super().get_objects(pks), self.request.user)


class ScopedSnippetChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView
    # Forms choose these objects with a plain select limited to one commune
    # (CommuneScopedForm), not with a modal listing.
    register_widget = False


# --- Viewsets of per-commune data -------------------------------------------------------


class ScopedViewSetMixin:
    """Makes a ModelViewSet or SnippetViewSet commune-aware.

    Every view class of the viewset is extended at construction: listings with
    ScopedListingMixin, every view loading one object with ScopedObjectMixin,
    deletes with ProtectedDeleteMixin. Forms get CommuneScopedForm as base class and
    the model gets a ScopedPermissionPolicy.
    """

    site_field = "site"
    base_form_class = CommuneScopedForm
    list_select_related = ()
    add_to_reference_index = True  # lets Wagtail refuse deleting what records still use

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in dir(type(self)):
            if not name.endswith("_view_class"):
                continue
            view_class = pyinspect.getattr_static(type(self), name, None)
            if not isinstance(view_class, type):
                continue  # a property building its class from another one
            self.__dict__[name] = self._scoped_view_class(view_class)

    def _scoped_view_class(self, view_class):
        mixins = []
        if issubclass(view_class, generic.IndexView):
            mixins.append(ScopedListingMixin)
        elif hasattr(view_class, "get_object"):
            mixins.append(ScopedObjectMixin)
        if issubclass(view_class, generic.DeleteView):
            mixins.append(ProtectedDeleteMixin)
        mixins = [m for m in mixins if not issubclass(view_class, m)]
        if not mixins:
            return view_class
        return type(view_class.__name__, (*mixins, view_class), {"site_field": self.site_field})

    def get_edit_handler(self):
        handler = super().get_edit_handler()
        if handler is not None and handler.base_form_class is None and not hasattr(self.model, "base_form_class"):
            handler.base_form_class = self.base_form_class
        return handler

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(list_select_related=self.list_select_related, **kwargs)

    def on_register(self):
        register_scoped_policy(self.model, self.site_field)
        super().on_register()


class ParticipationURLsMixin:
    """URLs under /admin/participation/<plugin>/<model>/, namespace <app_label>_<model>."""

    @cached_property
    def name(self):
        return f"{self.app_label}_{self.model_name}"

    @cached_property
    def url_prefix(self):
        return f"participation/{self.app_label.removeprefix('participation_')}/{self.model_name}"


class CommuneModelViewSet(ParticipationURLsMixin, ScopedViewSetMixin, ModelViewSet):
    """Per-commune objects staff manage (a commune's services...): full CRUD, scoped."""

    copy_view_enabled = False


class CommuneSnippetViewSet(ScopedViewSetMixin, SnippetViewSet):
    """Per-commune snippets (translatable with wagtail-localize), shown in the
    participation menu group instead of the Snippets menu."""

    chooser_viewset_class = ScopedSnippetChooserViewSet
    copy_view_enabled = False
    menu_item_is_registered = True


class DepartmentViewSet(CommuneModelViewSet):
    """The commune's services, to which records are forwarded or assigned."""

    model = Department
    icon = "site"
    menu_order = 900  # last in the group, after every plugin's own items
    panels = [FieldPanel("site"), FieldPanel("name"), FieldPanel("email")]
    list_display = ["name", "email", "site"]
    list_select_related = ("site",)
    search_fields = ["name", "email"]
    search_backend_name = None
    ordering = "name"


# --- Submissions -----------------------------------------------------------------------


class SubmissionFilterSet(WagtailFilterSet):
    """Filters every record has: status (from the plugin's workflow), date of
    submission, and commune (only for users working for several)."""

    status = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=(), empty_label=gettext_lazy("All"), widget=forms.RadioSelect)
    created_at = django_filters.DateFromToRangeFilter(label=gettext_lazy("Date submitted"), widget=DateRangePickerWidget)
    site = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Commune"), queryset=lambda request: scoping.scope(Site.objects.order_by("site_name"), request.user, "pk")
    )

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        model = self._meta.model
        if model is not None and getattr(model, "workflow", None) is not None:
            self.filters["status"].extra["choices"] = model.workflow.statuses.choices
        site_ids = scoping.site_ids_for_user(request.user) if request else set()
        if site_ids is not None and len(site_ids) <= 1:
            del self.filters["site"]


def scoped_choices(model):
    """A queryset callable for filters: `model`'s objects of the user's communes."""

    def queryset(request):
        return scoping.scope(model._default_manager.all(), request.user) if request else model._default_manager.none()

    return queryset


class SubmissionIndexView(ScopedListingMixin, generic.IndexView):
    """The listing: scoped, paginated, filtered, searchable; exports for holders of
    the export permission only."""

    export_permission = None
    custom_value_preprocess = {
        **generic.IndexView.custom_value_preprocess,
        # Staff read times in the commune's time zone, not UTC.
        datetime.datetime: {
            "csv": lambda value: timezone.localtime(value).strftime("%Y-%m-%d %H:%M"),
            "xlsx": lambda value: timezone.make_naive(value) if timezone.is_aware(value) else value,
        },
        Site: {"csv": site_label, "xlsx": site_label},
    }

    def get(self, request, *args, **kwargs):
        if self.is_export and not self.can_export:
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    @cached_property
    def can_export(self) -> bool:
        return bool(self.list_export) and bool(self.export_permission) and self.request.user.has_perm(self.export_permission)

    @cached_property
    def show_export_buttons(self):
        return self.can_export

    def get_edit_url(self, instance):
        # The title links to the inspect view, where the record's actions are.
        return None

    def to_row_dict(self, item):
        row = OrderedDict()
        for field in self.list_export:
            display = getattr(item, f"get_{field}_display", None) if "." not in field else None
            row[field] = display() if callable(display) else multigetattr(item, field)
        return row

    def as_spreadsheet(self, queryset, spreadsheet_format):
        if access_log.exports_personal_data(self.model, self.list_export):
            access_log.record_export(self.request, queryset, site_field=self.site_field, detail=spreadsheet_format)
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def stream_csv(self, queryset):
        # A byte-order mark, so that spreadsheet programs read Arabic text as UTF-8.
        yield "\ufeff".encode()
        yield from super().stream_csv(queryset)


class RecordLookupMixin:
    """Loads the record with the relations its pages show, in one query."""

    object_select_related = ()

    def get_object(self, *args, **kwargs):
        queryset = self.model._default_manager.select_related(*self.object_select_related)
        return get_object_or_404(queryset, pk=unquote(str(self.kwargs["pk"])))


class SubmissionInspectView(ScopedObjectMixin, RecordLookupMixin, generic.InspectView):
    """The record, its status history, internal notes (with a form to add one)
    and its Wagtail log; links to the transitions the user may perform now."""

    viewset = None
    template_name = TEMPLATE_DIR + "inspect.html"

    @cached_property
    def personal_data_access(self):
        return access_log.Action.VIEW if access_log.holds_personal_data(self.model) else ""

    def get_page_subtitle(self):
        return str(self.object)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, FieldFile):
            # Stored files hold personal data: always through the checked, logged view, never the store's URL.
            if not value:
                return "—"
            url = reverse(self.viewset.get_url_name("document"), args=(quote(self.object.pk), field_name))
            return format_html('<a href="{}">{}</a>', url, _("Open the document"))
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, Site):
            return site_label(value)
        if isinstance(value, datetime.datetime):
            # Wagtail's inspect template formats the raw value: show the commune's time, not UTC.
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        if value is None or value == "":
            return "—"
        if isinstance(value, str) and not isinstance(value, SafeString):
            return linebreaksbr(value, autoescape=True)
        return value

    @cached_property
    def can_add_note(self) -> bool:
        return bool(self.viewset.notes_relation) and self.user_has_permission_for_instance("change", self.object)

    def get_note_form(self, data=None):
        return self.viewset.get_note_form_class()(data, prefix="note")

    def post(self, request, *args, **kwargs):
        if not self.can_add_note:
            raise PermissionDenied
        form = self.get_note_form(request.POST)
        if not form.is_valid():
            messages.validation_error(request, _("The note could not be saved."), form)
            return self.render_to_response(self.get_context_data(note_form=form))
        self.viewset.add_note(self.object, form, request.user)
        messages.success(request, _("Internal note added."))
        return redirect(self.viewset.get_url_name("inspect"), quote(self.object.pk))

    @cached_property
    def renew_link_url(self) -> str:
        """The form revoking the citizen's private link, for staff who may change the record."""
        if private_links.can_renew(self.object) and self.user_has_permission_for_instance("change", self.object):
            return reverse(self.viewset.get_url_name("renew_link"), args=(quote(self.object.pk),))
        return ""

    @cached_property
    def header_more_buttons(self):
        return []

    @cached_property
    def header_buttons(self):
        if edit_url := self.get_edit_url():
            return [HeaderButton(_("Edit"), url=edit_url, icon_name="edit")]
        return []

    def get_edit_url(self):
        if self.edit_url_name and self.user_has_permission_for_instance("change", self.object):
            return reverse(self.edit_url_name, args=(quote(self.object.pk),))

    def get_delete_url(self):
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.object
        workflow = record.workflow
        labels = {t.name: t.label for t in workflow.transitions}
        context.update(
            record=record,
            status_label=record.get_status_display(),
            transitions=[
                (t, reverse(self.viewset.get_url_name("transition"), args=(quote(record.pk), t.name)))
                for t in services.available(record, self.request.user)
            ],
            history=[
                {
                    "entry": entry,
                    "action": labels.get(entry.action, _("Submitted") if entry.action == "submit" else entry.action),
                    "from": workflow.label_of(entry.from_status) if entry.from_status else "",
                    "to": workflow.label_of(entry.to_status),
                }
                for entry in record.history.select_related("actor")
            ],
            log_entries=log_registry.get_logs_for_instance(record).select_related("user").order_by("-timestamp", "-pk")[:50],
            can_add_note=self.can_add_note,
            renew_link_url=self.renew_link_url,
        )
        if self.viewset.notes_relation:
            context["notes"] = getattr(record, self.viewset.notes_relation).select_related("author")
            if self.can_add_note:
                context["note_form"] = kwargs.get("note_form") or self.get_note_form()
        return context


class SubmissionEditView(ScopedObjectMixin, generic.EditView):
    """Corrections staff may make outside the workflow (the viewset's edit_fields,
    e.g. the category); the status is never among them."""

    def get_success_url(self):
        return reverse(self.inspect_url_name, args=(quote(self.object.pk),))

    def get_success_buttons(self):
        return []


class TransitionView(ScopedObjectMixin, PermissionCheckedMixin, RecordLookupMixin, BaseObjectMixin, WagtailAdminTemplateMixin, View):
    """One workflow transition of one record: a small form (the fields the
    transition requires and a note), then the service layer does the change.

    Refusals never change anything: another commune's record → 404, an unknown
    action → 404, an action not allowed now (status, permission) → 403 with a
    message, invalid input → the form again with the message.
    """

    any_permission_required = ["add", "change", "delete", "view"]
    template_name = TEMPLATE_DIR + "transition.html"
    refused_template_name = TEMPLATE_DIR + "refused.html"
    viewset = None
    model = None
    header_icon = "resubmit"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        try:
            self.transition = self.object.workflow.get(self.kwargs["action"])
        except KeyError:
            raise Http404
        if not self.transition.staff:
            raise Http404

    def get_page_title(self):
        return self.transition.label

    def get_page_subtitle(self):
        return str(self.object)

    @cached_property
    def inspect_url(self):
        return reverse(self.viewset.get_url_name("inspect"), args=(quote(self.object.pk),))

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.viewset.get_url_name("index")), "label": capfirst(self.model._meta.verbose_name_plural)},
            {"url": self.inspect_url, "label": str(self.object)},
            {"url": "", "label": self.transition.label},
        ]

    def get_form(self, data=None, files=None):
        fields = {name: self.viewset.transition_formfield(self.object, name) for name in self.transition.requires}
        return TransitionForm(data, files, transition=self.transition, fields=fields)

    def refuse(self, message):
        context = self.get_context_data(message=message, inspect_url=self.inspect_url)
        return TemplateResponse(self.request, self.refused_template_name, context, status=403)

    def render_form(self, form):
        context = self.get_context_data(form=form, record=self.object, transition=self.transition, inspect_url=self.inspect_url)
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        if not services.allowed(self.transition, self.object, request.user):
            return self.refuse(_("This action is not allowed on this record now."))
        return self.render_form(self.get_form())

    def post(self, request, *args, **kwargs):
        if not services.allowed(self.transition, self.object, request.user):
            return self.refuse(_("This action is not allowed on this record now."))
        form = self.get_form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(form)
        try:
            record = self.viewset.perform_transition(
                self.object, self.transition.name, request.user, note=form.cleaned_data["note"], changes=form.changes()
            )
        except TransitionNotAllowed as e:
            return self.refuse(str(e) or _("This action is not allowed on this record now."))
        except ValidationError as e:
            for field, errors in (e.message_dict if hasattr(e, "error_dict") else {None: e.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
            return self.render_form(form)
        messages.success(
            request,
            _("%(reference)s: %(action)s — done. Status: %(status)s.")
            % {"reference": record.reference, "action": self.transition.label, "status": record.get_status_display()},
        )
        return redirect(self.inspect_url)


def limit_to_communes(form, sites, field: str = "site") -> None:
    """A staff form's commune field: left out when the staff member works for one commune
    (``form.chosen_site`` is then that one), else a choice among theirs."""
    form.sites = list(sites)
    if len(form.sites) == 1:
        del form.fields[field]
    else:
        form.fields[field].queryset = Site.objects.filter(pk__in=[s.pk for s in form.sites]).order_by("site_name")
        form.fields[field].label_from_instance = site_label


class CommuneForm(forms.Form):
    """A staff form recording something for one of the staff member's communes."""

    site = forms.ModelChoiceField(label=gettext_lazy("Commune"), queryset=Site.objects.none())

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        limit_to_communes(self, sites)

    @property
    def chosen_site(self):
        return self.sites[0] if "site" not in self.fields else self.cleaned_data["site"]


class StaffPageView(WagtailAdminTemplateMixin, View):
    """An admin page of a plugin beside its viewset's listing (a report, a form): reserved
    to ``permission``, under the listing in the breadcrumbs, for the staff member's communes."""

    viewset = None
    permission = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission) or not self.sites:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def sites(self):
        return list(scoping.scope(Site.objects.order_by("site_name"), self.request.user, "pk"))

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.viewset.get_url_name("index")), "label": capfirst(self.viewset.model._meta.verbose_name_plural)},
            {"url": "", "label": self.get_page_title()},
        ]


class PaperRecordView(StaffPageView):
    """Staff record what reached the commune on paper or by post, so the register is
    complete whatever the channel. The form (``form_class``, a CommuneForm) takes
    ``sites`` — the communes the user works for — and has ``chosen_site``; subclasses set
    ``permission``, ``form_class``, ``template_name``, ``page_title``,
    ``error_message`` and implement ``record(site, form)`` (the plugin's service) and
    ``success(record)`` (the messages)."""

    header_icon = "doc-full"
    form_class = None
    error_message = ""

    def render(self, form, status=200):
        context = self.get_context_data(form=form, index_url=reverse(self.viewset.get_url_name("index")))
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render(self.form_class(sites=self.sites))

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, request.FILES, sites=self.sites)
        if not form.is_valid():
            messages.validation_error(request, self.error_message, form)
            return self.render(form)
        try:
            record = self.record(form.chosen_site, form)
        except ValidationError as e:
            for field, errors in (e.message_dict if hasattr(e, "error_dict") else {None: e.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
            messages.validation_error(request, self.error_message, form)
            return self.render(form)
        except PermissionDenied as e:
            messages.error(request, str(e) or _("This action is not allowed on this record now."))
            return self.render(form, status=403)
        self.success(record)
        return redirect(self.viewset.get_url_name("inspect"), quote(record.pk))

    def record(self, site, form):
        raise NotImplementedError

    def success(self, record):
        messages.success(self.request, str(record))


class StoredFileView(ScopedObjectMixin, RecordLookupMixin, BaseObjectMixin, View):
    """One of a record's stored files (a suggestion's photo, a petition's scan, an association's
    statutes) to staff of its commune who may see the record; logged as an access to personal
    data. Never a public URL: nginx refuses the plugins' /media/ folders."""

    viewset = None
    personal_data_access = access_log.Action.DOWNLOAD

    @property
    def permissions(self):
        meta = self.model._meta
        return (f"{meta.app_label}.view_{meta.model_name}", f"{meta.app_label}.change_{meta.model_name}")

    def get(self, request, *args, **kwargs):
        field = self.kwargs["field"]
        if field not in self.viewset.file_fields:
            raise Http404
        self.personal_data_detail = field
        stored = getattr(self.object, field)
        return stored_file_response(stored, f"{self.object.reference}-{field}{os.path.splitext(stored.name)[1].lower()}")


class RenewLinkView(ScopedObjectMixin, RecordLookupMixin, BaseObjectMixin, View):
    """Revoke a citizen's private link (shared or stolen): a new one is e-mailed to the address
    on file (participation.core.private_links). POST only, by staff who may change the record."""

    viewset = None
    http_method_names = ["post"]

    @property
    def permissions(self):
        return (f"{self.model._meta.app_label}.change_{self.model._meta.model_name}",)

    def post(self, request, *args, **kwargs):
        if private_links.renew(self.object, user=request.user):
            messages.success(request, _("A new private link was e-mailed to the citizen; the old one no longer works."))
        else:
            messages.error(request, _("There is no e-mail address to send a new link to."))
        return redirect(self.viewset.get_url_name("inspect"), quote(self.object.pk))


class SubmissionViewSet(ParticipationURLsMixin, ScopedViewSetMixin, ModelViewSet):
    """Admin of the records citizens submit to a plugin; subclass per plugin.

    Declare ``model`` and, as needed: ``list_display``, ``list_select_related``,
    ``filterset_class`` (a SubmissionFilterSet subclass), ``search_fields``,
    ``list_export``, ``export_permission`` (default ``<app>.export_<model>``),
    ``inspect_view_fields``, ``edit_fields`` (corrections outside the workflow; none
    means no edit view), ``notes_relation`` (related name of an internal-notes model
    with ``author`` and ``text`` fields). Override ``transition_formfield()`` for a
    custom field and ``perform_transition()`` to route an action through a
    plugin's own service function.

    There is no add, copy or delete view: citizens create records, and staff must
    not delete them (the law and the citizen's follow-up link rely on them).
    """

    icon = "form"
    site_field = "site"
    list_per_page = 20
    ordering = "-created_at"
    list_display = ["reference", "status", "created_at", "deadline"]
    list_select_related = ("site",)
    object_select_related = ("site",)
    search_fields = ["reference"]
    search_backend_name = None
    list_export = ["reference", "site", "created_at", "status", "deadline"]
    export_permission = None
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = True
    edit_fields: tuple[str, ...] = ()
    notes_relation: str | None = None

    index_view_class = SubmissionIndexView
    inspect_view_class = SubmissionInspectView
    edit_view_class = SubmissionEditView
    transition_view_class = TransitionView
    document_view_class = StoredFileView
    renew_link_view_class = RenewLinkView

    # --- registration

    @cached_property
    def file_fields(self) -> tuple[str, ...]:
        """The record's stored files, each served by `document_view_class` (never by URL)."""
        return tuple(f.name for f in self.model._meta.get_fields() if isinstance(f, models.FileField))

    def get_export_permission(self) -> str:
        return self.export_permission or f"{self.app_label}.export_{self.model_name}"

    @property
    def url_finder_class(self):
        # Reports (e.g. the site history) link a record to its inspect view.
        return type("_SubmissionAdminURLFinder", (ModelAdminURLFinder,), {"edit_url_name": self.get_url_name("inspect")})

    def get_urlpatterns(self):
        conv = self.pk_path_converter
        patterns = [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(f"inspect/<{conv}:pk>/", self.inspect_view, name="inspect"),
            path(f"action/<{conv}:pk>/<slug:action>/", self.transition_view, name="transition"),
            path(f"renew-link/<{conv}:pk>/", self.renew_link_view, name="renew_link"),
        ]
        if self.edit_fields:
            patterns.append(path(f"edit/<{conv}:pk>/", self.edit_view, name="edit"))
        if self.file_fields:
            patterns.append(path(f"document/<{conv}:pk>/<slug:field>/", self.document_view, name="document"))
        return patterns

    # --- views

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "copy_url_name": None,
                "delete_url_name": None,
                "history_url_name": None,
                "usage_url_name": None,
                "edit_url_name": self.get_url_name("edit") if self.edit_fields else None,
                "site_field": self.site_field,
                "viewset": self,
                **kwargs,
            }
        )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(export_permission=self.get_export_permission(), **kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(object_select_related=self.object_select_related, **kwargs)

    def record_view(self, view_class):
        """A view about one record, loading it with the relations its pages show."""
        return self.construct_view(view_class, model=self.model, object_select_related=self.object_select_related)

    @property
    def renew_link_view(self):
        return self.record_view(self.renew_link_view_class)

    @property
    def document_view(self):
        return self.record_view(self.document_view_class)

    @property
    def transition_view(self):
        return self.record_view(self.transition_view_class)

    @cached_property
    def filterset_class(self):
        meta = type("Meta", (), {"model": self.model, "fields": []})
        return type(f"{self.model.__name__}FilterSet", (SubmissionFilterSet,), {"Meta": meta})

    def get_edit_handler(self):
        if not self.edit_fields:
            return None
        return ObjectList([FieldPanel(name) for name in self.edit_fields], base_form_class=CommuneScopedForm).bind_to_model(
            self.model
        )

    # --- transitions and notes

    def transition_formfield(self, record, name):
        """The form field for `name`, a field the transition requires.

        Defaults: the model field's own form field, required; a choice of
        per-commune objects limited to the record's commune; another record of the
        same kind chosen by its reference.
        """
        model_field = self.model._meta.get_field(name)
        if model_field.is_relation and model_field.related_model is self.model:
            queryset = self.model._default_manager.filter(**{f"{self.site_field}_id": getattr(record, f"{self.site_field}_id")})
            return RecordReferenceField(
                queryset=queryset.exclude(pk=record.pk),
                label=capfirst(model_field.verbose_name),
                help_text=_("The reference number of the other record, e.g. %(example)s.")
                % {"example": f"{record.reference_prefix}-{timezone.localdate().year}-00001"},
            )
        field = model_field.formfield()
        field.required = True
        if isinstance(field, forms.ModelChoiceField):
            if _has_site_field(field.queryset.model):
                field.queryset = field.queryset.filter(site_id=getattr(record, f"{self.site_field}_id"))
            field.initial = getattr(record, model_field.attname)
            if not field.queryset.exists():
                field.help_text = _("There is nothing to choose yet in this commune.")
        else:
            field.initial = getattr(record, name)
        return field

    def perform_transition(self, record, action, user, *, note, changes):
        """Apply the transition through the service layer (override to route an
        action through a plugin's own service function)."""
        return services.perform(record, action, user, note=note, **changes)

    def get_note_form_class(self):
        relation = self.model._meta.get_field(self.notes_relation)
        return modelform_factory(relation.related_model, fields=["text"], widgets={"text": forms.Textarea(attrs={"rows": 3})})

    def add_note(self, record, form, user):
        """Store an internal note (staff only, never public) and log it."""
        relation = self.model._meta.get_field(self.notes_relation)
        with transaction.atomic():
            note = form.save(commit=False)
            setattr(note, relation.field.name, record)
            note.author = user
            note.save()
            log(instance=record, action="participation.note", user=user, data={"reference": record.reference})
        return note
