"""The legal rules of access to information (law 31.13, LEGAL.md §2), as functions
of dates and the commune's closure days: no database, testable against cases.

Counting conventions (see participation.core.calendar): the day the commune
receives the request (or the event that starts a period) is day 0; day 1 is the
first working day after it; the result is the last day on which the step may
still be taken.

- Answer: 20 working days after receipt; an extension doubles it (one extension
  of the same length, announced before the first deadline); an urgent request
  (a person's life, safety or freedom at stake): 3 working days.
- Clarification: while the officer waits for the requester's clarification, the
  clock stops. The days it stopped are the working days after the request for
  clarification up to and including the day of the reply; the deadline moves by
  that many working days (`suspended` below).
- Complaint to the head of the commune: within 20 working days after the answer
  arrives or after the deadline passes without one; the head answers within 15
  (calendar) days.
- Then the Commission for the right of access to information (CDAI): within 30
  (calendar) days after the head's answer, or after the head's deadline passes.

Every number is the legal default and a commune setting (InformationSettings).
"""
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from participation.core.calendar import add_working_days, working_days_between


@dataclass(frozen=True)
class Periods:
    """The law's periods; a commune's settings may change them."""

    answer: int = 20  # working days
    urgent: int = 3  # working days
    complaint: int = 20  # working days
    head_answer: int = 15  # calendar days
    cdai: int = 30  # calendar days


LEGAL = Periods()


class DeliveryForm(models.TextChoices):
    ELECTRONIC = "electronic", _("An electronic copy by e-mail")
    PAPER = "paper", _("A paper copy")
    ON_SITE = "on_site", _("Consultation on site")


class RefusalGround(models.TextChoices):
    """The exceptions of article 7 a refusal must cite (list to confirm)."""

    DEFENCE = "defence", _("National defence and the internal and external security of the State")
    PRIVATE_LIFE = "private_life", _("Private life and personal data")
    FREEDOMS = "freedoms", _("Fundamental rights and freedoms guaranteed by the Constitution")
    SOURCES = "sources", _("Protection of sources")
    INTERNATIONAL = "international", _("International relations")
    ECONOMY = "economy", _("Monetary, economic or financial policy of the State")
    INTELLECTUAL_PROPERTY = "intellectual_property", _("Intellectual property and related rights")
    VICTIMS = "victims", _("Protection of victims, witnesses and whistle-blowers")
    DELIBERATIONS = "deliberations", _("Secrecy of deliberations of the government and of the councils")
    INVESTIGATIONS = "investigations", _("Administrative investigations in progress")
    JUSTICE = "justice", _("Judicial proceedings in progress and their preliminary steps")


def due_date(received: date, *, urgent: bool = False, extended: bool = False, closures=frozenset(),
             suspended: int = 0, periods: Periods = LEGAL) -> date:
    """Last day to answer: 20 working days after receipt (3 when urgent), twice that
    when extended, plus the working days the clock stood still for a clarification."""
    days = periods.urgent if urgent else periods.answer
    if extended:
        days *= 2
    return add_working_days(received, days + suspended, closures)


def suspended_days(asked: date, replied: date, closures=frozenset()) -> int:
    """Working days the clock stood still: after the request for clarification, up to
    and including the day of the reply (0 when answered the same day)."""
    return max(0, working_days_between(asked, replied, closures))


def can_extend(today: date, deadline: date, *, already_extended: bool, urgent: bool) -> bool:
    """One extension, announced before the first deadline passes; not for an urgent request."""
    return not already_extended and not urgent and today <= deadline


def complaint_deadline(start: date, closures=frozenset(), periods: Periods = LEGAL) -> date:
    """Last day to complain to the head: 20 working days after the answer arrived, or
    after the answer deadline passed (`start` is that day)."""
    return add_working_days(start, periods.complaint, closures)


def head_answer_deadline(complained: date, periods: Periods = LEGAL) -> date:
    """Last day for the head of the commune to answer a complaint (calendar days)."""
    return complained + timedelta(days=periods.head_answer)


def cdai_deadline(start: date, periods: Periods = LEGAL) -> date:
    """Last day to go to the CDAI: 30 days after the head's answer, or after the head's
    deadline passed without one."""
    return start + timedelta(days=periods.cdai)


def may_complain(today: date, *, answered_on: date | None, deadline: date | None, closures=frozenset(),
                 periods: Periods = LEGAL) -> bool:
    """A complaint is open once an answer arrived or the deadline passed, for 20 working days."""
    start = answered_on or (deadline if deadline is not None and today > deadline else None)
    return start is not None and today <= complaint_deadline(start, closures, periods)
