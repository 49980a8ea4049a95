"""Every change to an action's status, progress or budget goes through here.

`update_action()` is the single entry point used by the admin's update form (and by scripts): in
one transaction it changes the action, writes a dated public ``ActionUpdate`` with the old and new
values, and a Wagtail log entry (ModelLogEntry, action "participation_action_plan.update") naming
the staff member. Views and admin never set these fields themselves.

`record_edit()` publishes a change of the planned budget or the end date made in the admin's edit
form as a dated update too (the edit itself is logged by Wagtail).

`import_actions()` stores a validated import (importer.py) in one transaction: axes created on the
fly, actions inserted, one log entry per action and one on the plan page; nothing when it fails.
"""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from participation.action_plan import rules
from participation.action_plan.models import Action, ActionStatus, ActionUpdate, Axis
from participation.core import signals

LOG_UPDATE = "participation_action_plan.update"
LOG_NOTE = "participation_action_plan.note"
LOG_IMPORT = "participation_action_plan.import"

__all__ = ["LOG_IMPORT", "LOG_NOTE", "LOG_UPDATE", "import_actions", "record_edit", "update_action"]


def _money(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def update_action(
    action: Action, *, user=None, status: str | None = None, progress: int | None = None,
    budget_committed=None, budget_spent=None, text: str = "", date: datetime.date | None = None,
    photo=None, photo_caption: str = "", document=None,
) -> ActionUpdate | None:
    """Apply the given changes (None = unchanged) and record them as a public update.

    Completing an action sets its progress to 100 unless another value is given. A call that
    changes nothing and brings no text, photo or document records nothing (returns None).
    Raises ValidationError for an unknown status, a progress outside 0–100 or a negative amount.
    """
    errors = {}
    if status is not None and status not in ActionStatus.values:
        errors["status"] = _("Choose a status in the list.")
    if progress is not None and not 0 <= int(progress) <= 100:
        errors["progress"] = _("The progress is a percentage between 0 and 100.")
    for name, value in (("budget_committed", budget_committed), ("budget_spent", budget_spent)):
        if value is not None and Decimal(value) < 0:
            errors[name] = _("An amount cannot be negative.")
    if errors:
        raise ValidationError(errors)
    if status == ActionStatus.COMPLETED and progress is None:
        progress = 100

    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action.pk)
        update = ActionUpdate(action=action, date=date or rules.today(), text=(text or "").strip(),
                              photo=photo, photo_caption=photo_caption or "", document=document)
        changed = {}
        if status is not None and status != action.status:
            update.old_status, update.new_status = action.status, status
            changed["status"] = [action.status, status]
            action.status = status
        if progress is not None and int(progress) != action.progress:
            update.old_progress, update.new_progress = action.progress, int(progress)
            changed["progress"] = [action.progress, int(progress)]
            action.progress = int(progress)
        for name, value in (("budget_committed", _money(budget_committed)), ("budget_spent", _money(budget_spent))):
            if value is not None and value != getattr(action, name):
                setattr(update, name, value)
                changed[name] = [str(getattr(action, name)), str(value)]
                setattr(action, name, value)
        if not changed and not (update.text or photo or document):
            return None
        if changed:
            action.save(update_fields=[*{"budget_committed", "budget_spent", "status", "progress"} & set(changed), "updated_at"])
        update.save()
        log(instance=action, action=LOG_UPDATE if changed else LOG_NOTE, user=user,
            data={"changes": changed, "update": update.pk, "date": update.date.isoformat()})
    return update


#: fields of the admin's edit form whose change is also published as a dated update
PUBLISHED_EDITS = ("budget_planned", "end_date")


def record_edit(action: Action, before: dict, *, user=None) -> ActionUpdate | None:
    """After the admin's edit form saved `action`: a change of its planned budget or end date
    (compared with `before`, {field: old value}) is published as a dated update too. The edit itself
    is logged by Wagtail ("wagtail.edit")."""
    changed = {name: getattr(action, name) for name in PUBLISHED_EDITS if name in before and before[name] != getattr(action, name)}
    if not changed:
        return None
    update = ActionUpdate.objects.create(action=action, date=rules.today(), **changed)
    log(instance=action, action=LOG_UPDATE, user=user,
        data={"changes": {k: [str(before[k]), str(v)] for k, v in changed.items()}, "update": update.pk})
    return update


@transaction.atomic
def import_actions(plan, parsed, *, user=None) -> dict:
    """Store the rows of a validated import (importer.ImportResult) into `plan` (its default-language
    page). Returns {"axes": n created, "actions": n created}. Raises ValidationError (and stores
    nothing) if an action code appeared in the plan since the file was checked."""
    plan = plan.canonical()
    site_id = plan.get_site().pk
    axes = {axis.code: axis for axis in Axis.objects.filter(plan=plan)}
    created_axes = 0
    next_order = max((a.sort_order for a in axes.values()), default=0) + 1
    for code, title in parsed.new_axes.items():
        if code in axes:
            continue
        axes[code] = Axis.objects.create(plan=plan, site_id=site_id, code=code, title=title, sort_order=next_order)
        next_order += 1
        created_axes += 1
    codes = [row.code for row in parsed.rows]
    taken = set(Action.objects.filter(plan=plan, code__in=codes).values_list("code", flat=True))
    if taken:
        raise ValidationError(_("These action codes already exist in the plan: %(codes)s.") % {"codes": ", ".join(sorted(taken))})
    actions = [
        Action(site_id=site_id, plan=plan, axis=axes[row.axis_code], **row.fields())
        for row in parsed.rows
    ]
    for action in actions:
        action.full_clean(exclude=["plan", "axis", "site"], validate_unique=False, validate_constraints=False)
    Action.objects.bulk_create(actions)
    # bulk_create sets primary keys on SQLite and PostgreSQL: one log entry per created action
    for action in actions:
        log(instance=action, action=LOG_IMPORT, user=user, data={"plan": plan.pk})
    log(instance=plan, action=LOG_IMPORT, user=user, data={"actions": len(actions), "axes": created_axes})
    signals.updated(plan)  # bulk_create sends no post_save: the plan's cached pages must still change
    return {"axes": created_axes, "actions": len(actions)}
