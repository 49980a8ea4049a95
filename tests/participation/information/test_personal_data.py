"""Personal data of requests for information (law 09-08, LEGAL.md §4): `manage.py personal_data
export|erase` and the retention purge cover requesters through the core (participation/core/
personal_data.py). Erasing keeps the register entry (subject, answer, files) without the
requester's identity; statuses, references and dates stay."""
import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from participation.core import personal_data, services
from participation.information import services as information
from participation.information.models import InformationRequest, InformationStatusEntry
from participation.information.workflow import RequestStatus, workflow

pytestmark = pytest.mark.django_db

EMAIL = "Nadia.Requester@Example.org"
IDENTITY = {"name": "نادية الطالبة", "email": EMAIL, "phone": "0600000077", "address": "زنقة 7، حي الطالبين",
            "id_number": "KZ778899"}


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def export(email) -> dict:
    return json.loads(run("personal_data", "export", email))


def requests_of(data) -> list[dict]:
    return [r for r in data["records"] if r["model"] == "participation_information.informationrequest"]


@pytest.fixture
def people(information_a, make_request):
    """An answered (published) request and a pending one by the requester; one by someone else."""
    answered = make_request(information_a, "answer", **IDENTITY)
    InformationRequest.objects.filter(pk=answered.pk).update(submitted_ip="198.51.100.77")
    pending = make_request(information_a, "take", **{**IDENTITY, "email": EMAIL.lower()}, subject="طلب ثان قيد المعالجة")
    other = make_request(information_a, "answer", subject="طلب شخص آخر")

    class People:
        pass

    People.answered, People.pending, People.other = answered, pending, other
    return People


def test_requesters_are_declared():
    declared = {h.label: set(h.fields) for h in personal_data.holdings()}
    assert declared["participation_information.informationrequest"] == {
        "name", "email", "phone", "address", "id_number", "submitted_ip"}


def test_export_of_a_requester(people):
    data = export(EMAIL.upper())
    records = requests_of(data)
    assert {r["reference"] for r in records} == {people.answered.reference, people.pending.reference}
    answered = next(r for r in records if r["reference"] == people.answered.reference)
    assert answered["status"] == "answered" and answered["status_label"]
    assert answered["personal_data"] == {
        "name": "نادية الطالبة", "email": EMAIL, "phone": "0600000077", "address": "زنقة 7، حي الطالبين",
        "id_number": "KZ778899", "submitted_ip": "198.51.100.77",
    }
    assert answered["dates"]["received_on"] == people.answered.received_on.isoformat()
    assert "leila@example.ma" not in json.dumps(data)  # nothing of the other requester


def test_erase_keeps_the_register_entry_without_identity(people, client_a, django_capture_on_commit_callbacks):
    keep = ("status", "reference", "subject", "information_requested", "public_answer", "is_public", "received_on",
            "answered_on", "deadline")
    before = InformationRequest.objects.filter(pk=people.answered.pk).values(*keep).get()
    with django_capture_on_commit_callbacks(execute=True):
        output = run("personal_data", "erase", EMAIL, "--no-input")
    assert "Anonymised 2 record(s)" in output
    request = InformationRequest.objects.get(pk=people.answered.pk)
    assert InformationRequest.objects.filter(pk=request.pk).values(*keep).get() == before
    assert request.name == "—" and request.email == f"erased-{request.pk}@erased.invalid" and request.phone == ""
    assert request.address == "—" and request.id_number != "KZ778899" and request.submitted_ip is None
    assert request.erased_at is not None
    assert InformationRequest.objects.get(pk=people.pending.pk).erased_at is not None
    assert InformationRequest.objects.get(pk=people.other.pk).email == "leila@example.ma"  # others untouched
    assert export(EMAIL)["count"] == 0
    assert "Nothing is held" in run("personal_data", "erase", EMAIL, "--no-input")
    # still in the public register, still without anyone's identity
    body = client_a.get(f"/api/v1/information/{request.reference}").json()
    assert body["reference"] == request.reference and body["public_answer"] == before["public_answer"]


def test_an_erased_requester_gets_no_more_mail(people, superuser, django_capture_on_commit_callbacks, mailoutbox):
    """The officer can still handle a request whose requester erased their data (the
    placeholder address is a valid one), and nothing is sent to it."""
    personal_data.erase(EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        services.perform(InformationRequest.objects.get(pk=people.pending.pk), "answer", superuser, public_answer="جواب.")
        information.send_message(InformationRequest.objects.get(pk=people.pending.pk), "رسالة.", user=superuser)
    assert not [m for m in mailoutbox if any(address.endswith("@erased.invalid") or address == EMAIL.lower() for address in m.to)]


# --- retention ------------------------------------------------------------------------


def test_final_statuses_of_the_information_workflow():
    """Answered one way or another is closed (a complaint lasts 20 working days, far less than the
    retention period); a request still being handled is not."""
    assert workflow.final_statuses() == {"answered", "partially_answered", "refused", "transferred", "complaint_answered"}


def _age(request, days):
    InformationStatusEntry.objects.filter(submission=request).update(at=timezone.now() - timedelta(days=days))


@pytest.fixture
def aged(information_a, make_request, superuser, settings):
    settings.JAMAA_RETENTION_DAYS = 730
    answered = make_request(information_a, "answer", email="old.answered@example.org")
    refused = make_request(information_a, "refuse", email="old.refused@example.org")
    transferred = make_request(information_a, "transfer", email="old.transferred@example.org")
    closed = make_request(information_a, "answer", email="old.complaint@example.org")
    closed = information.complain(closed, "شكاية قديمة.")
    closed = services.perform(closed, "answer_complaint", superuser, complaint_answer="جواب الرئيس.")
    recent = make_request(information_a, "answer", email="recent.answered@example.org")
    old_open = make_request(information_a, "take", email="old.open@example.org")
    old_complaint = information.complain(make_request(information_a, "answer", email="old.pending.complaint@example.org"),
                                         "شكاية لم يجب عنها.")
    for request in (answered, refused, transferred, closed, old_open, old_complaint):
        _age(request, 800)
    _age(recent, 100)

    class Aged:
        pass

    Aged.answered, Aged.refused, Aged.transferred, Aged.closed = answered, refused, transferred, closed
    Aged.recent, Aged.old_open, Aged.old_complaint = recent, old_open, old_complaint
    return Aged


def test_purge_anonymises_closed_requests(aged):
    rows = InformationRequest.objects.values_list("pk", "status", "reference", "is_public", "subject").order_by("pk")
    before = list(rows)
    run("purge_personal_data")
    for request in (aged.answered, aged.refused, aged.transferred, aged.closed):
        row = InformationRequest.objects.get(pk=request.pk)
        assert row.name == "—" and row.email.endswith("@erased.invalid") and row.id_number != "BE654321"
        assert row.erased_at is not None
    assert InformationRequest.objects.get(pk=aged.recent.pk).email == "recent.answered@example.org"  # closed, but recently
    assert InformationRequest.objects.get(pk=aged.old_open.pk).email == "old.open@example.org"  # still being handled
    assert InformationRequest.objects.get(pk=aged.old_complaint.pk).email == "old.pending.complaint@example.org"
    assert list(rows) == before  # statuses, references, the register stay
    assert InformationRequest.objects.get(pk=aged.answered.pk).status == RequestStatus.ANSWERED
    assert "Anonymised 0 record(s)" in run("purge_personal_data")  # idempotent
