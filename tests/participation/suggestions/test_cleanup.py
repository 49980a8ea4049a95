"""Bulk cleanup of spam suggestions (participation.core.cleanup, declared by
participation.suggestions.cleanup): open suggestions matching the criteria in the staff
member's communes are marked as spam through the workflow (services.perform "mark_spam": status
history hidden from the sender, log entry) and **no e-mail** goes to their (mostly forged)
senders; answered or closed ones are left; one log entry for the batch; and the permission matrix (participation officer: the suggestions' cleanup
permission; bureau: petitions' only; editor and information officer: none).
Outcomes as in tests/participation/petitions/test_cleanup.py."""
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from participation.core.models import CleanupBatch, SubmissionLogEntry
from participation.suggestions import services
from participation.suggestions.models import Suggestion, SuggestionBoxPage, SuggestionStatusEntry
from tests.participation.matrix import client_for, matrix_cases
from tests.site.helpers import page_of_type

URL = "participation_cleanup:index"
TARGET = "suggestions.suggestions"
SPAM_NETWORK = {"a": "203.0.113.", "b": "198.51.100."}


def submitted(site, n, *, network, domain, language="ar"):
    from participation.suggestions.forms import localized_categories

    box = page_of_type(site, SuggestionBoxPage)
    return [
        services.submit_suggestion(box, {
            "kind": "report", "category": localized_categories(site).first(), "title": f"رسالة رقم {i} للاختبار",
            "text": "نص رسالة مزعجة أرسلت آليا في دفعة واحدة.", "name": "مرسل", "email": f"x{i}.{network}z@{domain}",
        }, ip=f"{network}{i + 10}", language=language)
        for i in range(n)
    ]


@pytest.fixture
def flooded(demo):
    """In each commune 3 spam suggestions (one in French) and 1 genuine one; commune A also has an
    answered suggestion from the spam network, which is no longer open: left alone."""
    records = {}
    for commune, site in (("a", demo.site_a), ("b", demo.site_b)):
        spam = submitted(site, 2, network=SPAM_NETWORK[commune], domain="spam.example")
        spam += submitted(site, 1, network=SPAM_NETWORK[commune] + "2", domain="spam.example", language="fr")
        records[commune] = {"spam": spam, "genuine": submitted(site, 1, network="192.0.2.", domain="example.ma")}
    return records


def criteria(**changes) -> dict:
    return {"target": TARGET, "ip": "", "email_domain": "", "since": "", "until": "", **changes}


def test_open_spam_is_marked_through_the_workflow_without_mailing_anyone(flooded, django_capture_on_commit_callbacks):
    spam, genuine = flooded["a"]["spam"], flooded["a"]["genuine"]
    client = client_for("a_participation")
    preview = client.post(reverse(URL), criteria(ip=SPAM_NETWORK["a"], preview="1"))
    assert preview.status_code == 200 and preview.context["preview"]["count"] == 3
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(URL), criteria(ip=SPAM_NETWORK["a"], expected="3", apply="1"))
    assert response.status_code == 302
    assert mail.outbox == []  # not one sender told
    rejected = Suggestion.objects.filter(pk__in=[s.pk for s in spam])
    assert set(rejected.values_list("status", flat=True)) == {"spam"}
    assert not rejected.filter(is_public=True).exists() and {s.rejection_reason for s in rejected} == {""}
    entries = SuggestionStatusEntry.objects.filter(submission__in=rejected, action="mark_spam")
    assert entries.count() == 3 and not entries.filter(is_public=True).exists()
    assert SubmissionLogEntry.objects.filter(
        action="participation.transition", content_type=ContentType.objects.get_for_model(Suggestion),
        object_id__in=[str(s.pk) for s in spam],
    ).count() == 3
    assert Suggestion.objects.get(pk=genuine[0].pk).status == "received"
    assert set(Suggestion.objects.filter(pk__in=[s.pk for s in flooded["b"]["spam"]]).values_list("status", flat=True)) == {"received"}
    batch = CleanupBatch.objects.get()
    assert (batch.matched, batch.invalidated) == (3, 3)
    assert ModelLogEntry.objects.filter(action="participation.cleanup", object_id=str(batch.pk)).count() == 1


def test_a_suggestion_no_longer_open_is_left_alone(flooded, demo):
    from django.contrib.auth import get_user_model

    from participation.core.services import perform

    answered = flooded["a"]["spam"][0]
    perform(answered, "answer", get_user_model().objects.get(username="admin"), public_answer="جواب")
    response = client_for("a_participation").post(reverse(URL), criteria(email_domain="spam.example", preview="1"))
    assert response.context["preview"]["count"] == 2


MATRIX = """
action  editor         participation    information    bureau           admin       anonymous
apply   denied/denied  done/untouched   denied/denied  refused/refused  done/done   login/login
"""


@pytest.mark.parametrize(("username", "action", "which", "expected"), list(matrix_cases(MATRIX)))
def test_permission_matrix(username, action, which, expected, flooded):
    own, other = ("b", "a") if username.startswith("b_") else ("a", "b")
    commune = own if which == "own" else other
    response = client_for(username).post(reverse(URL), criteria(ip=SPAM_NETWORK[commune], expected="3", apply="1"))
    ours = [s.pk for records in flooded.values() for kind in records.values() for s in kind]
    rejected = Suggestion.objects.filter(pk__in=ours, status="spam")
    if expected == "done":
        assert response.status_code == 302
        assert set(rejected.values_list("pk", flat=True)) == {s.pk for s in flooded[commune]["spam"]}
        return
    if expected == "untouched":
        assert response.status_code == 200 and response.context["preview"]["count"] == 0
    elif expected == "refused":
        assert response.status_code == 400 and "target" in response.context["form"].errors
    elif expected == "denied":
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    elif expected == "login":
        assert response.status_code == 302 and response["Location"].startswith(reverse("wagtailadmin_login"))
    assert not rejected.exists() and not CleanupBatch.objects.exists()


def test_spam_leaves_the_public_figures(flooded, demo, django_capture_on_commit_callbacks):
    from django.test import Client

    box = page_of_type(demo.site_a, SuggestionBoxPage)
    visitor = Client(HTTP_HOST=demo.site_a.hostname)
    before = visitor.get(box.url).context["total_count"]
    with django_capture_on_commit_callbacks(execute=True):
        client_for("a_participation").post(reverse(URL), criteria(ip=SPAM_NETWORK["a"], expected="3", apply="1"))
    response = visitor.get(box.url + "?after-cleanup")
    assert response.context["total_count"] == before - 3
    assert "spam" not in {str(label).lower() for label, _n in response.context["status_counts"]}
