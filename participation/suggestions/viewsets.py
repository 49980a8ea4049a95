"""Admin of the suggestions box (listed in SuggestionsConfig.viewsets, shown in the
"Citizen participation" menu group). Everything generic — scoping, transitions,
exports, notes — comes from participation.core.viewsets; this module only says
what a suggestion shows and how it is filtered."""
import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import LocaleColumn

from participation.core.viewsets import (
    CommuneSnippetViewSet,
    DepartmentViewSet,
    SubmissionFilterSet,
    SubmissionViewSet,
    scoped_choices,
)
from participation.suggestions import services
from participation.suggestions.models import Suggestion, SuggestionCategory, SuggestionKind


class SuggestionFilterSet(SubmissionFilterSet):
    category = django_filters.ModelChoiceFilter(label=_("Category"), queryset=scoped_choices(SuggestionCategory))
    kind = django_filters.ChoiceFilter(
        label=_("Type"), choices=SuggestionKind.choices, empty_label=_("All"), widget=forms.RadioSelect
    )
    neighbourhood = django_filters.CharFilter(label=_("Neighbourhood"), lookup_expr="icontains")

    class Meta:
        model = Suggestion
        fields = []


class SuggestionViewSet(SubmissionViewSet):
    model = Suggestion
    icon = "comment"
    export_permission = "participation_suggestions.export_suggestion"
    list_display = ["reference", "title", "category", "status", "created_at", "deadline", "support_count"]
    list_select_related = ("site", "category", "department")
    object_select_related = ("site", "category", "department", "merged_into", "page")
    filterset_class = SuggestionFilterSet
    search_fields = ["reference", "title", "text"]
    # Contact details stay out of exports: a spreadsheet travels further than the admin.
    list_export = [
        "reference", "site", "created_at", "status", "kind", "category", "title", "text", "neighbourhood",
        "department", "deadline", "first_answered_at", "public_answer", "is_public", "support_count",
    ]
    inspect_view_fields = [
        "reference", "site", "created_at", "kind", "category", "title", "text", "neighbourhood", "photo",
        "name", "email", "phone", "show_name", "language", "department", "deadline", "is_public",
        "public_answer", "first_answered_at", "rejection_reason", "merged_into", "support_count",
    ]
    edit_fields = ("kind", "category", "neighbourhood", "department")
    notes_relation = "notes"

    def perform_transition(self, record, action, user, *, note, changes):
        if action == "merge":
            # The suggestions service checks the original is a live record of the same commune.
            return services.merge(record, changes["merged_into"], user, note=note)
        return super().perform_transition(record, action, user, note=note, changes=changes)


class SuggestionCategoryViewSet(CommuneSnippetViewSet):
    """Categories per commune, translatable with wagtail-localize (a snippet)."""

    model = SuggestionCategory
    icon = "tag"
    panels = [FieldPanel("site"), FieldPanel("name"), FieldPanel("description")]
    list_display = ["name", "description", "site", LocaleColumn()]
    list_select_related = ("site", "locale")
    search_fields = ["name", "description"]
    search_backend_name = None
    ordering = "name"


viewsets = [SuggestionViewSet, SuggestionCategoryViewSet, DepartmentViewSet]
