"""The rules of the dashboard, as pure functions (no database, no request).

- **Overdue**: an action whose end date has passed (strictly before today, in the commune's time
  zone, Africa/Casablanca) and that is neither completed nor cancelled. "Delayed" is a status staff
  set; "overdue" is computed from the dates and is shown whatever the status says.
- **Progress of a plan or an axis**: the simple average of its actions' progress, cancelled actions
  left out. Not weighted by budget: the participation plan's actions often have no budget of their
  own (meetings, training), and a budget-weighted average would give them no weight at all; budget
  execution is shown beside it instead.
- **Budget execution**: committed ÷ planned and spent ÷ planned, in percent, over the actions that
  are not cancelled (a cancelled action's money is not "unspent"). ``None`` when nothing is planned.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

DONE_STATUSES = frozenset({"completed", "cancelled"})
CANCELLED = "cancelled"
STATUS_ORDER = ("planned", "in_progress", "completed", "delayed", "cancelled")
ZERO = Decimal("0")


def today() -> datetime.date:
    """Today's date in the commune's time zone (settings.TIME_ZONE)."""
    return timezone.localdate()


def is_overdue(end_date: datetime.date | None, status: str, on: datetime.date | None = None) -> bool:
    if end_date is None or status in DONE_STATUSES:
        return False
    return end_date < (on or today())


def percent(part, whole) -> Decimal | None:
    """part ÷ whole in percent, one decimal, or None when whole is zero."""
    whole = Decimal(whole or 0)
    if whole <= 0:
        return None
    return (Decimal(part or 0) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def average(total, count) -> Decimal | None:
    if not count:
        return None
    return (Decimal(total or 0) / Decimal(count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Totals:
    """The figures of a plan or an axis. Fed with ``add()``, one row per (status, group) count."""

    count: int = 0
    by_status: dict = field(default_factory=lambda: dict.fromkeys(STATUS_ORDER, 0))
    progress_sum: int = 0
    progress_count: int = 0  # actions counted in the average (not cancelled)
    planned: Decimal = ZERO
    committed: Decimal = ZERO
    spent: Decimal = ZERO
    overdue: int = 0

    def add(self, status: str, n: int, progress_sum=0, planned=ZERO, committed=ZERO, spent=ZERO, overdue=0):
        self.count += n
        self.by_status[status] = self.by_status.get(status, 0) + n
        self.overdue += overdue or 0
        if status == CANCELLED:
            return
        self.progress_sum += progress_sum or 0
        self.progress_count += n
        self.planned += Decimal(planned or 0)
        self.committed += Decimal(committed or 0)
        self.spent += Decimal(spent or 0)

    @property
    def progress(self) -> Decimal | None:
        return average(self.progress_sum, self.progress_count)

    @property
    def committed_rate(self) -> Decimal | None:
        return percent(self.committed, self.planned)

    @property
    def spent_rate(self) -> Decimal | None:
        return percent(self.spent, self.planned)

    @property
    def status_rows(self) -> list[tuple[str, int, Decimal | None]]:
        """[(status, count, share of all actions in percent)] in the statuses' order."""
        return [(s, self.by_status.get(s, 0), percent(self.by_status.get(s, 0), self.count)) for s in STATUS_ORDER]


def aggregate(rows) -> tuple[Totals, dict]:
    """(totals, {axis id: Totals}) from rows of
    (axis_id, status, count, progress_sum, planned, committed, spent, overdue) — one row per axis
    and status, as one GROUP BY query gives them."""
    total = Totals()
    by_axis: dict = {}
    for axis_id, status, n, progress_sum, planned, committed, spent, overdue in rows:
        for bucket in (total, by_axis.setdefault(axis_id, Totals())):
            bucket.add(status, n, progress_sum, planned, committed, spent, overdue)
    return total, by_axis

