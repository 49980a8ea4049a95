"""The administration's working-day calendar (participation/core/calendar.py, LEGAL.md §3):
weekends, the fixed public holidays, the Islamic holidays of the Umm al-Qura calendar and the
dates staff confirm or move, one-off closure days, and the counting functions every legal
deadline in working days is built on."""
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from hijridate import Hijri

from participation.core import calendar
from participation.core.calendar import (
    add_working_days,
    closure_days,
    closures_around,
    fixed_holidays,
    holidays,
    is_working_day,
    islamic_holiday_start,
    islamic_holidays,
    working_days_between,
)
from participation.core.models import ClosureDay, HolidayOverride

FIXED = [  # (month, day, first year it is a holiday)
    (1, 1, 0), (1, 11, 0), (1, 14, 2024), (5, 1, 0), (7, 30, 0), (8, 14, 0), (8, 20, 0), (8, 21, 0), (10, 31, 2026),
    (11, 6, 0), (11, 18, 0),
]


def pure_closures(*years) -> set[date]:
    """The computed holidays of some years, without the database (no override)."""
    days: set[date] = set()
    for year in years:
        days |= set(fixed_holidays(year)) | set(islamic_holidays(year))
    return days


def weekdays(start: date, end: date):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


# --- weekends ----------------------------------------------------------------------------


def test_weekends_never_count():
    assert [is_working_day(date(2026, 3, 2) + timedelta(days=n)) for n in range(7)] == [True] * 5 + [False] * 2
    assert date(2026, 3, 7).weekday() == 5 and date(2026, 3, 8).weekday() == 6
    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)  # Friday + 1 = Monday
    assert working_days_between(date(2026, 3, 6), date(2026, 3, 9)) == 1
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 30)) == 20  # four weeks


def test_a_closure_day_is_not_a_working_day():
    assert not is_working_day(date(2026, 3, 4), {date(2026, 3, 4)})
    assert is_working_day(date(2026, 3, 4), {date(2026, 3, 5)})


# --- fixed holidays -----------------------------------------------------------------------


@pytest.mark.parametrize(("month", "day", "since"), FIXED)
@pytest.mark.parametrize("year", [2023, 2024, 2025, 2026, 2027, 2030])
def test_every_fixed_holiday(year, month, day, since):
    holiday = date(year, month, day)
    assert (holiday in fixed_holidays(year)) == (year >= since)
    assert (holiday in pure_closures(year)) == (year >= since)
    if year >= since:
        assert fixed_holidays(year)[holiday]  # a label for the officer's calendar


def test_fixed_holidays_list_is_the_law():
    assert sorted((d.month, d.day) for d in fixed_holidays(2026)) == sorted((m, d) for m, d, _ in FIXED)
    assert date(2023, 1, 14) not in fixed_holidays(2023)  # Amazigh New Year: from 2024
    assert date(2024, 1, 14) in fixed_holidays(2024)
    assert date(2025, 10, 31) not in fixed_holidays(2025)  # Unity Day: from 2026
    assert date(2026, 10, 31) in fixed_holidays(2026)
    assert len(fixed_holidays(2025)) == 10 and len(fixed_holidays(2026)) == 11


def test_a_fixed_holiday_on_a_weekday_shifts_the_count():
    # Friday 1 May 2026: Thursday + 1 working day is Monday 4 May
    assert add_working_days(date(2026, 4, 30), 1, pure_closures(2026)) == date(2026, 5, 4)
    assert add_working_days(date(2026, 4, 30), 1) == date(2026, 5, 1)


def test_a_holiday_on_a_weekend_adds_nothing():
    closures = pure_closures(2026)
    assert date(2026, 10, 31).weekday() == 5 and date(2026, 10, 31) in closures  # Unity Day 2026: a Saturday
    assert date(2026, 1, 11).weekday() == 6 and date(2026, 1, 11) in closures  # Independence Manifesto 2026: a Sunday
    for start, n in ((date(2026, 10, 30), 1), (date(2026, 10, 29), 3), (date(2026, 1, 9), 1), (date(2026, 1, 8), 2)):
        assert add_working_days(start, n, {date(2026, 10, 31), date(2026, 1, 11)}) == add_working_days(start, n)
    assert working_days_between(date(2026, 10, 26), date(2026, 11, 5), closures) == working_days_between(
        date(2026, 10, 26), date(2026, 11, 5))


# --- Islamic holidays ----------------------------------------------------------------------


def test_eids_of_1447_from_umm_al_qura():
    days = islamic_holidays(2026)
    assert {date(2026, 3, 20), date(2026, 3, 21)} <= set(days)  # Eid al-Fitr 1447
    assert {date(2026, 5, 27), date(2026, 5, 28)} <= set(days)  # Eid al-Adha 1447
    assert date(2026, 3, 19) not in days and date(2026, 3, 22) not in days
    assert days[date(2026, 3, 20)] == days[date(2026, 3, 21)]  # one holiday, one label
    assert islamic_holiday_start("eid_al_fitr", 1447) == date(2026, 3, 20)
    assert islamic_holiday_start("eid_al_adha", 1447) == date(2026, 5, 27)


@pytest.mark.parametrize(("key", "month", "day", "length"), [
    ("new_year", 1, 1, 1), ("mawlid", 3, 12, 2), ("eid_al_fitr", 10, 1, 2), ("eid_al_adha", 12, 10, 2),
])
@pytest.mark.parametrize("hijri_year", [1445, 1446, 1447, 1448, 1450])
def test_islamic_holidays_match_hijridate(key, month, day, length, hijri_year):
    first = Hijri(hijri_year, month, day).to_gregorian()
    first = date(first.year, first.month, first.day)
    assert islamic_holiday_start(key, hijri_year) == first
    for offset in range(length):
        holiday = first + timedelta(days=offset)
        assert holiday in islamic_holidays(holiday.year)
    after = first + timedelta(days=length)
    assert after not in islamic_holidays(after.year)


def test_every_islamic_holiday_of_a_gregorian_year_is_found():
    """A Gregorian year may overlap three Hijri years: 2008 had two Hijri New Years
    (10 January and 29 December) and so will 2041."""
    for year in (2008, 2024, 2025, 2026, 2027, 2041):
        expected = set()
        for hijri_year in range(1425, 1466):
            for holiday in calendar.ISLAMIC_HOLIDAYS:
                first = islamic_holiday_start(holiday.key, hijri_year)
                expected |= {first + timedelta(days=n) for n in range(holiday.days) if (first + timedelta(days=n)).year == year}
        assert set(islamic_holidays(year)) == expected, year
    assert date(2008, 12, 29) in islamic_holidays(2008)


def test_islamic_holidays_out_of_the_table_are_skipped():
    assert islamic_holidays(2076)  # still inside the Umm al-Qura table
    assert fixed_holidays(2076)


def test_a_two_day_holiday_across_new_year():
    """Eid al-Adha 1427 began on 31 December 2006: its second day is in 2007."""
    assert islamic_holiday_start("eid_al_adha", 1427) == date(2006, 12, 31)
    assert date(2006, 12, 31) in islamic_holidays(2006) and date(2007, 1, 1) not in islamic_holidays(2006)
    assert date(2007, 1, 1) in islamic_holidays(2007) and date(2006, 12, 31) not in islamic_holidays(2007)


# --- staff overrides and closure days (database) -------------------------------------------


@pytest.mark.django_db
def test_without_overrides_the_computed_dates_are_used(demo):
    assert set(holidays(2026)) == pure_closures(2026)
    assert closure_days(2026, demo.site_a) == pure_closures(2026)


@pytest.mark.django_db
def test_a_national_override_moves_both_days_of_the_eid(demo):
    HolidayOverride.objects.create(holiday="eid_al_fitr", hijri_year=1447, first_day=date(2026, 3, 21))
    for site in (None, demo.site_a, demo.site_b):
        days = closure_days(2026, site)
        assert {date(2026, 3, 21), date(2026, 3, 22)} <= days
        assert date(2026, 3, 20) not in days
        assert {date(2026, 5, 27), date(2026, 5, 28)} <= days  # the other holidays stay


@pytest.mark.django_db
def test_a_communes_override_wins_for_that_commune_only(demo):
    HolidayOverride.objects.create(holiday="eid_al_adha", hijri_year=1447, first_day=date(2026, 5, 28))
    HolidayOverride.objects.create(site=demo.site_a, holiday="eid_al_adha", hijri_year=1447, first_day=date(2026, 5, 26))
    a, b, national = closure_days(2026, demo.site_a), closure_days(2026, demo.site_b), closure_days(2026)
    assert {date(2026, 5, 26), date(2026, 5, 27)} <= a and date(2026, 5, 28) not in a and date(2026, 5, 29) not in a
    assert {date(2026, 5, 28), date(2026, 5, 29)} <= b and date(2026, 5, 27) not in b and date(2026, 5, 26) not in b
    assert national == b


@pytest.mark.django_db
def test_a_communes_override_without_a_national_one(demo):
    HolidayOverride.objects.create(site=demo.site_b, holiday="new_year", hijri_year=1448, first_day=date(2026, 6, 17))
    assert date(2026, 6, 17) in closure_days(2026, demo.site_b) and date(2026, 6, 16) not in closure_days(2026, demo.site_b)
    assert date(2026, 6, 16) in closure_days(2026, demo.site_a) and date(2026, 6, 17) not in closure_days(2026, demo.site_a)


@pytest.mark.django_db
def test_an_override_moves_the_deadline(demo):
    received = date(2026, 3, 16)  # a Monday; Eid al-Fitr computed on Friday 20 March
    before = add_working_days(received, 5, closure_days(2026, demo.site_a))
    assert before == date(2026, 3, 24)  # 17, 18, 19, (20 Eid), 23, 24
    HolidayOverride.objects.create(holiday="eid_al_fitr", hijri_year=1447, first_day=date(2026, 3, 19))
    assert add_working_days(received, 5, closure_days(2026, demo.site_a)) == date(2026, 3, 25)  # 17, 18, (19, 20), 23, 24, 25
    HolidayOverride.objects.filter(hijri_year=1447).update(first_day=date(2026, 3, 21))
    assert add_working_days(received, 5, closure_days(2026, demo.site_a)) == date(2026, 3, 23)  # Eid on the weekend


@pytest.mark.django_db
def test_one_off_closure_days(demo):
    ClosureDay.objects.create(day=date(2026, 6, 3), label="عطلة استثنائية")
    ClosureDay.objects.create(site=demo.site_a, day=date(2026, 6, 4), label="موسم الجماعة")
    a, b = holidays(2026, demo.site_a), holidays(2026, demo.site_b)
    assert a[date(2026, 6, 3)] == "عطلة استثنائية" and date(2026, 6, 3) in b
    assert date(2026, 6, 4) in a and date(2026, 6, 4) not in b and date(2026, 6, 4) not in holidays(2026)
    assert date(2026, 6, 3) not in closure_days(2025) and date(2026, 6, 3) not in closure_days(2027)
    assert add_working_days(date(2026, 6, 2), 1, closure_days(2026, demo.site_a)) == date(2026, 6, 5)
    assert add_working_days(date(2026, 6, 2), 1, closure_days(2026, demo.site_b)) == date(2026, 6, 4)


@pytest.mark.django_db
def test_closures_around_cover_the_next_year(demo):
    ClosureDay.objects.create(day=date(2027, 2, 2), label="يوم استثنائي")
    days = closures_around(date(2026, 12, 24), demo.site_a)
    assert {date(2026, 11, 18), date(2027, 1, 1), date(2027, 1, 11), date(2027, 1, 14),
            date(2027, 2, 2)} <= days


# --- counting -----------------------------------------------------------------------------


def test_add_working_days_conventions():
    monday = date(2026, 3, 2)
    assert add_working_days(monday, 0) == monday  # day 0 is the start itself
    assert add_working_days(date(2026, 3, 7), 0) == date(2026, 3, 7)  # even on a Saturday
    assert add_working_days(monday, 1) == date(2026, 3, 3)  # day 1: the first working day after
    assert add_working_days(monday, 5) == date(2026, 3, 9)
    with pytest.raises(ValueError):
        add_working_days(monday, -1)


def test_start_on_a_weekend_or_a_holiday():
    closures = pure_closures(2026)
    assert add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 9)  # Saturday: day 1 is Monday
    assert add_working_days(date(2026, 3, 8), 1) == date(2026, 3, 9)  # Sunday too
    assert add_working_days(date(2026, 5, 1), 1, closures) == date(2026, 5, 4)  # Labour Day (a Friday)
    assert add_working_days(date(2026, 3, 20), 1, closures) == date(2026, 3, 23)  # first day of Eid al-Fitr
    assert working_days_between(date(2026, 3, 7), date(2026, 3, 8)) == 0
    assert working_days_between(date(2026, 3, 20), date(2026, 3, 23), closures) == 1


def test_working_days_between_properties():
    closures = pure_closures(2026, 2027)
    start = date(2026, 1, 1)
    for offset in range(0, 400, 3):
        a = start + timedelta(days=offset)
        for n in (0, 1, 2, 3, 7, 20, 40):
            b = add_working_days(a, n, closures)
            assert working_days_between(a, b, closures) == n  # round trip
            assert working_days_between(b, a, closures) == -n  # negative span
            assert is_working_day(b, closures) or n == 0
            if n:
                assert working_days_between(a, b - timedelta(days=1), closures) == n - 1  # b is the n-th, not later
    assert working_days_between(start, start) == 0


def test_working_days_between_counts_after_a_up_to_b():
    closures = pure_closures(2026)
    a, b = date(2026, 4, 27), date(2026, 5, 8)  # Monday to the next Friday but one, 1 May a holiday
    expected = sum(1 for day in weekdays(a + timedelta(days=1), b) if is_working_day(day, closures))
    assert working_days_between(a, b, closures) == expected == 8


def test_a_deadline_crossing_new_year():
    """Received Thursday 24 December 2026: 20 working days skip 1, 11 and 14 January 2027."""
    closures = pure_closures(2026, 2027)
    deadline = add_working_days(date(2026, 12, 24), 20, closures)
    assert deadline == date(2027, 1, 26)
    assert add_working_days(date(2026, 12, 24), 20) == date(2027, 1, 21)  # the three holidays are working days
    assert working_days_between(date(2026, 12, 24), deadline, closures) == 20


@pytest.mark.django_db
def test_a_deadline_crossing_new_year_from_the_database(demo):
    closures = closures_around(date(2026, 12, 24), demo.site_a)
    assert add_working_days(date(2026, 12, 24), 20, closures) == date(2027, 1, 26)


# --- the staff's override form --------------------------------------------------------------


def _override(**fields):
    values = {"holiday": "eid_al_fitr", "hijri_year": 1447, "first_day": date(2026, 3, 20)} | fields
    return HolidayOverride(**values)


@pytest.mark.parametrize("first_day", [date(2026, 3, 17), date(2026, 3, 19), date(2026, 3, 20), date(2026, 3, 23)])
def test_override_within_three_days_is_valid(first_day):
    _override(first_day=first_day).clean()


@pytest.mark.parametrize("first_day", [date(2026, 3, 16), date(2026, 3, 24), date(2027, 3, 20)])
def test_override_too_far_from_the_computed_date_is_refused(first_day):
    with pytest.raises(ValidationError) as error:
        _override(first_day=first_day).clean()
    assert set(error.value.message_dict) == {"first_day"}
    assert "2026-03-20" in error.value.message_dict["first_day"][0]


@pytest.mark.parametrize("hijri_year", [1342, 1501, 2026])
def test_override_with_a_hijri_year_out_of_range_is_refused(hijri_year):
    with pytest.raises(ValidationError) as error:
        _override(hijri_year=hijri_year, first_day=date(2026, 3, 20)).clean()
    assert set(error.value.message_dict) == {"hijri_year"}
