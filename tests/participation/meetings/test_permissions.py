"""The permission matrix of the registrations admin: each demo group × each action × own
commune / other commune, plus the superuser and an anonymous visitor; then forged steps.

Roles (MeetingsConfig.role_permissions): the participation officer sees registrations,
marks attendance and exports the lists; the editor sees them; the information officer and
the bureau have no access.

Outcomes:
- listed / unlisted: 200, the registration is / is not in the listing, export or counts;
- ok: 200, the registration is shown;
- done: the step went through (redirect, the change is stored);
- denied: no permission — a redirect to the admin dashboard, the same for any commune;
- hidden: another commune's registration: 404;
- refused: the step is not allowed to this user: 403 with a message;
- login: anonymous, sent to the admin login.
Whenever the outcome is not listed/ok/done, nothing may have changed.
"""
import pytest
from django.urls import reverse

from participation.meetings.models import Registration
from tests.participation.matrix import client_for, matrix_cases
from tests.participation.meetings.test_admin import INDEX, INSPECT, STATISTICS, TRANSITION, content, final_status, registered

MATRIX = """
action         editor          participation   information    bureau         admin          anonymous
list           listed/unlisted listed/unlisted denied/denied  denied/denied  listed/listed  login/login
inspect        ok/hidden       ok/hidden       denied/denied  denied/denied  ok/ok          login/login
mark_attended  refused/hidden  done/hidden     denied/denied  denied/denied  done/done      login/login
mark_absent    refused/hidden  done/hidden     denied/denied  denied/denied  done/done      login/login
export         denied/denied   listed/unlisted denied/denied  denied/denied  listed/listed  login/login
statistics     listed/unlisted listed/unlisted denied/denied  denied/denied  listed/listed  login/login
"""
TARGETS = {"mark_attended": "attended", "mark_absent": "absent"}


def _act(client, action, record):
    if action == "list":
        return client.get(reverse(INDEX))
    if action == "export":
        return client.get(reverse(INDEX), {"export": "csv"})
    if action == "inspect":
        return client.get(reverse(INSPECT, args=[record.pk]))
    if action == "statistics":
        return client.get(reverse(STATISTICS))
    return client.post(reverse(TRANSITION, args=[record.pk, action]), {"note": ""})


def _state(record):
    record = Registration.objects.get(pk=record.pk)
    return record.status, record.history.count()


@pytest.mark.parametrize(("username", "action", "which", "expected"), list(matrix_cases(MATRIX)))
def test_permission_matrix(username, action, which, expected, meetings_a, meetings_b):
    own, other = (meetings_b, meetings_a) if username.startswith("b_") else (meetings_a, meetings_b)
    record = registered(own if which == "own" else other)
    before = _state(record)
    client = client_for(username)

    response = _act(client, action, record)

    if expected in ("listed", "unlisted"):
        assert response.status_code == 200
        if action == "statistics":
            shown = any(item["meeting"].pk == record.meeting_id for item in response.context["meetings"])
        else:
            shown = record.name in content(response)
        assert shown is (expected == "listed")
    elif expected == "ok":
        assert response.status_code == 200
        assert record.name in content(response)
    elif expected == "done":
        assert response.status_code == 302, content(response)[:2000]
        assert response["Location"] == reverse(INSPECT, args=[record.pk])
        assert _state(record) == (TARGETS[action], before[1] + 1)
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
        assert _state(record) == before


# --- forged requests ----------------------------------------------------------------------


@pytest.mark.parametrize("action", ["cancel", "promote", "wait", "submit", "delete", "nonsense"])
def test_steps_that_are_not_staff_steps_cannot_be_forged(meetings_a, action):
    record = registered(meetings_a)
    before = _state(record)
    client = client_for("a_participation")
    response = client.post(reverse(TRANSITION, args=[record.pk, action]), {"note": ""})
    assert final_status(response, client) == 404
    assert _state(record) == before


def test_attendance_of_a_cancelled_registration_is_refused(meetings_a):
    from participation.meetings import services

    record = registered(meetings_a, started_meeting=False)
    services.cancel(record)
    from tests.participation.meetings.test_admin import started

    started(record.meeting)
    before = _state(record)
    response = client_for("a_participation").post(reverse(TRANSITION, args=[record.pk, "mark_attended"]), {"note": ""})
    assert response.status_code == 403
    assert _state(record) == before


def test_attendance_before_the_meeting_is_refused_with_a_message(meetings_a):
    record = registered(meetings_a, started_meeting=False)
    before = _state(record)
    response = client_for("a_participation").post(reverse(TRANSITION, args=[record.pk, "mark_attended"]), {"note": ""})
    assert response.status_code == 200  # the form again, with the reason
    assert response.context["form"].non_field_errors()
    assert _state(record) == before
