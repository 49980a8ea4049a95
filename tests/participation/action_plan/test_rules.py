"""The dashboard's rules as pure functions: overdue by date, progress average, execution rates."""
import datetime
from decimal import Decimal

from participation.action_plan import rules

D = datetime.date


def test_overdue_is_strictly_after_the_end_date_and_not_for_finished_actions():
    end = D(2025, 6, 30)
    assert rules.is_overdue(end, "in_progress", D(2025, 7, 1))
    assert rules.is_overdue(end, "planned", D(2025, 7, 1))
    assert rules.is_overdue(end, "delayed", D(2026, 1, 1))
    assert not rules.is_overdue(end, "in_progress", D(2025, 6, 30))  # the last day is still on time
    assert not rules.is_overdue(end, "completed", D(2026, 1, 1))
    assert not rules.is_overdue(end, "cancelled", D(2026, 1, 1))
    assert not rules.is_overdue(None, "planned", D(2026, 1, 1))


def test_today_is_the_date_in_casablanca(settings):
    assert settings.TIME_ZONE == "Africa/Casablanca"
    from django.utils import timezone

    assert rules.today() == timezone.localdate()


def test_percent_and_average():
    assert rules.percent(Decimal("250"), Decimal("1000")) == Decimal("25.0")
    assert rules.percent(1, 3) == Decimal("33.3")
    assert rules.percent(2, 3) == Decimal("66.7")
    assert rules.percent(5, 0) is None
    assert rules.average(150, 2) == Decimal("75.0")
    assert rules.average(0, 0) is None


def test_aggregate_leaves_cancelled_actions_out_of_progress_and_budget():
    rows = [
        # axis, status, n, progress sum, planned, committed, spent, overdue
        (1, "completed", 1, 100, Decimal("1000"), Decimal("1000"), Decimal("900"), 0),
        (1, "in_progress", 2, 80, Decimal("3000"), Decimal("1500"), Decimal("300"), 1),
        (2, "cancelled", 1, 20, Decimal("5000"), Decimal("0"), Decimal("0"), 0),
        (2, "planned", 1, 0, Decimal("0"), Decimal("0"), Decimal("0"), 0),
    ]
    total, by_axis = rules.aggregate(rows)
    assert total.count == 5
    assert total.by_status == {"planned": 1, "in_progress": 2, "completed": 1, "delayed": 0, "cancelled": 1}
    assert total.progress == Decimal("45.0")  # (100 + 80 + 0) / 4 actions not cancelled
    assert total.planned == Decimal("4000")
    assert total.committed_rate == Decimal("62.5")  # 2500 / 4000
    assert total.spent_rate == Decimal("30.0")  # 1200 / 4000
    assert total.overdue == 1
    assert by_axis[1].progress == Decimal("60.0")  # 180 / 3
    assert by_axis[2].progress == Decimal("0.0")
    assert by_axis[2].committed_rate is None  # nothing planned once the cancelled action is left out
    assert [row[1] for row in total.status_rows] == [1, 2, 1, 0, 1]
    assert total.status_rows[1][2] == Decimal("40.0")


def test_computed_indicators_for_the_charter(demo):
    from participation.action_plan.indicators import completed_count, completed_share
    from participation.action_plan.models import Action

    actions = Action.objects.filter(site=demo.site_a, plan__kind="participation", start_date__year__lte=2024,
                                    end_date__year__gte=2024).exclude(status="cancelled")
    done = actions.filter(status="completed").count()
    assert completed_count(demo.site_a, 2024) == done > 0
    assert completed_share(demo.site_a, 2024) == Decimal(100) * done / actions.count()
    assert completed_share(demo.site_a, 1999) is None
