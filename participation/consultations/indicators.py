"""The consultations' figures for the charter's monitoring (core.indicators)."""
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from participation.consultations.models import ConsultationPage
from participation.core.indicators import COUNT, ComputedIndicator


def held(site, year: int) -> int:
    """Public consultations opened in `year` on the commune's site (each counted
    once, in the default language, whatever its translations)."""
    return (
        ConsultationPage.objects.live().descendant_of(site.root_page)
        .filter(locale=Locale.get_default(), opens_on__year=year).count()
    )


INDICATORS = [ComputedIndicator("held", _("Public consultations held"), COUNT, held)]
