"""Bulk invalidation of spam signatures (participation.core.cleanup, declared by
participation.petitions.cleanup): the preview counts what matches in the staff member's
communes only; applying invalidates each signature through services.invalidate_signature
(reason "spam"), so each petition's count goes down by the signatures that counted; one log
entry for the batch and one per signature; a GET changes nothing; and the permission matrix.

Outcomes of the matrix (bureau: the petitions' cleanup permission; participation officer: other
cleanup targets only; editor and information officer: none):
- done: redirect to the screen, the commune's spam signatures are invalid and no longer count;
- untouched: another commune's signatures never match (0 in the preview): nothing changes;
- refused: 400, the signatures are not a choice for this user;
- denied: Wagtail's answer without permission, a redirect to the dashboard;
- login: anonymous, sent to the admin login.
"""
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from participation.core.models import CleanupBatch, SubmissionLogEntry
from participation.petitions import services
from participation.petitions.models import Petition, Signature
from tests.participation.matrix import client_for, matrix_cases
from tests.participation.petitions.conftest import signatory

URL = "participation_cleanup:index"
TARGET = "petitions.signatures"
SPAM_NETWORK = {"a": "203.0.113.", "b": "198.51.100."}
_numbers = itertools.count(1)


def signed(petition, count, *, network, domain, confirmed=True) -> list[Signature]:
    signatures = []
    for n in range(count):
        signature = services.sign(petition, signatory(email=f"s{next(_numbers)}@{domain}"), ip=f"{network}{n + 10}")
        if confirmed:
            services.confirm_signature(signature)
        signatures.append(signature)
    return signatures


@pytest.fixture
def flooded(make_petition, petitions_a, petitions_b):
    """In each commune an open petition with 3 spam signatures that count and one never confirmed
    (from its commune's network, an odd domain) and 2 genuine ones."""
    petitions = {}
    for commune, page in (("a", petitions_a), ("b", petitions_b)):
        petition = make_petition(page, "open", title=f"عريضة مستهدفة بالرسائل المزعجة {commune}")
        signed(petition, 3, network=SPAM_NETWORK[commune], domain="spam.example")
        signed(petition, 1, network=SPAM_NETWORK[commune], domain="spam.example", confirmed=False)
        signed(petition, 2, network="192.0.2.", domain="example.ma")
        petitions[commune] = Petition.objects.get(pk=petition.pk)
        assert petitions[commune].signature_count == 5
    return petitions


def user(username):
    return get_user_model().objects.get(username=username)


def criteria(**changes) -> dict:
    return {"target": TARGET, "ip": "", "email_domain": "", "since": "", "until": "", "parent": "", **changes}


def spam_of(petition):
    return Signature.objects.filter(petition=petition, email__endswith="@spam.example")


def test_the_preview_counts_the_communes_matching_records_and_changes_nothing(flooded):
    client = client_for("a_bureau")
    response = client.post(reverse(URL), criteria(ip=SPAM_NETWORK["a"], preview="1"))
    assert response.status_code == 200
    assert response.context["preview"]["count"] == 4  # 3 counted + 1 never confirmed, commune A only
    assert 'name="apply"' in response.content.decode() and 'name="expected" value="4"' in response.content.decode()
    assert not Signature.objects.exclude(invalid_reason="").exists()
    by_domain = client.post(reverse(URL), criteria(email_domain="@SPAM.example", preview="1"))
    assert by_domain.context["preview"]["count"] == 4  # the other commune's spam is not seen


def test_applying_invalidates_through_the_service_and_decrements_the_count(flooded):
    a, b = flooded["a"], flooded["b"]
    client = client_for("a_bureau")
    response = client.post(reverse(URL), criteria(ip=SPAM_NETWORK["a"], expected="4", apply="1"))
    assert response.status_code == 302 and response["Location"] == reverse(URL)
    assert set(spam_of(a).values_list("invalid_reason", flat=True)) == {"spam"}
    assert all(s.invalidated_by == user("a_bureau") for s in spam_of(a))
    assert Petition.objects.get(pk=a.pk).signature_count == 2  # the 3 that counted; the unconfirmed one never did
    assert Petition.objects.get(pk=b.pk).signature_count == 5 and not spam_of(b).exclude(invalid_reason="").exists()
    assert not Signature.objects.filter(petition=a).exclude(email__endswith="@spam.example").exclude(invalid_reason="").exists()

    batch = CleanupBatch.objects.get()
    assert (batch.target, batch.matched, batch.invalidated, batch.username) == (TARGET, 4, 4, "a_bureau")
    assert batch.criteria == {"ip": SPAM_NETWORK["a"]}
    assert ModelLogEntry.objects.filter(action="participation.cleanup", object_id=str(batch.pk)).count() == 1
    assert SubmissionLogEntry.objects.filter(
        action="participation.signature_invalidated", content_type=ContentType.objects.get_for_model(Petition),
        object_id=str(a.pk),
    ).count() == 4
    shown = client.get(reverse(URL))
    assert "4" in shown.content.decode() and shown.context["batches"][0] == batch


def test_applying_again_finds_nothing_left(flooded):
    client = client_for("a_bureau")
    client.post(reverse(URL), criteria(ip=SPAM_NETWORK["a"], expected="4", apply="1"))
    again = client.post(reverse(URL), criteria(ip=SPAM_NETWORK["a"], expected="4", apply="1"))
    assert again.status_code == 200 and again.context["preview"]["count"] == 0
    assert CleanupBatch.objects.count() == 1 and Petition.objects.get(pk=flooded["a"].pk).signature_count == 2


def test_if_the_matching_records_changed_since_the_preview_nothing_is_done(flooded):
    more = signed(flooded["a"], 1, network="203.0.113.2", domain="spam.example")  # spam arrived meanwhile
    assert more
    client = client_for("a_bureau")
    response = client.post(reverse(URL), criteria(ip=SPAM_NETWORK["a"], expected="4", apply="1"))
    assert response.status_code == 200 and response.context["preview"]["count"] == 5
    assert not Signature.objects.exclude(invalid_reason="").exists() and not CleanupBatch.objects.exists()


def test_one_petition_and_a_time_window_narrow_the_match(flooded, make_petition, petitions_a):
    other = make_petition(petitions_a, "open", title="عريضة أخرى في نفس الجماعة")
    signed(other, 2, network=SPAM_NETWORK["a"], domain="spam.example")
    client = client_for("a_bureau")
    everywhere = client.post(reverse(URL), criteria(ip=SPAM_NETWORK["a"], preview="1"))
    assert everywhere.context["preview"]["count"] == 6
    one = client.post(reverse(URL), criteria(ip=SPAM_NETWORK["a"], parent=f"{TARGET}:{flooded['a'].pk}", preview="1"))
    assert one.context["preview"]["count"] == 4
    first = Signature.objects.filter(petition=other).order_by("created_at").first()
    Signature.objects.filter(petition=flooded["a"]).update(created_at=first.created_at.replace(year=2020))
    window = client.post(reverse(URL), criteria(
        ip=SPAM_NETWORK["a"], since=timezone.localtime(first.created_at).strftime("%Y-%m-%d %H:%M"),
        until="2099-01-01 00:00", preview="1",
    ))
    assert window.status_code == 200 and window.context["preview"]["count"] == 2


def test_another_communes_petition_is_not_a_choice(flooded):
    response = client_for("a_bureau").post(reverse(URL), criteria(parent=f"{TARGET}:{flooded['b'].pk}", preview="1"))
    assert response.status_code == 400 and "parent" in response.context["form"].errors


@pytest.mark.parametrize("bad", [
    {},  # no criterion at all: never every record
    {"since": "2026-01-01 00:00"},  # a period needs both ends
    {"ip": "not-an-address"},
    {"ip": "300.1."},
    {"email_domain": "no domain"},
    {"since": "2026-02-01 00:00", "until": "2026-01-01 00:00"},
    {"since": "yesterday", "until": "today"},
    {"target": "no-such-target", "ip": "203.0.113."},
])
def test_bad_criteria_are_refused_beside_the_field_and_nothing_changes(flooded, bad):
    response = client_for("a_bureau").post(reverse(URL), {**criteria(**bad), "expected": "4", "apply": "1"})
    assert response.status_code == 400 and response.context["form"].errors
    assert not Signature.objects.exclude(invalid_reason="").exists()


def test_a_get_changes_nothing(flooded):
    client = client_for("a_bureau")
    response = client.get(reverse(URL), criteria(ip=SPAM_NETWORK["a"], expected="4", apply="1"))
    assert response.status_code == 200 and response.context["preview"] is None
    assert not Signature.objects.exclude(invalid_reason="").exists() and not CleanupBatch.objects.exists()


def test_the_menu_shows_the_screen_to_those_who_may_use_it(flooded):
    assert reverse(URL) in client_for("a_bureau").get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(URL) not in client_for("a_editor").get(reverse("wagtailadmin_home")).content.decode()


# "own/other" per column; for b_ users "own" is commune B, for the superuser "own" is A.
MATRIX = """
action  editor         participation    information    bureau          admin       anonymous
apply   denied/denied  refused/refused  denied/denied  done/untouched  done/done   login/login
"""


@pytest.mark.parametrize(("username", "action", "which", "expected"), list(matrix_cases(MATRIX)))
def test_permission_matrix(username, action, which, expected, flooded):
    own, other = ("b", "a") if username.startswith("b_") else ("a", "b")
    commune = own if which == "own" else other
    petition = flooded[commune]
    response = client_for(username).post(reverse(URL), criteria(ip=SPAM_NETWORK[commune], expected="4", apply="1"))
    invalid = Signature.objects.exclude(invalid_reason="")
    if expected == "done":
        assert response.status_code == 302 and response["Location"] == reverse(URL)
        assert set(invalid.values_list("petition", flat=True)) == {petition.pk} and invalid.count() == 4
        assert Petition.objects.get(pk=petition.pk).signature_count == 2
        return
    if expected == "untouched":
        assert response.status_code == 200 and response.context["preview"]["count"] == 0
    elif expected == "refused":
        assert response.status_code == 400 and "target" in response.context["form"].errors
    elif expected == "denied":
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    elif expected == "login":
        assert response.status_code == 302 and response["Location"].startswith(reverse("wagtailadmin_login"))
    assert not invalid.exists() and not CleanupBatch.objects.exists()
    assert {p.signature_count for p in Petition.objects.filter(pk__in=[f.pk for f in flooded.values()])} == {5}
