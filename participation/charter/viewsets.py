"""Admin of the charter (listed in CharterConfig.viewsets, in the "Citizen participation"
menu group). The charter page itself (text, adoption history, monitoring cell) is a Wagtail
page, edited in the page explorer.

- Adhesions (the core's SubmissionViewSet: scoping, listing, inspect view with history, one
  view per workflow transition): filters by kind, field of activity and status; validation,
  rejection with a reason, request for information; the association's document served to
  staff of its commune only; the export of adherents with their contacts, restricted to
  `export_adhesion` and logged on the charter page's history.
- Indicators (CommuneModelViewSet): defined per commune by staff, with their values per year;
  "computed automatically from" offers the figures the installed plugins compute
  (participation.core.indicators), checked in the form rather than fixed in a migration.
"""

import django_filters
from django import forms
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participation.charter import services
from participation.charter.models import ActivityField, Adhesion, AdhesionKind, Indicator
from participation.charter.workflow import APP
from participation.core.indicators import indicator_choices
from participation.core.viewsets import (
    CommuneModelViewSet,
    CommuneScopedForm,
    SubmissionFilterSet,
    SubmissionIndexView,
    SubmissionViewSet,
)


class AdhesionFilterSet(SubmissionFilterSet):
    kind = django_filters.ChoiceFilter(label=gettext_lazy("Adherent"), choices=AdhesionKind.choices,
                                       empty_label=gettext_lazy("All"), widget=forms.RadioSelect)
    activity = django_filters.ChoiceFilter(label=gettext_lazy("Field of activity"), choices=ActivityField.choices,
                                        empty_label=gettext_lazy("All fields"))

    class Meta:
        model = Adhesion
        fields = []


class AdhesionIndexView(SubmissionIndexView):
    """Adherents, newest first; each export is logged on the charter's history."""

    def as_spreadsheet(self, queryset, spreadsheet_format):
        counts = queryset.order_by().values_list("charter_id").annotate(n=Count("pk"))
        for charter_id, n in counts:
            services.log_export(self.request.user, [charter_id], n, spreadsheet_format)
        return super().as_spreadsheet(queryset, spreadsheet_format)


class AdhesionViewSet(SubmissionViewSet):
    model = Adhesion
    icon = "tick"
    menu_label = gettext_lazy("Charter adhesions")
    export_permission = f"{APP}.export_adhesion"
    ordering = "-created_at"
    list_display = ["reference", "kind", "association_name", "name", "activity", "status", "created_at"]
    list_select_related = ("site",)
    object_select_related = ("site", "charter")
    filterset_class = AdhesionFilterSet
    search_fields = ["reference", "association_name", "registration_number", "name", "email"]
    # the adherents with the contacts staff need to reach them (restricted, logged)
    list_export = ["reference", "kind", "association_name", "registration_number", "registration_date", "seat", "activity",
                   "name", "email", "phone", "neighbourhood", "show_name", "status", "validated_at", "created_at"]
    inspect_view_fields = [
        "reference", "site", "created_at", "status", "kind", "association_name", "registration_number",
        "registration_date", "seat", "activity", "document", "name", "email", "phone", "neighbourhood", "show_name",
        "commitments", "commitments_accepted_at", "email_verified_at", "validated_at", "rejection_reason",
        "information_requested", "withdrawn_at", "language",
    ]
    edit_fields = ()
    index_view_class = AdhesionIndexView

    def transition_formfield(self, record, name):
        field = super().transition_formfield(record, name)
        field.widget = forms.Textarea(attrs={"rows": 4})
        field.initial = ""
        if name == "rejection_reason":
            field.help_text = _("Sent to the association by e-mail and shown on its private page.")
        elif name == "information_requested":
            field.help_text = _("What the association must complete or send again; sent by e-mail with the link to "
                                "its file.")
        return field


class IndicatorForm(CommuneScopedForm):
    """The computed figure is chosen among those the installed plugins offer now."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = indicator_choices()
        current = self.instance.computed if self.instance and self.instance.pk else ""
        if current and current not in dict(choices):
            choices.append((current, _("%(key)s (not available on this website)") % {"key": current}))
        self.fields["computed"] = forms.ChoiceField(
            label=_("Computed automatically from"), required=False,
            choices=[("", _("Nothing: the values are entered by hand")), *choices],
            help_text=_("A figure the website computes every year from its records. Values entered by hand are "
                        "then not shown."),
            error_messages={"invalid_choice": _("Choose a figure in the list.")},
        )

    def clean_computed(self):
        value = self.cleaned_data.get("computed") or ""
        if value and value not in dict(indicator_choices()) and value != (self.instance.computed if self.instance.pk else None):
            raise forms.ValidationError(_("Choose a figure in the list."))
        return value


class IndicatorViewSet(CommuneModelViewSet):
    model = Indicator
    icon = "table"
    menu_label = gettext_lazy("Charter indicators")
    base_form_class = IndicatorForm
    list_display = ["name", "unit", "baseline", "target", "computed", "site"]
    list_select_related = ("site",)
    search_fields = ["name", "definition"]
    search_backend_name = None
    ordering = ["sort_order", "pk"]


viewsets = [AdhesionViewSet, IndicatorViewSet]
