"""The charter's monitoring figures.

- ``INDICATORS``: what the charter itself computes for the core contract
  (participation.core.indicators): the number of valid adherents at the end of a year.
- ``monitoring()``: each staff-defined indicator of a commune with its values per period,
  entered by hand or computed from the plugins' records, ready for the public page and the API.

Queries stay bounded: the indicators and their values are two queries whatever their number;
each computed figure is asked once per year shown (several indicators on the same figure
share it), and past years, which no longer change, are cached for an hour.
"""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.core.indicators import COUNT, PERCENT, ComputedIndicator, computed_indicators

PAST_YEARS_CACHE_SECONDS = 3600
MAX_YEARS = 15  # a charter adopted long ago shows its last fifteen years


def _year_end(year: int) -> datetime.datetime:
    return datetime.datetime(year + 1, 1, 1, tzinfo=ZoneInfo(settings.TIME_ZONE))


def adherents(site, year: int) -> int:
    """Adherents (associations and citizens) whose adhesion was valid on 31 December of `year`
    (so far, for the current year): valid by then and not withdrawn by then."""
    from participation.charter.models import Adhesion

    end = _year_end(year)
    return (
        Adhesion.objects.filter(site=site, validated_at__lt=end)
        .filter(Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=end))
        .count()
    )


INDICATORS = [ComputedIndicator("adherents", _("Valid adherents to the charter (at the end of the year)"), COUNT, adherents)]


@dataclass
class Point:
    period: int
    value: Decimal | None
    source: str = ""
    percent: int = 0  # the bar's length, relative to the indicator's largest figure


@dataclass
class Trend:
    indicator: object
    unit: str
    points: list[Point] = field(default_factory=list)
    computed_label: str = ""
    available: bool = True  # False: computed by a plugin that is not installed

    @property
    def latest(self) -> Point | None:
        known = [p for p in self.points if p.value is not None]
        return known[-1] if known else None


def years_shown(adopted_on, today=None) -> list[int]:
    """From the charter's adoption to this year (this year alone before adoption)."""
    this_year = (today or timezone.localdate()).year
    first = adopted_on.year if adopted_on else this_year
    first = max(min(first, this_year), this_year - MAX_YEARS + 1)
    return list(range(first, this_year + 1))


def unit_label(unit: str) -> str:
    return {PERCENT: "%", COUNT: ""}.get(unit, unit)


def computed_value(key: str, site, year: int, indicator: ComputedIndicator) -> Decimal | None:
    this_year = timezone.localdate().year
    if year >= this_year:
        return indicator.value(site, year)
    cache_key = f"jamaa:charter:indicator:{site.pk}:{key}:{year}"
    cached = cache.get(cache_key)
    if cached is not None:
        return cached[0]
    value = indicator.value(site, year)
    cache.set(cache_key, (value,), PAST_YEARS_CACHE_SECONDS)
    return value


def monitoring(site, adopted_on=None, indicators=None) -> list[Trend]:
    """The trend of each indicator of the commune (in their order)."""
    from django.db.models import Prefetch

    from participation.charter.models import Indicator, IndicatorValue

    if indicators is None:
        indicators = Indicator.objects.filter(site=site).prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.order_by("period"))
        )
    available = computed_indicators()
    years = years_shown(adopted_on)
    figures: dict[tuple[str, int], Decimal | None] = {}
    trends = []
    for indicator in indicators:
        if indicator.computed:
            contract = available.get(indicator.computed)
            if contract is None:
                trends.append(Trend(indicator, indicator.unit, available=False))
                continue
            points = []
            for year in years:
                if (indicator.computed, year) not in figures:
                    figures[(indicator.computed, year)] = computed_value(indicator.computed, site, year, contract)
                points.append(Point(year, figures[(indicator.computed, year)]))
            trend = Trend(indicator, indicator.unit or unit_label(contract.unit), points, computed_label=str(contract.label))
        else:
            points = [Point(v.period, v.value, v.source) for v in indicator.values.all()]
            trend = Trend(indicator, indicator.unit, points)
        _scale(trend)
        trends.append(trend)
    return trends


def _scale(trend: Trend):
    values = [abs(p.value) for p in trend.points if p.value is not None]
    if trend.indicator.target is not None:
        values.append(abs(trend.indicator.target))
    top = max(values, default=0)
    for point in trend.points:
        point.percent = int(abs(point.value) * 100 / top) if top and point.value is not None else 0
