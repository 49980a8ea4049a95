"""What the suggestions box's staff may clean up in bulk when spam got through
(participation.core.cleanup): open suggestions, rejected through the workflow (status
history, log entry, the usual notice to the sender) with a reason saying it was spam."""
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from participation.core.cleanup import CleanupTarget
from participation.suggestions.workflow import OPEN


def reject_as_spam(suggestion, user) -> bool:
    from participation.core import services

    with translation.override(suggestion.language):  # the reason is shown to the sender
        reason = str(_("Rejected as spam."))
    services.perform(suggestion, "reject", user, rejection_reason=reason)
    return True


TARGETS = [
    CleanupTarget(
        key="suggestions.suggestions",
        label=_("Suggestions"),
        model="participation_suggestions.Suggestion",
        permission="participation_suggestions.cleanup_suggestions",
        invalidate=reject_as_spam,
        pending=Q(status__in=OPEN),
    ),
]
