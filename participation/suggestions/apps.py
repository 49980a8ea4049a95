from django.utils.translation import gettext_lazy as _

from participation.core.apps import ParticipationAppConfig


class SuggestionsConfig(ParticipationAppConfig):
    """The suggestions box (فضاء الاقتراحات والملاحظات)."""

    name = "participation.suggestions"
    label = "participation_suggestions"
    verbose_name = _("Suggestions box")

    page_models = ("SuggestionBoxPage",)
    viewsets = "participation.suggestions.viewsets.viewsets"
    api_router = "participation.suggestions.api.router"
    personal_data = {
        "Suggestion": ("name", "email", "phone", "photo", "submitted_ip"),
        "SuggestionSupport": ("email",),
    }
    demo_seed = "participation.suggestions.seeds.seed"
    indicators = "participation.suggestions.indicators.INDICATORS"
    cleanup_targets = "participation.suggestions.cleanup.TARGETS"
    #: permissions given to the demo roles (site/base/demo/staff.py)
    role_permissions = {
        "participation": (
            "view_suggestion", "change_suggestion", "review_suggestion", "answer_suggestion", "reject_suggestion",
            "merge_suggestion", "export_suggestion", "cleanup_suggestions", "add_suggestioncategory",
            "change_suggestioncategory",
            "view_suggestioncategory",
            # the commune's services, to which suggestions are forwarded (a core model)
            "participation_core.view_department", "participation_core.add_department", "participation_core.change_department",
        ),
        "editor": ("view_suggestion",),
    }
