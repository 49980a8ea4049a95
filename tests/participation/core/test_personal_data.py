"""manage.py personal_data export|erase <email> and manage.py purge_personal_data, across plugins."""
import json
import logging
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

from participation.core import personal_data
from participation.core.models import ContactMixin, Submission
from participation.suggestions.models import Suggestion, SuggestionStatusEntry, SuggestionSupport
from participation.suggestions.workflow import workflow
from tests.participation.core.test_api import empty_boxes, make_category, make_suggestion

pytestmark = pytest.mark.django_db

EMAIL = "Citizen.Person@Example.org"


def run(*args, **kwargs) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **kwargs)
    return out.getvalue()


def export(email=EMAIL) -> dict:
    return json.loads(run("personal_data", "export", email))


@pytest.fixture
def people(demo):
    """Two suggestions and one support by the citizen (in mixed case), one suggestion by someone else."""
    empty_boxes()
    category = make_category(demo.site_a)
    photo_name = default_storage.save("suggestions/tests/personal.jpg", ContentFile(b"not really a jpeg"))
    answered = make_suggestion(
        demo.site_a, category, name="Karima Person", email=EMAIL, phone="0600000001", submitted_ip="198.51.100.7",
        photo=photo_name, show_name=True,
    )  # fmt: skip
    received = make_suggestion(demo.site_a, category, public=False, status="received", name="Karima P.", email=EMAIL.lower())
    someone = make_suggestion(demo.site_a, category, name="Someone Else", email="someone@example.org", phone="0611111111")
    support = SuggestionSupport.objects.create(suggestion=someone, email=EMAIL.upper(), verified_at=timezone.now())
    someone.support_count = 1
    someone.save()

    class People:
        pass

    People.category, People.answered, People.received, People.someone, People.support = category, answered, received, someone, support
    People.photo_name = photo_name
    yield People
    default_storage.delete(photo_name)  # when a test did not erase it


# --- export ---------------------------------------------------------------------------


def test_export_lists_every_record_across_models(people):
    data = export("citizen.person@example.ORG")  # the address matches whatever its case
    assert data["count"] == 3
    by_model = {}
    for record in data["records"]:
        by_model.setdefault(record["model"], []).append(record)
    suggestions = {r["reference"]: r for r in by_model["participation_suggestions.suggestion"]}
    assert set(suggestions) == {people.answered.reference, people.received.reference}
    answered = suggestions[people.answered.reference]
    assert answered["pk"] == people.answered.pk
    assert answered["status"] == "answered" and answered["status_label"]
    assert answered["personal_data"] == {
        "name": "Karima Person",
        "email": EMAIL,
        "phone": "0600000001",
        "photo": people.photo_name,  # files by their name
        "submitted_ip": "198.51.100.7",
    }
    assert answered["dates"]["created_at"] == people.answered.created_at.isoformat()
    assert answered["dates"]["erased_at"] is None
    (support,) = by_model["participation_suggestions.suggestionsupport"]
    assert support["personal_data"] == {"email": EMAIL.upper()}
    assert support["suggestion"] == people.someone.reference  # the record it belongs to
    assert support["dates"]["verified_at"]
    assert "someone@example.org" not in json.dumps(data)


def test_export_of_an_unknown_address_is_empty(people):
    data = export("nobody@example.org")
    assert data["count"] == 0 and data["records"] == []


def test_suggestion_support_email_is_declared():
    declared = {h.label: set(h.fields) for h in personal_data.holdings()}
    assert "email" in declared["participation_suggestions.suggestionsupport"]
    assert {"name", "email", "phone", "photo", "submitted_ip"} <= declared["participation_suggestions.suggestion"]


def test_every_plugin_declares_its_contact_and_ip_fields():
    """A plugin model built on the core's mixins must declare the personal fields they bring."""
    declared = {h.model: set(h.fields) for h in personal_data.holdings()}
    for plugin in personal_data.plugins():
        for model in plugin.get_models():
            if issubclass(model, ContactMixin):
                assert {"name", "email", "phone"} <= declared.get(model, set()), model
            if issubclass(model, Submission):
                assert "submitted_ip" in declared.get(model, set()), model


def test_bad_address_is_refused(people):
    with pytest.raises(CommandError):
        run("personal_data", "export", "not-an-address")
    with pytest.raises(CommandError):
        run("personal_data", "erase", "", "--no-input")


# --- erase ----------------------------------------------------------------------------


def _stats():
    return sorted(Suggestion.objects.values_list("pk", "status", "is_public", "created_at", "updated_at", "support_count", "reference"))


def test_erase_anonymises_and_keeps_statistics(people, django_capture_on_commit_callbacks, caplog):
    before = _stats()
    supports_before = SuggestionSupport.objects.count()
    assert default_storage.exists(people.photo_name)
    with caplog.at_level(logging.INFO, logger="jamaa.personal_data"), django_capture_on_commit_callbacks(execute=True):
        output = run("personal_data", "erase", EMAIL.swapcase(), "--no-input")
    assert "Anonymised 3 record(s)" in output

    assert _stats() == before  # statuses, dates, counts, references unchanged
    assert SuggestionSupport.objects.count() == supports_before
    answered = Suggestion.objects.get(pk=people.answered.pk)
    assert answered.name == "—"
    assert answered.email == f"erased-{answered.pk}@erased.invalid"
    assert answered.phone == ""
    assert answered.submitted_ip is None
    assert not answered.photo
    assert not default_storage.exists(people.photo_name)  # the file is gone from the storage
    assert answered.erased_at is not None
    assert answered.public_name == ""  # consent to show the name no longer applies
    assert answered.title == people.answered.title and answered.public_answer == people.answered.public_answer
    received = Suggestion.objects.get(pk=people.received.pk)
    assert received.name == "—" and received.email == f"erased-{received.pk}@erased.invalid" and received.erased_at
    support = SuggestionSupport.objects.get(pk=people.support.pk)
    assert support.email == f"erased-{support.pk}@erased.invalid"
    assert support.verified_at == people.support.verified_at
    # someone else is untouched
    someone = Suggestion.objects.get(pk=people.someone.pk)
    assert (someone.name, someone.email, someone.phone, someone.erased_at) == ("Someone Else", "someone@example.org", "0611111111", None)
    assert someone.support_count == 1

    # nothing personal left anywhere for this address
    assert export()["count"] == 0
    for row in Suggestion.objects.filter(pk__in=[people.answered.pk, people.received.pk]).values():
        flat = json.dumps(row, default=str).lower()
        for value in ("citizen.person", "karima", "0600000001", "198.51.100.7", "personal.jpg"):
            assert value not in flat
    # the log names models and keys, never the address
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "participation_suggestions.suggestion" in logged
    assert "citizen" not in logged.lower() and "example.org" not in logged.lower()


def test_erase_is_idempotent(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run("personal_data", "erase", EMAIL, "--no-input")
    first = sorted(Suggestion.objects.values_list("pk", "name", "email", "phone", "erased_at"))
    output = run("personal_data", "erase", EMAIL, "--no-input")
    assert "Nothing is held" in output
    assert personal_data.erase(EMAIL) == {}
    assert sorted(Suggestion.objects.values_list("pk", "name", "email", "phone", "erased_at")) == first


def test_erase_asks_for_confirmation(people, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError):
        run("personal_data", "erase", EMAIL)
    assert Suggestion.objects.get(pk=people.answered.pk).email == EMAIL
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    assert "Anonymised 3" in run("personal_data", "erase", EMAIL)


def test_erase_of_a_support_only_address(people):
    """SuggestionSupport.email alone is found and erased."""
    other = SuggestionSupport.objects.create(suggestion=people.answered, email="supporter@example.org")
    assert export("SUPPORTER@example.org")["count"] == 1
    assert personal_data.erase("supporter@example.org") == {"participation_suggestions.suggestionsupport": 1}
    other.refresh_from_db()
    assert other.email == f"erased-{other.pk}@erased.invalid"


# --- retention ------------------------------------------------------------------------


def test_final_statuses_of_the_suggestions_workflow():
    assert workflow.final_statuses() == {"closed", "merged", "spam"}  # spam: its (often forged) addresses are purged like the rest


def _closed(suggestion, status, days_ago):
    """Put `suggestion` in `status`, its last status change `days_ago` days back."""
    Suggestion.objects.filter(pk=suggestion.pk).update(status=status)
    entry = SuggestionStatusEntry.objects.create(submission=suggestion, from_status="answered", to_status=status, action="close")
    SuggestionStatusEntry.objects.filter(pk=entry.pk).update(at=timezone.now() - timedelta(days=days_ago))


@pytest.fixture
def aged(people, demo):
    category = people.category
    old_closed = make_suggestion(demo.site_a, category, name="Old Closed", email="old@example.org", phone="0622")
    old_merged = make_suggestion(demo.site_a, category, name="Old Merged", email="merged@example.org")
    recent_closed = make_suggestion(demo.site_a, category, name="Recent Closed", email="recent@example.org")
    old_open = make_suggestion(demo.site_a, category, name="Old Answered", email="open@example.org")
    _closed(old_closed, "closed", 800)
    _closed(old_merged, "merged", 731)
    _closed(recent_closed, "closed", 10)
    SuggestionStatusEntry.objects.create(submission=old_open, from_status="received", to_status="answered", action="answer")
    SuggestionStatusEntry.objects.filter(submission=old_open).update(at=timezone.now() - timedelta(days=900))
    old_support = SuggestionSupport.objects.create(suggestion=old_closed, email="fan@example.org")
    recent_support = SuggestionSupport.objects.create(suggestion=recent_closed, email="fan@example.org")

    class Aged:
        pass

    Aged.old_closed, Aged.old_merged, Aged.recent_closed, Aged.old_open = old_closed, old_merged, recent_closed, old_open
    Aged.old_support, Aged.recent_support = old_support, recent_support
    return Aged


def _name(record):
    return type(record).objects.get(pk=record.pk).name


def test_purge_anonymises_records_closed_past_retention(aged, settings):
    settings.JAMAA_RETENTION_DAYS = 730
    before = _stats()
    output = run("purge_personal_data")
    assert "Anonymised 3 record(s)" in output
    assert _name(aged.old_closed) == "—" and _name(aged.old_merged) == "—"
    assert Suggestion.objects.get(pk=aged.old_closed.pk).erased_at is not None
    assert _name(aged.recent_closed) == "Recent Closed"  # closed, but recently
    assert _name(aged.old_open) == "Old Answered"  # old, but not in a final status
    assert SuggestionSupport.objects.get(pk=aged.old_support.pk).email.endswith("@erased.invalid")  # follows its suggestion
    assert SuggestionSupport.objects.get(pk=aged.recent_support.pk).email == "fan@example.org"
    assert _stats() == before
    # idempotent
    assert "Anonymised 0 record(s)" in run("purge_personal_data")


def test_purge_dry_run_changes_nothing(aged):
    output = run("purge_personal_data", "--dry-run")
    assert "Would anonymise 3 record(s)" in output
    assert _name(aged.old_closed) == "Old Closed"
    assert SuggestionSupport.objects.get(pk=aged.old_support.pk).email == "fan@example.org"


def test_purge_follows_the_retention_setting(aged, settings):
    settings.JAMAA_RETENTION_DAYS = 5
    run("purge_personal_data")
    assert _name(aged.recent_closed) == "—"
    assert SuggestionSupport.objects.get(pk=aged.recent_support.pk).email.endswith("@erased.invalid")
    assert _name(aged.old_open) == "Old Answered"


def test_purge_days_option(aged):
    assert "Anonymised 0 record(s)" in run("purge_personal_data", "--days", "1000")
    assert _name(aged.old_closed) == "Old Closed"
    with pytest.raises(CommandError):
        run("purge_personal_data", "--days", "-1")


def test_erasure_leaves_a_wagtail_log_entry_without_the_values(demo, box_a, suggestion_data):
    from participation.core.models import SubmissionLogEntry
    from participation.core.personal_data import erase
    from participation.suggestions.services import submit_suggestion

    record = submit_suggestion(box_a, suggestion_data | {"email": "erase.me@example.ma"})
    erase("erase.me@example.ma")
    entry = SubmissionLogEntry.objects.for_instance(record).get(action="participation.erase")
    assert "email" in entry.data["fields"] and "erase.me" not in str(entry.data)


def test_purge_forgets_the_addresses_of_old_spam_cleanups(demo, settings):
    """A bulk cleanup's criteria may name an IP address: personal data, kept for the retention period only."""
    from participation.core.models import CleanupBatch

    settings.JAMAA_RETENTION_DAYS = 730
    old = CleanupBatch.objects.create(username="a_participation", target="suggestions.suggestions", matched=3,
                                      invalidated=3, criteria={"ip": "203.0.113.", "email_domain": "spam.example"},
                                      at=timezone.now() - timedelta(days=731))
    recent = CleanupBatch.objects.create(username="a_participation", target="suggestions.suggestions",
                                         criteria={"ip": "198.51.100.7"}, at=timezone.now() - timedelta(days=700))
    run("purge_personal_data")
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.criteria == {"email_domain": "spam.example"} and (old.matched, old.invalidated) == (3, 3)
    assert recent.criteria == {"ip": "198.51.100.7"}
    run("purge_personal_data")  # idempotent
    old.refresh_from_db()
    assert old.criteria == {"email_domain": "spam.example"}
