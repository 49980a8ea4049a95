"""The action plans' figures for the charter's monitoring (core.indicators): how far the commune's
participation action plans have got, from the same figures as the public dashboard (rules.py)."""
import datetime

from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from participation.core.indicators import COUNT, PERCENT, ComputedIndicator, share


def _participation_actions(site, year: int):
    """Actions of the commune's published participation plans running during `year`."""
    from participation.action_plan.models import Action, ActionPlanPage, PlanKind

    plans = (ActionPlanPage.objects.live().descendant_of(site.root_page)
             .filter(locale=Locale.get_default(), kind=PlanKind.PARTICIPATION))
    return Action.objects.filter(plan__in=plans.values("pk"), start_date__lte=datetime.date(year, 12, 31),
                                 end_date__gte=datetime.date(year, 1, 1)).exclude(status="cancelled")


def completed_share(site, year: int):
    """Share of the participation plan's actions running in `year` that are completed."""
    actions = _participation_actions(site, year)
    return share(actions.filter(status="completed").count(), actions.count())


def completed_count(site, year: int):
    return _participation_actions(site, year).filter(status="completed").count()


INDICATORS = [
    ComputedIndicator("participation_completed_share", _("Share of the participation action plan's actions completed"),
                      PERCENT, completed_share),
    ComputedIndicator("participation_completed", _("Actions of the participation action plan completed"), COUNT, completed_count),
]
