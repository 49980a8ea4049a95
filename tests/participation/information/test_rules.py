"""The legal rules of law 31.13 (participation/information/rules.py) as pure functions of dates
and closure days, and the commune's settings that change the law's periods."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from participation.core.calendar import add_working_days, fixed_holidays, islamic_holidays, working_days_between
from participation.information import rules
from participation.information.models import InformationSettings
from participation.information.rules import (
    LEGAL,
    Periods,
    can_extend,
    cdai_deadline,
    complaint_deadline,
    due_date,
    head_answer_deadline,
    may_complain,
    suspended_days,
)

MONDAY = date(2026, 3, 2)
CLOSURES_2026 = frozenset(fixed_holidays(2026)) | frozenset(islamic_holidays(2026)) | frozenset(fixed_holidays(2027))


def test_the_laws_periods():
    assert Periods(answer=20, urgent=3, complaint=20, head_answer=15, cdai=30) == LEGAL


# --- due_date ---------------------------------------------------------------------------


def test_twenty_working_days():
    assert due_date(MONDAY) == date(2026, 3, 30)
    assert working_days_between(MONDAY, due_date(MONDAY)) == 20
    assert due_date(date(2026, 3, 6)) == date(2026, 4, 3)  # received a Friday: day 1 is Monday


def test_received_on_a_weekend_counts_from_the_next_working_day():
    assert due_date(date(2026, 3, 7)) == due_date(date(2026, 3, 8)) == due_date(date(2026, 3, 6))


def test_holidays_push_the_deadline():
    # Eid al-Fitr 1447 (Friday 20 March; the second day a Saturday)
    assert due_date(MONDAY, closures=CLOSURES_2026) == date(2026, 3, 31)
    # 1 May (a Friday), Eid al-Adha 27-28 May: received 20 April
    received = date(2026, 4, 20)
    assert due_date(received) == date(2026, 5, 18)
    assert due_date(received, closures=CLOSURES_2026) == date(2026, 5, 19)
    assert due_date(date(2026, 5, 11), closures=CLOSURES_2026) == date(2026, 6, 10)  # 27 and 28 May skipped


def test_urgent_three_working_days():
    assert due_date(MONDAY, urgent=True) == date(2026, 3, 5)
    assert due_date(date(2026, 3, 18), urgent=True, closures=CLOSURES_2026) == date(2026, 3, 24)  # 19, (20 Eid), 23, 24
    assert due_date(date(2026, 3, 18), urgent=True) == date(2026, 3, 23)


def test_extended_forty_working_days():
    assert due_date(MONDAY, extended=True) == add_working_days(MONDAY, 40) == date(2026, 4, 27)
    assert due_date(MONDAY, extended=True, closures=CLOSURES_2026) == add_working_days(MONDAY, 40, CLOSURES_2026)
    assert working_days_between(MONDAY, due_date(MONDAY, extended=True, closures=CLOSURES_2026), CLOSURES_2026) == 40


def test_urgent_and_extended():
    """An urgent request is never extended (can_extend), but the rule still doubles its period."""
    assert due_date(MONDAY, urgent=True, extended=True) == add_working_days(MONDAY, 6)


def test_suspended_days_are_added():
    assert due_date(MONDAY, suspended=3) == add_working_days(MONDAY, 23) == date(2026, 4, 2)
    assert due_date(MONDAY, extended=True, suspended=2) == add_working_days(MONDAY, 42)
    assert due_date(MONDAY, urgent=True, suspended=1) == add_working_days(MONDAY, 4)


def test_the_communes_periods():
    periods = Periods(answer=10, urgent=2, complaint=5, head_answer=7, cdai=60)
    assert due_date(MONDAY, periods=periods) == date(2026, 3, 16)
    assert due_date(MONDAY, urgent=True, periods=periods) == date(2026, 3, 4)
    assert due_date(MONDAY, extended=True, periods=periods) == date(2026, 3, 30)
    assert complaint_deadline(MONDAY, periods=periods) == date(2026, 3, 9)
    assert head_answer_deadline(MONDAY, periods) == date(2026, 3, 9)
    assert cdai_deadline(MONDAY, periods) == date(2026, 5, 1)


def test_a_deadline_crossing_new_year():
    closures = frozenset(fixed_holidays(2026)) | frozenset(fixed_holidays(2027)) | frozenset(islamic_holidays(2027))
    assert due_date(date(2026, 12, 24), closures=closures) == date(2027, 1, 26)  # 1, 11 and 14 January skipped


# --- clarification --------------------------------------------------------------------------


@pytest.mark.parametrize(("asked", "replied", "expected"), [
    (date(2026, 3, 2), date(2026, 3, 2), 0),  # the same day
    (date(2026, 3, 2), date(2026, 3, 3), 1),
    (date(2026, 3, 2), date(2026, 3, 6), 4),
    (date(2026, 3, 6), date(2026, 3, 9), 1),  # Friday to Monday
    (date(2026, 3, 6), date(2026, 3, 8), 0),  # answered on the weekend
    (date(2026, 3, 18), date(2026, 3, 23), 2),  # 19, (20 Eid), 23
    (date(2026, 3, 5), date(2026, 3, 2), 0),  # never negative
])
def test_suspended_days(asked, replied, expected):
    assert suspended_days(asked, replied, CLOSURES_2026) == expected


# --- extension ---------------------------------------------------------------------------


def test_can_extend_once_before_the_deadline_and_not_urgent():
    deadline = date(2026, 3, 30)
    assert can_extend(date(2026, 3, 10), deadline, already_extended=False, urgent=False)
    assert can_extend(deadline, deadline, already_extended=False, urgent=False)  # on the last day still
    assert not can_extend(date(2026, 3, 31), deadline, already_extended=False, urgent=False)
    assert not can_extend(date(2026, 3, 10), deadline, already_extended=True, urgent=False)
    assert not can_extend(date(2026, 3, 10), deadline, already_extended=False, urgent=True)


# --- remedies ------------------------------------------------------------------------------


def test_complaint_deadline_twenty_working_days():
    assert complaint_deadline(MONDAY) == date(2026, 3, 30)
    assert complaint_deadline(MONDAY, CLOSURES_2026) == date(2026, 3, 31)


def test_head_answers_within_fifteen_calendar_days():
    assert head_answer_deadline(date(2026, 3, 2)) == date(2026, 3, 17)
    assert head_answer_deadline(date(2026, 12, 24)) == date(2027, 1, 8)  # calendar days: holidays count


def test_cdai_within_thirty_days():
    assert cdai_deadline(date(2026, 3, 2)) == date(2026, 4, 1)
    assert cdai_deadline(date(2026, 12, 20)) == date(2027, 1, 19)


def test_may_complain_after_an_answer_for_twenty_working_days():
    answered = date(2026, 3, 2)
    assert may_complain(answered, answered_on=answered, deadline=None)
    assert may_complain(date(2026, 3, 30), answered_on=answered, deadline=None)  # the 20th working day
    assert not may_complain(date(2026, 3, 31), answered_on=answered, deadline=None)
    assert may_complain(date(2026, 3, 31), answered_on=answered, deadline=None, closures=CLOSURES_2026)  # Eid counted


def test_may_complain_once_the_deadline_passed():
    deadline = date(2026, 3, 2)
    assert not may_complain(date(2026, 2, 20), answered_on=None, deadline=deadline)  # still time to answer
    assert not may_complain(deadline, answered_on=None, deadline=deadline)  # the last day is the commune's
    assert may_complain(date(2026, 3, 3), answered_on=None, deadline=deadline)
    assert may_complain(date(2026, 3, 30), answered_on=None, deadline=deadline)
    assert not may_complain(date(2026, 3, 31), answered_on=None, deadline=deadline)


def test_may_not_complain_without_answer_or_deadline():
    assert not may_complain(MONDAY, answered_on=None, deadline=None)


def test_may_complain_with_the_communes_period():
    periods = Periods(complaint=5)
    assert may_complain(date(2026, 3, 9), answered_on=MONDAY, deadline=None, periods=periods)
    assert not may_complain(date(2026, 3, 10), answered_on=MONDAY, deadline=None, periods=periods)


# --- choices ----------------------------------------------------------------------------------


def test_article_7_grounds_and_delivery_forms():
    assert "private_life" in rules.RefusalGround.values and "defence" in rules.RefusalGround.values
    assert len(rules.RefusalGround.values) == len(set(rules.RefusalGround.values)) == 11
    assert set(rules.DeliveryForm.values) == {"electronic", "paper", "on_site"}


# --- the commune's settings -----------------------------------------------------------------


def test_settings_default_to_the_law():
    assert InformationSettings().periods == LEGAL


def test_settings_give_the_communes_periods():
    settings = InformationSettings(answer_working_days=15, urgent_working_days=2, complaint_working_days=10,
                                   head_answer_days=20, cdai_days=45)
    assert settings.periods == Periods(answer=15, urgent=2, complaint=10, head_answer=20, cdai=45)


@pytest.mark.parametrize("name", ["answer_working_days", "urgent_working_days", "complaint_working_days",
                                  "head_answer_days", "cdai_days"])
@pytest.mark.parametrize("value", [0, 91, 365])
def test_settings_refuse_periods_out_of_range(name, value):
    with pytest.raises(ValidationError) as error:
        InformationSettings(**{name: value}).clean()
    assert set(error.value.message_dict) == {name}


@pytest.mark.parametrize("value", [1, 3, 40, 90])
def test_settings_accept_periods_in_range(value):
    InformationSettings(answer_working_days=value, urgent_working_days=value, complaint_working_days=value,
                        head_answer_days=value, cdai_days=value).clean()


@pytest.mark.django_db
def test_settings_for_a_commune(demo):
    settings = InformationSettings.for_site(demo.site_a)
    assert settings.periods == LEGAL
    settings.answer_working_days = 12
    settings.save()
    assert InformationSettings.for_site(demo.site_a).periods.answer == 12
    assert InformationSettings.for_site(demo.site_b).periods == LEGAL
