"""The meetings' figures for the charter's monitoring (core.indicators)."""
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from participation.core.indicators import PERCENT, ComputedIndicator, share
from participation.meetings.models import MeetingPage


def women_share(site, year: int):
    """Share of women among the participants counted by gender at the meetings of
    `year` (staff record attendance after each meeting; meetings without it are left out)."""
    totals = (
        MeetingPage.objects.live().descendant_of(site.root_page)
        .filter(locale=Locale.get_default(), start__year=year, attendance_women__isnull=False,
                attendance_men__isnull=False)
        .aggregate(women=Sum("attendance_women"), men=Sum("attendance_men"))
    )
    women, men = totals["women"] or 0, totals["men"] or 0
    return share(women, women + men)


INDICATORS = [
    ComputedIndicator("women_share", _("Share of women among meeting participants"), PERCENT, women_share),
]
