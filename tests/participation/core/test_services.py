"""The service layer enforces each plugin's workflow: history, log entry and
notifications after commit; nothing changes when a transition is refused."""
import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError

from participation.core import services
from participation.core.models import SubmissionLogEntry
from participation.core.workflow import CITIZEN, SYSTEM, Transition, Workflow
from participation.suggestions.services import submit_suggestion
from participation.suggestions.workflow import SuggestionStatus


@pytest.fixture
def officer_a(demo):
    return get_user_model().objects.get(username="a_participation")


@pytest.fixture
def officer_b(demo):
    return get_user_model().objects.get(username="b_participation")


@pytest.fixture
def suggestion(box_a, suggestion_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return submit_suggestion(box_a, suggestion_data, ip="203.0.113.5", language="fr")


def test_submit_stores_reference_history_log_and_sends_the_receipt(suggestion):
    from django.utils import timezone

    assert suggestion.reference == f"SUG-{timezone.localdate().year}-{suggestion.reference[-5:]}"
    assert suggestion.status == SuggestionStatus.RECEIVED and suggestion.language == "fr"
    assert list(suggestion.history.values_list("action", "to_status")) == [("submit", "received")]
    assert SubmissionLogEntry.objects.for_instance(suggestion).filter(action="participation.submit").exists()
    receipt = [m for m in mail.outbox if suggestion.email in m.to]
    assert len(receipt) == 1 and suggestion.reference in receipt[0].subject + receipt[0].body


def test_transition_writes_history_log_and_notifies_after_commit(suggestion, officer_a, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.perform(suggestion, "answer", officer_a, note="تم التدخل", public_answer="تم إصلاح المصابيح.")
        assert mail.outbox == []  # nothing leaves before commit
    for callback in callbacks:
        callback()
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ANSWERED and suggestion.is_public and suggestion.first_answered_at
    entry = suggestion.history.last()
    assert (entry.from_status, entry.to_status, entry.actor, entry.note) == ("received", "answered", officer_a, "تم التدخل")
    log = SubmissionLogEntry.objects.for_instance(suggestion).get(action="participation.transition")
    assert log.user == officer_a and log.data["to"] == "answered"
    assert [m.to for m in mail.outbox] == [[suggestion.email]]


@pytest.mark.parametrize(
    "actor, action, changes",
    [
        ("officer_b", "answer", {"public_answer": "جواب"}),  # other commune
        ("a_editor", "answer", {"public_answer": "جواب"}),  # no permission
        (CITIZEN, "review", {}),  # citizens cannot triage
        (SYSTEM, "review", {}),
        ("officer_a", "close", {}),  # not from "received"
        ("officer_a", "no-such-action", {}),
    ],
)
def test_refused_transitions_change_nothing(suggestion, request, actor, action, changes):
    if isinstance(actor, str) and actor.startswith(("officer", "a_")):
        actor = request.getfixturevalue(actor) if actor.startswith("officer") else get_user_model().objects.get(username=actor)
    with pytest.raises(services.TransitionNotAllowed):
        services.perform(suggestion, action, actor, **changes)
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.RECEIVED and suggestion.history.count() == 1


def test_required_fields_of_a_transition(suggestion, officer_a):
    with pytest.raises(ValidationError) as error:
        services.perform(suggestion, "answer", officer_a)
    assert "public_answer" in error.value.message_dict
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.RECEIVED


def test_available_lists_what_the_actor_may_do(suggestion, officer_a, officer_b):
    assert {t.name for t in services.available(suggestion, officer_a)} == {"review", "forward", "answer", "reject", "mark_spam", "merge"}
    assert services.available(suggestion, officer_b) == []
    assert services.available(suggestion, CITIZEN) == []


def test_workflow_declarations_are_checked():
    from django.db import models

    class Status(models.TextChoices):
        A = "a"
        B = "b"

    with pytest.raises(ValueError):
        Workflow(Status, Status.A, [Transition("go", "go", ("a",), "zzz", SYSTEM)])
    with pytest.raises(ValueError):
        Workflow(Status, Status.A, [Transition("go", "go", ("a",), "b", SYSTEM), Transition("go", "go", ("b",), "a", SYSTEM)])
