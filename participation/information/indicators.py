"""The access-to-information figures for the charter's monitoring (core.indicators)."""
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.core.indicators import PERCENT, ComputedIndicator, share
from participation.information.models import InformationRequest
from participation.information.overview import yearly_overview


def answered_in_time(site, year: int):
    """Share of the requests received in `year` and responded to whose response
    came within the legal deadline (law 31.13, on the commune's calendar)."""
    figures = yearly_overview(InformationRequest.objects.filter(site=site), year, timezone.localdate())
    return share(figures["in_time"], figures["responded"])


INDICATORS = [
    ComputedIndicator("answered_in_time", _("Requests for information answered in time"), PERCENT, answered_in_time),
]
