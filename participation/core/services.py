"""The one place where records are created and change status.

Views, admin actions and the API call `submit()` and `perform()`; neither ever
sets a status itself. Each call is one transaction: the record, its status
history entry and a Wagtail log entry are written together, and notifications
are queued to leave after commit.
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from participation.core import scoping
from participation.core.notifications import send_after_commit
from participation.core.references import next_reference
from participation.core.workflow import CITIZEN, SYSTEM, Transition  # noqa: F401 (CITIZEN, SYSTEM: re-exported for callers)


class TransitionNotAllowed(PermissionDenied):
    """The action does not exist, does not apply to the record's status, or the
    actor may not perform it. Views answer 403 with a message."""


def submit(record, *, ip: str | None = None, language: str | None = None):
    """Store a new record with its reference, first history entry and log entry."""
    workflow = record.workflow
    with transaction.atomic():
        record.status = workflow.initial
        record.language = (language or get_language() or "ar")[:10]
        record.submitted_ip = ip
        record.reference = next_reference(record.site, record.reference_prefix)
        record.full_clean()
        record.save()
        record.history.create(from_status="", to_status=record.status, action="submit", actor=None)
        log(instance=record, action="participation.submit", user=None, data={"reference": record.reference})
        send_after_commit(workflow.submit_notify, record)
    return record


def allowed(transition: Transition, record, actor) -> bool:
    """Whether `actor` may perform `transition` on `record` now (status, permission, commune)."""
    if record.status not in transition.sources:
        return False
    if transition.by == SYSTEM:
        return actor == SYSTEM
    if transition.by == CITIZEN:
        return actor == CITIZEN
    if actor in (CITIZEN, SYSTEM) or actor is None:
        return False
    return actor.has_perm(transition.by) and scoping.can_act_on(actor, record)


def available(record, actor) -> list[Transition]:
    return [t for t in record.workflow.from_status(record.status) if allowed(t, record, actor)]


def perform(record, action: str, actor, *, note: str = "", **changes):
    """Apply the workflow transition `action` to `record`.

    `actor` is a staff user, or CITIZEN / SYSTEM. `changes` are field values the
    transition sets (e.g. public_answer="…"); fields listed in the transition's
    `requires` must end up filled. Raises TransitionNotAllowed or ValidationError.
    """
    try:
        transition = record.workflow.get(action)
    except KeyError:
        raise TransitionNotAllowed(_("This action does not exist."))
    user = actor if actor not in (CITIZEN, SYSTEM) else None
    with transaction.atomic():
        record = type(record)._default_manager.select_for_update().get(pk=record.pk)
        if not allowed(transition, record, actor):
            raise TransitionNotAllowed(_("This action is not allowed on this record now."))
        for name, value in changes.items():
            setattr(record, name, value)
        missing = [name for name in transition.requires if not getattr(record, name)]
        if missing:
            raise ValidationError({name: _("This field is required for this action.") for name in missing})
        refusal = transition.guard(record) if transition.guard else None
        if refusal:
            raise ValidationError(refusal)
        if transition.effects is not None:
            transition.effects(record)
        previous = record.status
        record.status = transition.target
        if transition.publishes is not None:
            record.is_public = transition.publishes
        if transition.deadline is not None:
            record.deadline = transition.deadline(record)
        if "public_answer" in transition.requires and not record.first_answered_at:
            record.first_answered_at = timezone.now()
        record.full_clean()
        record.save()
        record.history.create(
            from_status=previous, to_status=record.status, action=action, actor=user, note=note, is_public=transition.public
        )
        log(
            instance=record,
            action="participation.transition",
            user=user,
            data={"action": action, "from": previous, "to": record.status, "reference": record.reference},
        )
        send_after_commit(transition.notify, record)
    return record
