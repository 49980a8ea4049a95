"""Figures the plugins compute for the charter's monitoring indicators.

The charter's joint monitoring cell follows indicators such as "suggestions
answered within 30 days" or "share of women among meeting participants". Each
plugin knows how to count its own records, so it declares its figures on its
AppConfig (``indicators``) and the charter finds them here, by key, without
importing another plugin's internals. A plugin left out of INSTALLED_APPS simply
offers no figures."""
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.functional import Promise

COUNT = "count"
PERCENT = "percent"


@dataclass(frozen=True)
class ComputedIndicator:
    """One figure a plugin computes for a commune and a calendar year.

    ``compute(site, year)`` returns a number, or None when there is nothing to
    measure (a share of zero records is unknown, not 0 %)."""

    key: str
    label: str | Promise
    unit: str
    compute: Callable

    def value(self, site, year: int) -> Decimal | None:
        result = self.compute(site, year)
        return None if result is None else Decimal(result).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def share(part: int, whole: int) -> Decimal | None:
    """``part`` as a percentage of ``whole``; None when ``whole`` is 0."""
    return None if not whole else Decimal(100) * part / whole


def computed_indicators() -> dict[str, ComputedIndicator]:
    """{"<plugin slug>.<key>": indicator} for every installed plugin, in INSTALLED_APPS order."""
    from participation.core.apps import plugins

    return {f"{plugin.slug}.{indicator.key}": indicator for plugin in plugins() for indicator in plugin.get_indicators()}


def indicator_choices() -> list[tuple[str, str]]:
    """Choices for a staff form: the figures the installed plugins compute."""
    return [(key, indicator.label) for key, indicator in computed_indicators().items()]
