"""The administration's working days (LEGAL.md §3), for legal deadlines counted in
working days (law 31.13).

Pure functions take the set of non-working dates (`closures`) as an argument;
weekends are theirs to handle (Saturday and Sunday never count, decree
2.05.916). `closure_days()` builds that set for a year: fixed public holidays,
Islamic holidays computed from the Umm al-Qura calendar (hijridate), the dates
staff confirmed or moved (an Islamic holiday's date follows the moon sighting,
announced days before), and one-off closure days the government adds.

Counting convention (used by every deadline built on this module): the day of
the event is day 0; day 1 is the first working day after it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _
from hijridate import Gregorian, Hijri

from participation.core.models import ISLAMIC_HOLIDAY_CHOICES

WEEKEND = (5, 6)  # Saturday, Sunday


@dataclass(frozen=True)
class FixedHoliday:
    month: int
    day: int
    label: str
    since: int = 0  # first year it is a holiday (0: always)


@dataclass(frozen=True)
class IslamicHoliday:
    key: str
    hijri_month: int
    hijri_day: int
    days: int
    label: str


FIXED_HOLIDAYS = (
    FixedHoliday(1, 1, _("New Year's Day")),
    FixedHoliday(1, 11, _("Independence Manifesto")),
    FixedHoliday(1, 14, _("Amazigh New Year"), since=2024),
    FixedHoliday(5, 1, _("Labour Day")),
    FixedHoliday(7, 30, _("Throne Day")),
    FixedHoliday(8, 14, _("Oued Eddahab Day")),
    FixedHoliday(8, 20, _("Revolution of the King and the People")),
    FixedHoliday(8, 21, _("Youth Day")),
    FixedHoliday(10, 31, _("Unity Day"), since=2026),
    FixedHoliday(11, 6, _("Green March")),
    FixedHoliday(11, 18, _("Independence Day")),
)

_LABELS = dict(ISLAMIC_HOLIDAY_CHOICES)  # one list of names, shared with the staff's override form
ISLAMIC_HOLIDAYS = (
    IslamicHoliday("new_year", 1, 1, 1, _LABELS["new_year"]),
    IslamicHoliday("mawlid", 3, 12, 2, _LABELS["mawlid"]),
    IslamicHoliday("eid_al_fitr", 10, 1, 2, _LABELS["eid_al_fitr"]),
    IslamicHoliday("eid_al_adha", 12, 10, 2, _LABELS["eid_al_adha"]),
)
ISLAMIC_BY_KEY = {holiday.key: holiday for holiday in ISLAMIC_HOLIDAYS}


# --- pure functions ----------------------------------------------------------------------------


def is_working_day(day: date, closures: set[date] | frozenset[date] = frozenset()) -> bool:
    """Monday to Friday and not a closure day."""
    return day.weekday() not in WEEKEND and day not in closures


def add_working_days(start: date, n: int, closures: set[date] | frozenset[date] = frozenset()) -> date:
    """The n-th working day after `start` (`start` itself is day 0, whatever it is;
    n = 0 gives `start`)."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    while n:
        day += timedelta(days=1)
        if is_working_day(day, closures):
            n -= 1
    return day


def working_days_between(a: date, b: date, closures: set[date] | frozenset[date] = frozenset()) -> int:
    """Working days after `a` up to and including `b` (negative when b is before a), so
    that working_days_between(a, add_working_days(a, n)) == n."""
    if b < a:
        return -working_days_between(b, a, closures)
    count, day = 0, a
    while day < b:
        day += timedelta(days=1)
        if is_working_day(day, closures):
            count += 1
    return count


def fixed_holidays(year: int) -> dict[date, str]:
    """{date: label} of the fixed public holidays of a Gregorian year."""
    return {date(year, h.month, h.day): h.label for h in FIXED_HOLIDAYS if year >= h.since}


def islamic_holiday_start(key: str, hijri_year: int) -> date:
    """The Gregorian date of an Islamic holiday's first day in the Umm al-Qura calendar."""
    holiday = ISLAMIC_BY_KEY[key]
    day = Hijri(hijri_year, holiday.hijri_month, holiday.hijri_day).to_gregorian()
    return date(day.year, day.month, day.day)


def hijri_years_of(year: int) -> tuple[int, ...]:
    """The Hijri years that overlap a Gregorian year (a Hijri year is ~11 days shorter):
    two, or three when one begins in early January and the next in late December (2008,
    2041). A year that does not overlap is harmless: its days are filtered out."""
    first = Gregorian(year, 1, 1).to_hijri().year
    return first, first + 1, first + 2


def islamic_holidays(year: int, moved: dict[tuple[str, int], date] | None = None) -> dict[date, str]:
    """{date: label} of the Islamic holidays falling in a Gregorian year.

    `moved` maps (holiday key, Hijri year) to the first day staff confirmed or moved it
    to; without it the Umm al-Qura date is used. Each day of a two-day holiday follows
    its first day.
    """
    moved = moved or {}
    days: dict[date, str] = {}
    for hijri_year in hijri_years_of(year):
        for holiday in ISLAMIC_HOLIDAYS:
            try:
                first = moved.get((holiday.key, hijri_year)) or islamic_holiday_start(holiday.key, hijri_year)
            except (OverflowError, ValueError):  # outside the Umm al-Qura table (1343–1500 AH)
                continue
            for offset in range(holiday.days):
                day = first + timedelta(days=offset)
                if day.year == year:
                    days[day] = holiday.label
    return days


# --- the commune's calendar (reads staff overrides) --------------------------------------------


def holidays(year: int, site=None) -> dict[date, str]:
    """{date: label} of every non-working weekday-or-weekend date of a year for a commune:
    fixed and Islamic holidays (staff overrides applied) and one-off closure days.
    Overrides and closure days with no commune apply to every commune."""
    from django.db.models import F, Q

    from participation.core.models import ClosureDay, HolidayOverride

    for_site = Q(site__isnull=True) | Q(site=site) if site is not None else Q(site__isnull=True)
    moved = {}
    # a commune's own override wins over the national one: national first, then the commune's
    # (nulls first explicitly: PostgreSQL sorts NULL last in ascending order)
    for override in HolidayOverride.objects.filter(for_site).order_by(F("site_id").asc(nulls_first=True)):
        moved[(override.holiday, override.hijri_year)] = override.first_day
    days = fixed_holidays(year) | islamic_holidays(year, moved)
    for closure in ClosureDay.objects.filter(for_site, day__year=year):
        days[closure.day] = closure.label
    return days


def closure_days(year: int, site=None) -> set[date]:
    """The non-working dates of a year (weekends are left to the functions above)."""
    return set(holidays(year, site))


def closures_around(start: date, site=None, years: int = 1) -> set[date]:
    """Closure days from `start`'s year to `years` later: enough for a deadline that
    crosses New Year."""
    days: set[date] = set()
    for year in range(start.year, start.year + years + 1):
        days |= closure_days(year, site)
    return days
