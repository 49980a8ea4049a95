"""The phases by date (pure functions), and what each phase allows."""
import datetime

import pytest

from participation.consultations import phases
from participation.consultations.phases import Phase

OPENS, CLOSES, REPORT = datetime.date(2026, 3, 1), datetime.date(2026, 3, 31), datetime.date(2026, 4, 20)


@pytest.mark.parametrize(
    ("day", "report", "expected"),
    [
        (datetime.date(2026, 2, 28), None, Phase.ANNOUNCED),
        (OPENS, None, Phase.OPEN),
        (datetime.date(2026, 3, 15), None, Phase.OPEN),
        (CLOSES, None, Phase.OPEN),  # the closing day is included
        (datetime.date(2026, 4, 1), None, Phase.CLOSED),
        (datetime.date(2026, 4, 19), REPORT, Phase.CLOSED),
        (REPORT, REPORT, Phase.REPORTED),
        (datetime.date(2027, 1, 1), REPORT, Phase.REPORTED),
    ],
)
def test_phase_by_date(day, report, expected):
    assert phases.phase_on(day, OPENS, CLOSES, report) == expected


@pytest.mark.parametrize(
    ("phase", "answer", "comment", "results", "report"),
    [
        (Phase.ANNOUNCED, False, False, False, False),
        (Phase.OPEN, True, True, False, False),
        (Phase.CLOSED, False, False, True, False),
        (Phase.REPORTED, False, False, True, True),
    ],
)
def test_what_each_phase_allows(phase, answer, comment, results, report):
    assert phases.may_answer(phase) is answer
    assert phases.may_comment(phase) is comment
    assert phases.shows_results(phase) is results
    assert phases.shows_report(phase) is report


def test_the_day_is_casablanca_s():
    # 23:30 UTC on 31 March is 00:30 on 1 April in Casablanca (UTC+1): the consultation is closed there
    late = datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC)
    assert phases.local_date(late) == datetime.date(2026, 4, 1)
    assert phases.phase_on(phases.local_date(late), OPENS, CLOSES) == Phase.CLOSED
    # 22:30 UTC is 23:30 in Casablanca: still the closing day
    assert phases.phase_on(phases.local_date(late - datetime.timedelta(hours=1)), OPENS, CLOSES) == Phase.OPEN


def test_date_errors():
    assert phases.date_errors(OPENS, CLOSES, REPORT) == {}
    assert set(phases.date_errors(CLOSES, OPENS)) == {"closes_on"}
    assert set(phases.date_errors(OPENS, CLOSES, CLOSES)) == {"report_published_on"}
