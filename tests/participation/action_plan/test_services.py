"""services.update_action: every change of status, progress or budget is a dated public update
and a Wagtail log entry; nothing else changes these fields."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from participation.action_plan import services
from participation.action_plan.models import Action, ActionUpdate
from tests.participation.action_plan.conftest import make_action

pytestmark = pytest.mark.django_db


def _logs(action):
    return ModelLogEntry.objects.filter(object_id=str(action.pk), content_type__model="action").order_by("pk")


def test_status_progress_and_budget_change_make_one_update_and_one_log_entry(axis_a, superuser):
    action = make_action(axis_a)
    update = services.update_action(action, user=superuser, status="in_progress", progress=40,
                                    budget_committed=Decimal("800"), budget_spent="120.5", text="انطلاق الأشغال",
                                    date=datetime.date(2025, 3, 1))
    action.refresh_from_db()
    assert (action.status, action.progress, action.budget_committed, action.budget_spent) == (
        "in_progress", 40, Decimal("800.00"), Decimal("120.50"))
    assert update.old_status == "planned" and update.new_status == "in_progress"
    assert update.old_progress == 0 and update.new_progress == 40
    assert update.budget_committed == Decimal("800.00") and update.budget_spent == Decimal("120.50")
    assert update.date == datetime.date(2025, 3, 1)
    log = _logs(action).get()
    assert log.action == services.LOG_UPDATE and log.user_id == superuser.pk
    assert log.data["changes"]["status"] == ["planned", "in_progress"]
    assert log.data["changes"]["progress"] == [0, 40]


def test_each_kind_of_change_alone_is_recorded(axis_a):
    action = make_action(axis_a)
    services.update_action(action, status="delayed")
    services.update_action(action, progress=10)
    services.update_action(action, budget_spent=Decimal("5"))
    updates = list(ActionUpdate.objects.filter(action=action).order_by("pk"))
    assert [u.status_changed for u in updates] == [True, False, False]
    assert [u.progress_changed for u in updates] == [False, True, False]
    assert updates[2].budget_spent == Decimal("5.00") and updates[2].budget_committed is None
    assert _logs(action).count() == 3


def test_nothing_changed_records_nothing_but_a_note_is_news(axis_a):
    action = make_action(axis_a)
    assert services.update_action(action, status="planned", progress=0) is None
    assert not ActionUpdate.objects.filter(action=action).exists()
    note = services.update_action(action, text="زيارة ميدانية للورش")
    assert note is not None and not note.status_changed
    assert _logs(action).get().action == services.LOG_NOTE


def test_completing_sets_progress_to_100(axis_a):
    action = make_action(axis_a)
    services.update_action(action, status="completed")
    assert Action.objects.get(pk=action.pk).progress == 100


@pytest.mark.parametrize("kwargs", [{"status": "done"}, {"progress": 101}, {"progress": -1}, {"budget_spent": Decimal("-1")}])
def test_bad_values_are_refused_and_nothing_is_stored(axis_a, kwargs):
    action = make_action(axis_a)
    with pytest.raises(ValidationError):
        services.update_action(action, **kwargs)
    action.refresh_from_db()
    assert (action.status, action.progress, action.budget_spent) == ("planned", 0, Decimal("0"))
    assert not ActionUpdate.objects.filter(action=action).exists()
    assert not _logs(action).exists()
