"""The permission matrix of the access-to-information admin: each demo group × each
action × own commune / other commune, plus the superuser and an anonymous visitor;
then forged workflow steps.

Roles (InformationConfig.role_permissions): the information officer handles
requests (every step but the complaint's answer), records paper requests and
exports; the bureau (standing in for the president's office) sees requests and
answers complaints; the editor and the participation officer have no access.

Outcomes:
- listed / unlisted: 200, the request is / is not in the listing or the export;
- ok: 200, the request is shown;
- counted / uncounted: 200, the overview counts / does not count the commune's requests;
- done: the action went through (redirect, the change is stored);
- kept: a paper request "for the other commune" is never stored there;
- denied: no permission — Wagtail's answer, a redirect to the dashboard; checked
  before any lookup, so it is the same for any commune;
- hidden: another commune's request: 404;
- refused: the step is not allowed to this user or from this status: 403 with a message;
- login: anonymous, sent to the admin login.
Whenever the outcome is not listed/ok/counted/done/kept, nothing may have changed.
"""
import pytest
from django.urls import reverse
from django.utils import timezone

from participation.information.models import InformationRequest
from tests.participation.information.test_admin import (
    INDEX,
    INSPECT,
    OVERVIEW,
    RECORD_PAPER,
    TRANSITION,
    TRANSITIONS,
    content,
    final_status,
    paper_data,
    pdf,
    state,
    take_to,
    unique_subject,
)
from tests.participation.matrix import client_for, matrix_cases

# "own/other" per column; for b_ users "own" is commune B, for the superuser "own" is A.
MATRIX = """
action             editor          participation   information      bureau            admin             anonymous
list               denied/denied   denied/denied   listed/unlisted  listed/unlisted   listed/listed     login/login
inspect            denied/denied   denied/denied   ok/hidden        ok/hidden         ok/ok             login/login
take               denied/denied   denied/denied   done/hidden      refused/hidden    done/done         login/login
ask_clarification  denied/denied   denied/denied   done/hidden      refused/hidden    done/done         login/login
extend             denied/denied   denied/denied   done/hidden      refused/hidden    done/done         login/login
answer             denied/denied   denied/denied   done/hidden      refused/hidden    done/done         login/login
answer_partially   denied/denied   denied/denied   done/hidden      refused/hidden    done/done         login/login
refuse             denied/denied   denied/denied   done/hidden      refused/hidden    done/done         login/login
transfer           denied/denied   denied/denied   done/hidden      refused/hidden    done/done         login/login
answer_complaint   denied/denied   denied/denied   refused/hidden   done/hidden       done/done         login/login
clarify            denied/denied   denied/denied   hidden/hidden    hidden/hidden     hidden/hidden     login/login
complain           denied/denied   denied/denied   hidden/hidden    hidden/hidden     hidden/hidden     login/login
note               denied/denied   denied/denied   done/hidden      done/hidden       done/done         login/login
reply              denied/denied   denied/denied   done/hidden      denied/hidden     done/done         login/login
upload             denied/denied   denied/denied   done/hidden      denied/hidden     done/done         login/login
record_paper       denied/denied   denied/denied   done/kept        denied/denied     done/done         login/login
overview           denied/denied   denied/denied   counted/uncounted counted/uncounted counted/counted login/login
export             denied/denied   denied/denied   listed/unlisted  denied/denied     listed/listed     login/login
"""

#: the steps taking a request to the status each action starts from
STEPS = {
    **{action: steps for action, (steps, _data, _target) in TRANSITIONS.items()},
    "clarify": ("ask_clarification",),
    "complain": ("take", "answer"),
}


def _pages(username, which, information_a, information_b):
    """(the page of the commune acted on, the page of the user's own commune)."""
    own, other = (information_b, information_a) if username.startswith("b_") else (information_a, information_b)
    return (own if which == "own" else other), own


def _received_count(response):
    return response.context["numbers"]["received"] if response.status_code == 200 else None


def _act(client, action, record, target_site, email, make_request, page):
    if action == "list":
        return client.get(reverse(INDEX))
    if action == "export":
        return client.get(reverse(INDEX), {"export": "csv"})
    if action == "inspect":
        return client.get(reverse(INSPECT, args=[record.pk]))
    if action == "note":
        return client.post(reverse(INSPECT, args=[record.pk]), {"note-text": "ملاحظة داخلية للاختبار"})
    if action == "reply":
        return client.post(reverse(INSPECT, args=[record.pk]), {"message-form": "1", "message-text": "جواب الموظف للاختبار"})
    if action == "upload":
        return client.post(reverse(INSPECT, args=[record.pk]),
                           {"answer-form": "1", "answer-title": "وثيقة الجواب", "answer-file": pdf()})
    if action == "record_paper":
        return client.post(reverse(RECORD_PAPER), paper_data(site=target_site.pk, email=email))
    if action == "overview":
        before = client.get(reverse(OVERVIEW))
        take_to(make_request, page, ())  # one more request in the commune acted on
        after = client.get(reverse(OVERVIEW))
        after.count_before = _received_count(before)
        return after
    data = dict(TRANSITIONS[action][1]) if action in TRANSITIONS else {"clarification_reply": "x", "complaint": "x"}
    return client.post(reverse(TRANSITION, args=[record.pk, action]), data)


@pytest.mark.parametrize(("username", "action", "which", "expected"), list(matrix_cases(MATRIX)))
def test_permission_matrix(username, action, which, expected, make_request, information_a, information_b):
    page, own_page = _pages(username, which, information_a, information_b)
    target_site = page.get_site()
    record = take_to(make_request, page, STEPS.get(action, ("take",)), subject=unique_subject())
    before = state(record)
    history_before = record.history.count()
    email = f"paper-{username}-{which}@example.ma"
    client = client_for(username)

    response = _act(client, action, record, target_site, email, make_request, page)

    if expected in ("listed", "unlisted"):
        assert response.status_code == 200
        # references are numbered per commune: the subject tells requests apart
        assert (record.subject in content(response)) is (expected == "listed")
    elif expected == "ok":
        assert response.status_code == 200
        assert record.subject in content(response)
    elif expected in ("counted", "uncounted"):
        assert response.status_code == 200
        assert _received_count(response) - response.count_before == (1 if expected == "counted" else 0)
    elif expected == "done":
        assert response.status_code == 302, content(response)[:2000]
        if action == "record_paper":
            recorded = InformationRequest.objects.get(email=email)
            assert response["Location"] == reverse(INSPECT, args=[recorded.pk])
            assert (recorded.site, recorded.status, recorded.channel) == (target_site, "received", "mail")
            return
        after = InformationRequest.objects.get(pk=record.pk)
        assert response["Location"] == reverse(INSPECT, args=[record.pk])
        if action == "note":
            assert after.notes.count() == 1
        elif action == "reply":
            assert after.messages.filter(from_requester=False).count() == 1
        elif action == "upload":
            assert after.files.count() == 1
        else:
            assert after.status == TRANSITIONS[action][2]
            assert after.history.count() == history_before + 1
    elif expected == "kept":
        assert not InformationRequest.objects.filter(email=email, site=target_site).exists()
        recorded = InformationRequest.objects.filter(email=email).first()
        assert recorded is None or recorded.site == own_page.get_site()
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
        assert not InformationRequest.objects.filter(email=email).exists()


# --- forged requests ----------------------------------------------------------------------


@pytest.fixture
def officer(demo):
    return client_for("a_information")


@pytest.mark.parametrize(
    ("steps", "action"),
    [
        (("take", "answer"), "answer"),  # answered twice
        (("take", "answer"), "refuse"),  # a response is final
        (("take", "refuse"), "extend"),
        (("take", "extend"), "extend"),  # one extension only
        ((), "answer_complaint"),  # no complaint filed
        (("ask_clarification",), "answer"),  # the clock stands still: wait for the clarification
        (("ask_clarification",), "take"),
        (("take",), "take"),
        (("transfer",), "answer"),
    ],
)
def test_a_forged_step_not_available_from_the_status_is_refused(officer, make_request, information_a, steps, action):
    record = take_to(make_request, information_a, steps)
    before = state(record)
    url = reverse(TRANSITION, args=[record.pk, action])
    response = officer.get(url)
    assert response.status_code == 403
    assert response.context["message"]
    response = officer.post(url, dict(TRANSITIONS[action][1]))
    assert response.status_code == 403
    assert response.context["message"]
    assert state(record) == before


@pytest.mark.parametrize("action", ["clarify", "complain", "submit", "delete", "not-an-action"])
def test_citizen_steps_and_unknown_actions_are_not_offered_in_the_admin(officer, make_request, information_a, action):
    record = take_to(make_request, information_a, ("ask_clarification",))
    before = state(record)
    response = officer.post(reverse(TRANSITION, args=[record.pk, action]), {"clarification_reply": "x", "complaint": "x"})
    assert final_status(response, officer) == 404
    assert state(record) == before


def test_a_forged_status_field_is_ignored(officer, make_request, information_a):
    record = take_to(make_request, information_a, ("take",))
    response = officer.post(reverse(TRANSITION, args=[record.pk, "answer"]),
                            {"public_answer": "الجواب", "status": "complaint_answered", "is_public": "", "answered_on": "2020-01-01"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.status, record.answered_on, record.is_public) == ("answered", timezone.localdate(), True)
