"""What the suggestions box's staff may clean up in bulk when spam got through
(participation.core.cleanup): open suggestions, marked as spam through the workflow (status
history, log entry) without any e-mail: the senders' addresses of a spam wave are mostly
forged, and a thousand notices would go to strangers."""
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participation.core.cleanup import CleanupTarget
from participation.suggestions.workflow import OPEN


def mark_as_spam(suggestion, user) -> bool:
    from participation.core import services

    services.perform(suggestion, "mark_spam", user)
    return True


TARGETS = [
    CleanupTarget(
        key="suggestions.suggestions",
        label=_("Suggestions"),
        model="participation_suggestions.Suggestion",
        permission="participation_suggestions.cleanup_suggestions",
        invalidate=mark_as_spam,
        pending=Q(status__in=OPEN),
    ),
]
