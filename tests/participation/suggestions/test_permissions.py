"""The permission matrix of the suggestions admin: each demo group × each action ×
own commune / other commune, plus the superuser and an anonymous visitor.

Outcomes:
- listed / unlisted: 200, the record is / is not in the listing or the export;
- ok: 200, the record is shown;
- done: the action went through (redirect to the record, the change is stored);
- denied: no model permission — Wagtail's answer, a redirect to the dashboard with
  a message; checked before any lookup, so it is the same for any commune;
- hidden: another commune's record: 404;
- refused: the transition is not allowed to this user or from this status: 403
  with a message;
- login: anonymous, sent to the admin login.
Whenever the outcome is not listed/ok/done, nothing may have changed.
"""
import pytest
from django.test import Client
from django.urls import reverse

from participation.suggestions.models import Suggestion
from tests.participation.matrix import client_for, matrix_cases
from tests.participation.suggestions.test_admin import (
    EDIT,
    INDEX,
    INSPECT,
    TRANSITION,
    TRANSITIONS,
    commune_a,  # noqa: F401 (fixture)
    commune_b,  # noqa: F401 (fixture)
    final_status,
    state,
    user,
)

# "own/other" per column; for b_ users "own" is commune B, for the superuser "own" is A.
MATRIX = """
action     editor           participation    information      bureau           admin            anonymous
list       listed/unlisted  listed/unlisted  denied/denied    denied/denied    listed/listed    login/login
inspect    ok/hidden        ok/hidden        denied/denied    denied/denied    ok/ok            login/login
review     refused/hidden   done/hidden      denied/denied    denied/denied    done/done        login/login
forward    refused/hidden   done/hidden      denied/denied    denied/denied    done/done        login/login
answer     refused/hidden   done/hidden      denied/denied    denied/denied    done/done        login/login
reject     refused/hidden   done/hidden      denied/denied    denied/denied    done/done        login/login
mark_spam  refused/hidden   done/hidden      denied/denied    denied/denied    done/done        login/login
merge      refused/hidden   done/hidden      denied/denied    denied/denied    done/done        login/login
close      refused/hidden   refused/hidden   denied/denied    denied/denied    refused/refused  login/login
unpublish  refused/hidden   refused/hidden   denied/denied    denied/denied    refused/refused  login/login
note       denied/hidden    done/hidden      denied/denied    denied/denied    done/done        login/login
edit       denied/denied    done/hidden      denied/denied    denied/denied    done/done        login/login
export     denied/denied    listed/unlisted  denied/denied    denied/denied    listed/listed    login/login
"""


def _target_commune(username, which, a, b):
    own, other = (b, a) if username.startswith("b_") else (a, b)
    return own if which == "own" else other


def _act(client, action, record, commune):
    if action == "list":
        return client.get(reverse(INDEX))
    if action == "export":
        return client.get(reverse(INDEX), {"export": "csv"})
    if action == "inspect":
        return client.get(reverse(INSPECT, args=[record.pk]))
    if action == "note":
        return client.post(reverse(INSPECT, args=[record.pk]), {"note-text": "ملاحظة داخلية للاختبار"})
    if action == "edit":
        data = {"kind": "report", "category": commune.other_category.pk, "neighbourhood": "حي الفتح", "department": ""}
        return client.post(reverse(EDIT, args=[record.pk]), data)
    _steps, data, _target, _mails = TRANSITIONS[action]
    return client.post(reverse(TRANSITION, args=[record.pk, action]), data(commune, record))


def _content(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


@pytest.mark.parametrize(("username", "action", "which", "expected"), list(matrix_cases(MATRIX)))
def test_permission_matrix(username, action, which, expected, commune_a, commune_b):  # noqa: F811 (fixtures)
    commune = _target_commune(username, which, commune_a, commune_b)
    for each in (commune_a, commune_b):
        each.original = each.suggestion(title=f"الاقتراح الأصلي ({each.key})")
    record = commune.suggestion()
    before = state(record)
    client = client_for(username)

    response = _act(client, action, record, commune)

    if expected in ("listed", "unlisted"):
        assert response.status_code == 200
        assert (record.title in _content(response)) is (expected == "listed")
    elif expected == "ok":
        assert response.status_code == 200
        assert record.title in _content(response)
    elif expected == "done":
        assert response.status_code == 302, _content(response)[:2000]
        assert response["Location"] == reverse(INSPECT, args=[record.pk])
        after = Suggestion.objects.get(pk=record.pk)
        if action in TRANSITIONS:
            assert after.status == TRANSITIONS[action][2]
        elif action == "note":
            assert after.notes.count() == 1
        elif action == "edit":
            assert after.category_id == commune.other_category.pk
    else:
        if expected == "denied":
            assert response.status_code == 302
            assert response["Location"] == reverse("wagtailadmin_home")
        elif expected == "login":
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("wagtailadmin_login"))
        elif expected == "hidden":
            assert final_status(response, client) == 404
        elif expected == "refused":
            assert response.status_code == 403
            assert response.context["message"]
        else:
            raise AssertionError(f"unknown outcome {expected}")
        assert state(record) == before


# --- forged requests ----------------------------------------------------------------------


@pytest.fixture
def officer(demo):
    return client_for("a_participation")


@pytest.mark.parametrize(
    ("steps", "action", "data"),
    [
        ((), "close", {}),  # not available from "received"
        ((), "unpublish", {"note": "x"}),
        (("review",), "review", {}),  # already under review
        (("reject",), "answer", {"public_answer": "جواب بعد الرفض"}),  # a rejected record is not reopened
        (("answer", "close"), "reject", {"rejection_reason": "سبب"}),  # a closed record is final
    ],
)
def test_a_forged_transition_not_available_from_the_status_is_refused(officer, commune_a, steps, action, data):  # noqa: F811
    from participation.core import services

    record = commune_a.suggestion()
    for step in steps:
        services.perform(record, step, user("admin"), public_answer="جواب", rejection_reason="سبب")
    before = state(record)
    assert officer.get(reverse(TRANSITION, args=[record.pk, action])).status_code == 403
    response = officer.post(reverse(TRANSITION, args=[record.pk, action]), data)
    assert response.status_code == 403
    assert response.context["message"]
    assert state(record) == before


@pytest.mark.parametrize("action", ["delete", "submit", "publish", "..", "review%00"])
def test_an_unknown_action_is_not_found(officer, commune_a, action):  # noqa: F811
    record = commune_a.suggestion()
    before = state(record)
    response = officer.post(f"/admin/participation/suggestions/suggestion/action/{record.pk}/{action}/", {})
    assert final_status(response, officer) == 404
    assert state(record) == before


def test_a_missing_record_is_not_found(officer, demo):
    response = officer.get(reverse(INSPECT, args=[999999]))
    assert final_status(response, officer) == 404
    response = officer.post(reverse(TRANSITION, args=[999999, "review"]), {})
    assert final_status(response, officer) == 404


def test_without_csrf_token_nothing_changes(commune_a):  # noqa: F811
    client = Client(enforce_csrf_checks=True)
    client.force_login(user("a_participation"))
    record = commune_a.suggestion()
    before = state(record)
    response = client.post(reverse(TRANSITION, args=[record.pk, "answer"]), {"public_answer": "جواب"})
    assert response.status_code == 403
    response = client.post(reverse(INSPECT, args=[record.pk]), {"note-text": "ملاحظة"})
    assert response.status_code == 403
    assert state(record) == before
