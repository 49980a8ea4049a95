"""The suggestions box's figures for the charter's monitoring (core.indicators)."""
from datetime import timedelta

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from participation.core.indicators import PERCENT, ComputedIndicator, share
from participation.suggestions.models import Suggestion

#: the answer delay the charter's indicator measures against
ANSWER_DAYS = 30


def answered_within_30_days(site, year: int):
    """Share of the suggestions received in `year` that got their first answer
    within 30 days (spam and merged duplicates left out, as they need no answer)."""
    counts = (
        Suggestion.objects.filter(site=site, created_at__year=year).exclude(status__in=("rejected", "spam", "merged"))
        .aggregate(received=Count("pk"), in_time=Count(
            "pk", filter=Q(first_answered_at__lte=F("created_at") + timedelta(days=ANSWER_DAYS))))
    )
    return share(counts["in_time"], counts["received"])


INDICATORS = [
    ComputedIndicator("answered_within_30_days", _("Suggestions answered within 30 days"), PERCENT, answered_within_30_days),
]
