"""The permission matrix of the petitions admin: each demo group × each action ×
own commune / other commune, plus the superuser and an anonymous visitor; then
forged workflow steps.

Roles (PetitionsConfig.role_permissions): the bureau decides and verifies
signatures; the participation officer reviews (opens or refuses to open) and
records paper petitions; the editor only views; the information officer has no
access to petitions.

Outcomes:
- listed / unlisted: 200, the petition is / is not in the listing or the export;
- ok: 200, the petition (or its signatures) is shown;
- done: the action went through (redirect, the change is stored);
- kept: a paper petition "for the other commune" is never stored there;
- denied: no permission — Wagtail's answer, a redirect to the dashboard; checked
  before any lookup, so it is the same for any commune;
- hidden: another commune's petition, or a step the admin does not offer: 404;
- refused: the step is not allowed to this user or from this status: 403 with a message;
- login: anonymous, sent to the admin login.
Whenever the outcome is not listed/ok/done/kept, nothing may have changed.
"""
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from participation.core import services
from participation.petitions.models import Petition, Signature
from tests.participation.matrix import client_for, matrix_cases
from tests.participation.petitions.test_admin import (
    EXPORT_SIGNATURES,
    INDEX,
    INSPECT,
    INVALIDATE,
    RECORD_PAPER,
    SIGNATURES,
    TRANSITION,
    content,
    filed_with_signatures,
    final_status,
    paper_data,
    pdf,
    state,
    take_to,
    transition_data,
    unique_title,
    user,
)

# "own/other" per column; for b_ users "own" is commune B, for the superuser "own" is A.
MATRIX = """
action                editor           participation    information      bureau           admin            anonymous
list                  listed/unlisted  listed/unlisted  denied/denied    listed/unlisted  listed/listed    login/login
inspect               ok/hidden        ok/hidden        denied/denied    ok/hidden        ok/ok            login/login
open                  refused/hidden   done/hidden      denied/denied    done/hidden      done/done        login/login
refuse_opening        refused/hidden   done/hidden      denied/denied    done/hidden      done/done        login/login
record_paper          denied/denied    done/kept        denied/denied    done/kept        done/done        login/login
file_paper            hidden/hidden    hidden/hidden    denied/denied    hidden/hidden    hidden/hidden    login/login
admit                 refused/hidden   refused/hidden   denied/denied    done/hidden      done/done        login/login
declare_inadmissible  refused/hidden   refused/hidden   denied/denied    done/hidden      done/done        login/login
refer                 refused/hidden   refused/hidden   denied/denied    done/hidden      done/done        login/login
schedule              refused/hidden   refused/hidden   denied/denied    done/hidden      done/done        login/login
decide                refused/hidden   refused/hidden   denied/denied    done/hidden      done/done        login/login
postpone              refused/hidden   refused/hidden   denied/denied    done/hidden      done/done        login/login
withdraw              hidden/hidden    hidden/hidden    denied/denied    hidden/hidden    hidden/hidden    login/login
file                  hidden/hidden    hidden/hidden    denied/denied    hidden/hidden    hidden/hidden    login/login
note                  denied/hidden    done/hidden      denied/denied    done/hidden      done/done        login/login
signatures            denied/denied    denied/denied    denied/denied    ok/hidden        ok/ok            login/login
invalidate            denied/denied    denied/denied    denied/denied    done/hidden      done/done        login/login
export_signatures     denied/denied    denied/denied    denied/denied    ok/hidden        ok/ok            login/login
export                denied/denied    listed/unlisted  denied/denied    listed/unlisted  listed/listed    login/login
"""

#: the status a petition is taken to before each action, and the status expected after it
STEPS = {
    "list": ("filed", None),
    "inspect": ("filed", None),
    "export": ("filed", None),
    "note": ("filed", None),
    "record_paper": ("filed", None),
    "open": ("preparation", "open"),
    "refuse_opening": ("preparation", "not_opened"),
    "file_paper": ("preparation", None),
    "admit": ("filed", "admissible"),
    "declare_inadmissible": ("filed", "inadmissible"),
    "refer": ("admissible", "committee"),
    "schedule": ("committee", "scheduled"),
    "decide": ("scheduled", "decided"),
    "postpone": ("scheduled", "postponed"),
    "withdraw": ("open", None),
    "file": ("open", None),
}
SIGNATURE_ACTIONS = ("signatures", "invalidate", "export_signatures")


def _pages(username, which, petitions_a, petitions_b):
    """(the page of the commune acted on, the page of the user's own commune)."""
    own, other = (petitions_b, petitions_a) if username.startswith("b_") else (petitions_a, petitions_b)
    return (own if which == "own" else other), own


def _record(action, page, make_petition):
    if action in SIGNATURE_ACTIONS:
        petition, signatures = filed_with_signatures(make_petition, page, 1, title=unique_title())
        return petition, signatures[0]
    return take_to(make_petition, page, STEPS[action][0]), None


def _act(client, action, petition, signature, target_site, email):
    if action == "list":
        return client.get(reverse(INDEX))
    if action == "export":
        return client.get(reverse(INDEX), {"export": "csv"})
    if action == "inspect":
        return client.get(reverse(INSPECT, args=[petition.pk]))
    if action == "note":
        return client.post(reverse(INSPECT, args=[petition.pk]), {"note-text": "ملاحظة داخلية للاختبار"})
    if action == "signatures":
        return client.get(reverse(SIGNATURES, args=[petition.pk]))
    if action == "invalidate":
        return client.post(reverse(INVALIDATE, args=[petition.pk, signature.pk]), {"reason": "البطاقة منتهية الصلاحية"})
    if action == "export_signatures":
        return client.get(reverse(EXPORT_SIGNATURES, args=[petition.pk]), {"export": "csv"})
    if action == "record_paper":
        return client.post(reverse(RECORD_PAPER), paper_data(site=target_site.pk, email=email) | {"scan": pdf("scan.pdf")})
    data = transition_data(action) if action in ("open", "refuse_opening", "admit", "declare_inadmissible", "refer", "schedule",
                                                 "decide", "postpone") else {}
    return client.post(reverse(TRANSITION, args=[petition.pk, action]), data)


@pytest.mark.parametrize(("username", "action", "which", "expected"), list(matrix_cases(MATRIX)))
def test_permission_matrix(username, action, which, expected, make_petition, petitions_a, petitions_b):
    page, own_page = _pages(username, which, petitions_a, petitions_b)
    target_site = page.get_site()
    petition, signature = _record(action, page, make_petition)
    before = state(petition)
    history_before = petition.history.count()
    email = f"paper-{username}-{which}@example.ma"
    client = client_for(username)

    response = _act(client, action, petition, signature, target_site, email)

    if expected in ("listed", "unlisted"):
        assert response.status_code == 200
        assert (petition.title in content(response)) is (expected == "listed")
    elif expected == "ok":
        assert response.status_code == 200
        text = content(response)
        assert (signature.cin if action in SIGNATURE_ACTIONS else petition.title) in text
    elif expected == "done":
        assert response.status_code == 302, content(response)[:2000]
        if action == "record_paper":
            recorded = Petition.objects.get(email=email)
            assert response["Location"] == reverse(INSPECT, args=[recorded.pk])
            assert (recorded.site, recorded.status, recorded.channel) == (target_site, "filed", "paper")
            return
        after = Petition.objects.get(pk=petition.pk)
        if action == "invalidate":
            assert response["Location"] == reverse(SIGNATURES, args=[petition.pk])
            assert Signature.objects.get(pk=signature.pk).invalid_reason
            assert after.signature_count == petition.signature_count - 1
        elif action == "note":
            assert response["Location"] == reverse(INSPECT, args=[petition.pk])
            assert after.notes.count() == 1
        else:
            assert response["Location"] == reverse(INSPECT, args=[petition.pk])
            assert after.status == STEPS[action][1]
            assert after.history.count() == history_before + 1
    elif expected == "kept":
        assert not Petition.objects.filter(email=email, site=target_site).exists()
        recorded = Petition.objects.filter(email=email).first()
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
        assert state(petition) == before
        assert not Petition.objects.filter(email=email).exists()


# --- forged requests ----------------------------------------------------------------------


@pytest.fixture
def bureau(demo):
    return client_for("a_bureau")


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("filed", "decide"),  # the council decides once the petition is on a session's agenda
        ("admissible", "admit"),  # admitted twice
        ("inadmissible", "admit"),  # a refusal is final
        ("filed", "open"),  # a filed petition is not reopened for signature
        ("filed", "refuse_opening"),
        ("filed", "refer"),  # admissibility comes first
        ("filed", "schedule"),
        ("preparation", "admit"),  # not filed yet
        ("open", "declare_inadmissible"),
        ("committee", "postpone"),
        ("admissible", "declare_inadmissible"),
        ("decided", "decide"),
        ("decided", "postpone"),
    ],
)
def test_a_forged_step_not_available_from_the_status_is_refused(bureau, make_petition, petitions_a, status, action):
    petition = take_to(make_petition, petitions_a, status)
    before = state(petition)
    url = reverse(TRANSITION, args=[petition.pk, action])
    response = bureau.get(url)
    assert response.status_code == 403
    assert response.context["message"]
    data = transition_data(action) if action in ("refuse_opening", "declare_inadmissible", "refer", "schedule", "decide") else {}
    response = bureau.post(url, data)
    assert response.status_code == 403
    assert response.context["message"]
    assert state(petition) == before


@pytest.mark.parametrize("action", ["file", "withdraw", "file_paper", "submit", "delete", "edit", "..", "admit%00"])
def test_citizen_steps_and_unknown_actions_are_not_found(bureau, make_petition, petitions_a, action):
    petition = take_to(make_petition, petitions_a, "open")
    before = state(petition)
    response = bureau.post(f"/admin/participation/petitions/petition/action/{petition.pk}/{action}/", {})
    assert final_status(response, bureau) == 404
    assert state(petition) == before


def test_a_filed_petition_has_no_edit_view(bureau, make_petition, petitions_a):
    from django.urls import NoReverseMatch

    petition = take_to(make_petition, petitions_a, "filed")
    for name, args in (("edit", [petition.pk]), ("add", []), ("delete", [petition.pk]), ("copy", [petition.pk])):
        with pytest.raises(NoReverseMatch):
            reverse(f"participation_petitions_petition:{name}", args=args)
    before = state(petition)
    response = bureau.post(f"/admin/participation/petitions/petition/edit/{petition.pk}/", {"title": "عنوان آخر مختلف"})
    assert final_status(response, bureau) == 404
    assert state(petition) == before


def test_a_step_taken_twice_concurrently_counts_once(bureau, make_petition, petitions_a):
    """Two staff members admit the same petition from two tabs: the second is refused."""
    petition = take_to(make_petition, petitions_a, "filed")
    first = bureau.post(reverse(TRANSITION, args=[petition.pk, "admit"]), {})
    assert first.status_code == 302
    history = Petition.objects.get(pk=petition.pk).history.count()
    second = bureau.post(reverse(TRANSITION, args=[petition.pk, "admit"]), {})
    assert second.status_code == 403
    assert Petition.objects.get(pk=petition.pk).history.count() == history


def test_a_missing_petition_is_not_found(bureau, demo):
    for url in (
        reverse(INSPECT, args=[999999]),
        reverse(TRANSITION, args=[999999, "admit"]),
        reverse(SIGNATURES, args=[999999]),
        reverse(EXPORT_SIGNATURES, args=[999999]),
    ):
        assert final_status(bureau.get(url), bureau) == 404, url


def test_without_csrf_token_nothing_changes(make_petition, petitions_a, demo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user("a_bureau"))
    petition, signatures = filed_with_signatures(make_petition, petitions_a, 1, title=unique_title())
    before = state(petition)
    assert client.post(reverse(TRANSITION, args=[petition.pk, "admit"]), {}).status_code == 403
    assert client.post(reverse(INVALIDATE, args=[petition.pk, signatures[0].pk]), {"reason": "سبب"}).status_code == 403
    assert client.post(reverse(INSPECT, args=[petition.pk]), {"note-text": "ملاحظة"}).status_code == 403
    count = Petition.objects.count()
    assert client.post(reverse(RECORD_PAPER), paper_data() | {"scan": pdf()}).status_code == 403
    assert Petition.objects.count() == count
    assert state(petition) == before


def test_paper_petition_date_in_the_future_is_refused_for_every_role(make_petition, petitions_a, demo):
    client = Client()
    client.force_login(user("a_bureau"))
    tomorrow = str(timezone.localdate() + timedelta(days=1))
    count = Petition.objects.count()
    response = client.post(reverse(RECORD_PAPER), paper_data(filed_on=tomorrow) | {"scan": pdf()})
    assert response.status_code == 200 and response.context["form"].errors["filed_on"]
    assert Petition.objects.count() == count


def test_the_service_refuses_what_the_admin_would_not_offer(make_petition, petitions_a, demo):
    """The same rules hold below the views: a participation officer calling the service directly cannot admit."""
    petition = take_to(make_petition, petitions_a, "filed")
    before = state(petition)
    with pytest.raises(services.TransitionNotAllowed):
        services.perform(petition, "admit", user("a_participation"))
    with pytest.raises(services.TransitionNotAllowed):
        services.perform(petition, "admit", user("b_bureau"))  # another commune's bureau
    assert state(petition) == before
