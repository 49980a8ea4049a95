"""Wiring only. The admin viewsets reach the menu through the core's "Citizen
participation" group (SuggestionsConfig.viewsets); here, the permission policies
that add the commune to Wagtail's own instance checks, registered early as
Wagtail asks (before anything looks a policy up)."""
from participation.core.viewsets import register_scoped_policy
from participation.suggestions.models import Suggestion, SuggestionCategory

register_scoped_policy(Suggestion)
register_scoped_policy(SuggestionCategory)
