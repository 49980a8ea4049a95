"""The permission matrix of the charter's admin: each demo group × each action × own commune /
other commune, plus the superuser and an anonymous visitor; then forged steps and the export.

Roles (CharterConfig.role_permissions): the participation officer sees adhesions, validates,
rejects or asks for information, exports adherents, and defines indicators; the editor sees
adhesions and indicators; the information officer and the bureau have no access.

Outcomes: listed / unlisted (200, the record is / is not in the listing or export); ok (200,
shown); file (the document is served); done (the step went through); denied (no permission:
redirect to the dashboard); hidden (another commune's record: 404); refused (403 with a
message); login (anonymous: the admin login). Whenever the outcome is not listed/ok/done/file,
nothing may have changed.
"""
import itertools

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry

from participation.charter import services
from participation.charter.models import Adhesion, Indicator
from tests.participation.charter.conftest import association_data, charter_of
from tests.participation.matrix import client_for, matrix_cases

APP = "participation_charter_adhesion"
INDEX, INSPECT, TRANSITION, DOCUMENT = (f"{APP}:{name}" for name in ("index", "inspect", "transition", "document"))
INDICATORS = "participation_charter_indicator:index"

MATRIX = """
action               editor          participation   information    bureau         admin          anonymous
list                 listed/unlisted listed/unlisted denied/denied  denied/denied  listed/listed  login/login
inspect              ok/hidden       ok/hidden       denied/denied  denied/denied  ok/ok          login/login
validate             refused/hidden  done/hidden     denied/denied  denied/denied  done/done      login/login
reject               refused/hidden  done/hidden     denied/denied  denied/denied  done/done      login/login
request_information  refused/hidden  done/hidden     denied/denied  denied/denied  done/done      login/login
export               denied/denied   listed/unlisted denied/denied  denied/denied  listed/listed  login/login
document             file/hidden     file/hidden     denied/denied  denied/denied  file/file      login/login
indicators           listed/unlisted listed/unlisted denied/denied  denied/denied  listed/listed  login/login
"""
TARGETS = {"validate": "valid", "reject": "rejected", "request_information": "information"}
_n = itertools.count(5000)


def content(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8-sig", errors="replace")
    return response.content.decode()


def final_status(response, client):
    request_path = response.request["PATH_INFO"]
    if response.status_code == 302 and response["Location"] == "/ar" + request_path:
        return client.get(response["Location"]).status_code
    return response.status_code


def pending(site) -> Adhesion:
    n = next(_n)
    adhesion = services.join(charter_of(site), "association",
                             association_data(n, association_name=f"جمعية المصفوفة {n}"))
    services.confirm(adhesion)
    indicator = Indicator.objects.create(site=site, name=f"مؤشر المصفوفة {n}")
    adhesion = Adhesion.objects.get(pk=adhesion.pk)
    adhesion.indicator = indicator
    return adhesion


def _act(client, action, record):
    if action == "list":
        return client.get(reverse(INDEX))
    if action == "export":
        return client.get(reverse(INDEX), {"export": "csv"})
    if action == "inspect":
        return client.get(reverse(INSPECT, args=[record.pk]))
    if action == "document":
        return client.get(reverse(DOCUMENT, args=[record.pk, "document"]))
    if action == "indicators":
        return client.get(reverse(INDICATORS))
    return client.post(reverse(TRANSITION, args=[record.pk, action]),
                       {"note": "", "rejection_reason": "سبب", "information_requested": "وثيقة ناقصة"})


def _state(record):
    record = Adhesion.objects.get(pk=record.pk)
    return record.status, record.history.count()


@pytest.mark.parametrize(("username", "action", "which", "expected"), list(matrix_cases(MATRIX)))
def test_permission_matrix(username, action, which, expected, demo):
    own, other = (demo.site_b, demo.site_a) if username.startswith("b_") else (demo.site_a, demo.site_b)
    record = pending(own if which == "own" else other)
    before = _state(record)
    client = client_for(username)

    response = _act(client, action, record)

    marker = record.indicator.name if action == "indicators" else record.association_name
    if expected in ("listed", "unlisted"):
        assert response.status_code == 200
        assert (marker in content(response)) is (expected == "listed")
    elif expected == "ok":
        assert response.status_code == 200 and marker in content(response)
    elif expected == "file":
        assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
        assert "no-store" in response["Cache-Control"]
    elif expected == "done":
        assert response.status_code == 302, content(response)[:2000]
        assert _state(record) == (TARGETS[action], before[1] + 1)
    else:
        if expected == "denied":
            assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
        elif expected == "login":
            assert response.status_code == 302 and response["Location"].startswith(reverse("wagtailadmin_login"))
        elif expected == "hidden":
            assert final_status(response, client) == 404
        elif expected == "refused":
            assert response.status_code == 403 and response.context["message"]
        else:
            raise AssertionError(f"unknown outcome {expected}")
        assert _state(record) == before


@pytest.mark.parametrize("action", ["verify_association", "verify_citizen", "withdraw", "resubmit", "expire", "nonsense"])
def test_steps_that_are_not_staff_steps_cannot_be_forged(demo, action):
    record = pending(demo.site_a)
    before = _state(record)
    client = client_for("a_participation")
    response = client.post(reverse(TRANSITION, args=[record.pk, action]), {"note": ""})
    assert final_status(response, client) == 404
    assert _state(record) == before


def test_validating_twice_is_refused(demo):
    record = pending(demo.site_a)
    client = client_for("a_participation")
    assert client.post(reverse(TRANSITION, args=[record.pk, "validate"]), {"note": ""}).status_code == 302
    assert client.post(reverse(TRANSITION, args=[record.pk, "validate"]), {"note": ""}).status_code == 403


def test_rejecting_without_a_reason_keeps_the_form(demo):
    record = pending(demo.site_a)
    before = _state(record)
    response = client_for("a_participation").post(reverse(TRANSITION, args=[record.pk, "reject"]),
                                                  {"note": "", "rejection_reason": ""})
    assert response.status_code == 200 and response.context["form"].errors
    assert _state(record) == before


def test_the_export_has_the_contacts_and_is_logged(demo):
    record = pending(demo.site_a)
    response = client_for("a_participation").get(reverse(INDEX), {"export": "csv"})
    text = content(response)
    assert record.email in text and record.registration_number in text
    assert PageLogEntry.objects.filter(action="participation.adhesions_exported", page_id=record.charter_id).exists()
