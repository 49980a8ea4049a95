"""The petitions' figures for the charter's monitoring (core.indicators)."""
from django.utils.translation import gettext_lazy as _

from participation.core.indicators import COUNT, ComputedIndicator
from participation.petitions.models import Petition


def received(site, year: int) -> int:
    """Petitions filed with the commune in `year` (online once the threshold was
    reached, or handed in on paper): the ones the bureau had to decide on."""
    return Petition.objects.filter(site=site, filed_on__year=year).count()


INDICATORS = [ComputedIndicator("received", _("Petitions received"), COUNT, received)]
