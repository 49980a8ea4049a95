"""The register of accesses to personal data (participation.core.access_log) in the admin's
Reports menu: read-only (entries are written by the views, never by hand), newest first,
filtered by date, staff member, action and commune.

Scoped like every listing: holders of ``view_personaldataaccess`` see the entries of their
communes; superusers see all, including the command line's (which belong to no commune).
"""
import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import NullAdminURLFinder
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Site

from participation.core import scoping
from participation.core.models import PersonalDataAccess
from participation.core.viewsets import ParticipationURLsMixin, ScopedViewSetMixin, site_label


def _entries(request):
    return scoping.scope(PersonalDataAccess.objects.all(), request.user) if request else PersonalDataAccess.objects.none()


def staff_in_entries(request):
    """The staff members the user's entries name (filter choices)."""
    return get_user_model().objects.filter(pk__in=_entries(request).values("user_id")).order_by("username")


def communes_of(request):
    return scoping.scope(Site.objects.order_by("site_name"), request.user, "pk")


class PersonalDataAccessFilterSet(WagtailFilterSet):
    at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)
    user = django_filters.ModelChoiceFilter(label=_("Staff member"), queryset=staff_in_entries)
    action = django_filters.ChoiceFilter(
        label=_("Action"), choices=PersonalDataAccess.Action.choices, empty_label=_("All"), widget=forms.RadioSelect
    )
    site = django_filters.ModelChoiceFilter(label=_("Commune"), queryset=communes_of)

    class Meta:
        model = PersonalDataAccess
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        site_ids = scoping.site_ids_for_user(request.user) if request else set()
        if site_ids is not None and len(site_ids) <= 1:
            del self.filters["site"]


def record_kind(entry) -> str:
    model = entry.content_type.model_class() if entry.content_type_id else None
    return str(model._meta.verbose_name_plural) if model else "—"


class PersonalDataAccessViewSet(ParticipationURLsMixin, ScopedViewSetMixin, ModelViewSet):
    model = PersonalDataAccess
    icon = "view"
    menu_hook = "register_reports_menu_item"
    menu_order = 900
    ordering = ["-at", "-pk"]
    list_per_page = 50
    list_display = [
        "at",
        Column("username", label=_("Staff member"), accessor="username"),
        Column("action", label=_("Action"), accessor="get_action_display"),
        Column("content_type", label=_("Kind of record"), accessor=record_kind),
        "record",
        "detail",
        "rows",
        Column("site", label=_("Commune"), accessor=lambda entry: site_label(entry.site) if entry.site_id else "—"),
        "ip_address",
    ]
    list_select_related = ("site", "content_type")
    filterset_class = PersonalDataAccessFilterSet
    search_fields = ["record", "username"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = False
    #: no screen of one entry: the usage screens (of a commune, of an account) list entries
    #: without a link instead of failing to reverse one (a 500)
    url_finder_class = NullAdminURLFinder

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]

    def get_common_view_kwargs(self, **kwargs):
        no_url = dict.fromkeys(("add_url_name", "edit_url_name", "copy_url_name", "delete_url_name", "history_url_name",
                                "usage_url_name", "inspect_url_name"))
        return super().get_common_view_kwargs(**{**no_url, **kwargs})
