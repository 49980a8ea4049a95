"""Admin of the working-day calendar's staff data (participation.core.calendar):
the announced dates of Islamic holidays (HolidayOverride) and one-off closure days
(ClosureDay).

Both are core models; a plugin that counts working days lists these viewsets in
its own ``viewsets`` (participation.information does), and the core's menu group
registers each viewset once.

A row is either a commune's (``site`` set) or national (``site`` empty: every
commune follows it). The usual commune scoping (participation.core.scoping) does
not fit rows without a commune, so these viewsets scope themselves:

- listings show the national rows and the rows of the user's communes;
- national rows are read-only except for superusers (a national announcement is
  entered once, for every commune); a commune's row is changed by the staff of
  that commune holding the model permission; another commune's row is a 404;
- forms offer only the user's communes, and staff who are not superusers must
  choose one.

Validation errors of the models (an announced date too far from the computed
one, a duplicate) are shown beside the fields.
"""
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from participation.core import scoping
from participation.core.calendar import islamic_holiday_start
from participation.core.models import ClosureDay, HolidayOverride
from participation.core.viewsets import CommuneScopedForm, ParticipationURLsMixin, ProtectedDeleteMixin, site_label


def visible_to(queryset, user):
    """National rows and the rows of the user's communes."""
    site_ids = scoping.site_ids_for_user(user)
    if site_ids is None:
        return queryset
    return queryset.filter(Q(site__isnull=True) | Q(site__in=site_ids))


def can_see(user, obj) -> bool:
    return obj.site_id is None or scoping.can_act_on(user, obj)


def can_change(user, obj) -> bool:
    """National rows: superusers only; a commune's rows: the commune's staff."""
    if obj.site_id is None:
        return user.is_superuser
    return scoping.can_act_on(user, obj)


class CalendarPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, plus the rules above for anything about one row (used by
    Wagtail's own buttons and views)."""

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return can_see(user, instance) if action == "view" else can_change(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        queryset = visible_to(self.model._default_manager.all(), user)
        if set(actions) - {"view"} and not user.is_superuser:
            queryset = queryset.exclude(site__isnull=True)
        return queryset


class CalendarForm(CommuneScopedForm):
    """The user's communes only; staff who are not superusers must choose one (a
    national row is for superusers)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("site")
        if field is None:
            return
        field.label_from_instance = site_label
        if self.for_user is not None and not self.for_user.is_superuser:
            field.required = True
            field.empty_label = None if len(field.queryset) == 1 else field.empty_label
            field.help_text = ""
        else:
            field.empty_label = _("Every commune (national)")


def register_calendar_policy(model):
    """Register a CalendarPermissionPolicy for `model` once (idempotent)."""
    policy = policy_registry.get_by_type(model, fallback=False)
    if isinstance(policy, CalendarPermissionPolicy):
        return policy
    # a plain fallback policy made before the admin was set up is replaced (same model permissions)
    policy_registry.fallback_policies.pop(model, None)
    policy = CalendarPermissionPolicy(model)
    register_permission_policy(model, policy, exact_class=True)
    return policy


# --- views -----------------------------------------------------------------------------------


class CalendarIndexView(generic.IndexView):
    """National rows and the user's communes' rows; edit and delete links only where allowed."""

    def get_base_queryset(self):
        return visible_to(super().get_base_queryset().select_related("site"), self.request.user)

    def get_edit_url(self, instance):
        if can_change(self.request.user, instance):
            return super().get_edit_url(instance)
        return None

    def get_delete_url(self, instance):
        if can_change(self.request.user, instance):
            return super().get_delete_url(instance)
        return None


class CalendarSeenMixin:
    """Another commune's row is a 404, its history and uses too (who changed it, when)."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not can_see(self.request.user, obj):
            raise Http404
        return obj


class CalendarObjectMixin(CalendarSeenMixin):
    """Seen as above; a national row may only be changed by a superuser."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not can_change(self.request.user, obj):
            raise PermissionDenied
        return obj


class CalendarHistoryView(CalendarSeenMixin, generic.HistoryView):
    pass


class CalendarUsageView(CalendarSeenMixin, generic.UsageView):
    pass


class CalendarEditView(CalendarObjectMixin, generic.EditView):
    pass


class CalendarDeleteView(CalendarObjectMixin, ProtectedDeleteMixin, generic.DeleteView):
    pass


class CalendarViewSet(ParticipationURLsMixin, ModelViewSet):
    """Shared by both models: scoped listing, forms and views (see the module docstring)."""

    icon = "date"
    copy_view_enabled = False
    inspect_view_enabled = False
    search_backend_name = None
    list_per_page = 50
    index_view_class = CalendarIndexView
    edit_view_class = CalendarEditView
    delete_view_class = CalendarDeleteView
    history_view_class = CalendarHistoryView
    usage_view_class = CalendarUsageView
    panels: list = []

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=CalendarForm).bind_to_model(self.model)

    def on_register(self):
        register_calendar_policy(self.model)
        super().on_register()


def _commune(instance):
    return site_label(instance.site) if instance.site_id else _("Every commune (national)")


class ComputedDateColumn(Column):
    """The Umm al-Qura date the announced one replaces (for staff to check the shift)."""

    def get_value(self, instance):
        try:
            return islamic_holiday_start(instance.holiday, instance.hijri_year)
        except (KeyError, OverflowError, ValueError):
            return None


class HolidayOverrideViewSet(CalendarViewSet):
    """The date an Islamic holiday falls on, as announced (moon sighting): it replaces
    the date computed from the Umm al-Qura calendar for the commune, or nationally."""

    model = HolidayOverride
    menu_label = gettext_lazy("Islamic holiday dates")
    panels = [FieldPanel("holiday"), FieldPanel("hijri_year"), FieldPanel("first_day"), FieldPanel("site")]
    list_display = [
        "holiday", "hijri_year", "first_day",
        ComputedDateColumn("computed", label=gettext_lazy("Computed date (Umm al-Qura)")),
        Column("commune", label=gettext_lazy("Commune"), accessor=_commune),
    ]
    list_filter = ["holiday", "hijri_year"]
    ordering = "-first_day"
    menu_order = 910


class ClosureDayViewSet(CalendarViewSet):
    """A one-off day the administration does not work (announced by the government)."""

    model = ClosureDay
    menu_label = gettext_lazy("Closure days")
    panels = [FieldPanel("day"), FieldPanel("label"), FieldPanel("site")]
    list_display = ["day", "label", Column("commune", label=gettext_lazy("Commune"), accessor=_commune)]
    search_fields = ["label"]
    ordering = "-day"
    menu_order = 911

