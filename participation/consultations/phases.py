"""The phases of a consultation, computed from its dates: pure functions, no ORM.

announced → open → closed → report published. A consultation is open from its
opening day to its closing day included, in the commune's time zone
(Africa/Casablanca): a citizen answering at 23:30 on the closing day is still in time.
"""
import datetime
import enum
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

TIME_ZONE = ZoneInfo("Africa/Casablanca")


class Phase(enum.StrEnum):
    ANNOUNCED = "announced"
    OPEN = "open"
    CLOSED = "closed"
    REPORTED = "reported"

    @property
    def label(self):
        return LABELS[self]


LABELS = {
    Phase.ANNOUNCED: _("Announced"),
    Phase.OPEN: _("Open"),
    Phase.CLOSED: _("Closed"),
    Phase.REPORTED: _("Report published"),
}


def local_date(now: datetime.datetime) -> datetime.date:
    """The calendar day in Morocco at the instant `now` (an aware datetime)."""
    return now.astimezone(TIME_ZONE).date()


def phase_on(day: datetime.date, opens_on: datetime.date, closes_on: datetime.date,
             report_published_on: datetime.date | None = None) -> Phase:
    """The phase on `day` of a consultation with these dates."""
    if day < opens_on:
        return Phase.ANNOUNCED
    if day <= closes_on:
        return Phase.OPEN
    if report_published_on is not None and day >= report_published_on:
        return Phase.REPORTED
    return Phase.CLOSED


def may_answer(phase: Phase) -> bool:
    return phase == Phase.OPEN


def may_comment(phase: Phase) -> bool:
    return phase == Phase.OPEN


def shows_results(phase: Phase) -> bool:
    """Results are public once the consultation is closed (never while people still answer)."""
    return phase in (Phase.CLOSED, Phase.REPORTED)


def shows_report(phase: Phase) -> bool:
    return phase == Phase.REPORTED


def date_errors(opens_on, closes_on, report_published_on=None) -> dict[str, str]:
    """{field: message} when the dates do not follow each other."""
    errors = {}
    if opens_on and closes_on and closes_on < opens_on:
        errors["closes_on"] = _("The closing day cannot come before the opening day.")
    if report_published_on and closes_on and report_published_on <= closes_on:
        errors["report_published_on"] = _("The report is published after the consultation closes.")
    return errors
