"""Personal data of petitions (law 09-08, LEGAL.md §4): `manage.py personal_data export|erase`
and the retention purge cover agents and signatories through the core (participation/core/
personal_data.py), without breaking the one-signature-per-CIN-and-e-mail constraints and
without changing statuses or counts."""
import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from participation.core import personal_data, services
from participation.petitions import services as petitions
from participation.petitions.models import Petition, PetitionStatusEntry, Signature
from participation.petitions.workflow import workflow
from tests.participation.petitions.conftest import petition_data, signatory

pytestmark = pytest.mark.django_db

AGENT_EMAIL = "Agent.Person@Example.org"
SIGNER_EMAIL = "signer.person@example.org"


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def export(email) -> dict:
    return json.loads(run("personal_data", "export", email))


def by_model(data) -> dict:
    found = {}
    for record in data["records"]:
        found.setdefault(record["model"], []).append(record)
    return found


@pytest.fixture
def people(petitions_a, make_petition):
    """An open petition by the agent (mixed-case address) with a confirmed signature of the
    signatory; the agent also signed another petition; two other signatories."""
    petition = make_petition(
        petitions_a, "open", threshold=50, name="نادية الوكيلة", email=AGENT_EMAIL, phone="0600000042",
        agent_cin="KL445566", agent_address="زنقة 12، حي الوكيلة",
    )
    Petition.objects.filter(pk=petition.pk).update(submitted_ip="198.51.100.42")
    signed = petitions.sign(petition, signatory(name="هشام الموقع", cin="MN778899", address="درب الموقع 3", email=SIGNER_EMAIL))
    assert petitions.confirm_signature(signed) == "counted"
    others = [petitions.sign(petition, signatory()) for _ in range(2)]
    for other in others:
        petitions.confirm_signature(other)
    second = make_petition(petitions_a, "open", threshold=50, title="عريضة ثانية لتهيئة حديقة الحي", email="someone@example.ma")
    own_signature = petitions.sign(second, signatory(email=AGENT_EMAIL.upper(), cin="KL445566", basis="activity", activity="خياطة"))

    class People:
        pass

    People.petition, People.signed, People.others, People.second, People.own_signature = petition, signed, others, second, own_signature
    return People


def test_personal_fields_are_declared():
    declared = {h.label: set(h.fields) for h in personal_data.holdings()}
    assert {"name", "email", "phone", "agent_cin", "agent_address", "submitted_ip", "association_mandate", "scan"} <= declared[
        "participation_petitions.petition"]
    assert declared["participation_petitions.signature"] == {"name", "cin", "address", "activity", "email", "submitted_ip"}


def test_export_of_an_agent(people):
    data = export(AGENT_EMAIL.lower())
    records = by_model(data)
    (agent,) = records["participation_petitions.petition"]
    assert agent["reference"] == people.petition.reference and agent["status"] == "open"
    assert agent["personal_data"]["agent_cin"] == "KL445566"
    assert agent["personal_data"]["agent_address"] == "زنقة 12، حي الوكيلة"
    assert agent["personal_data"]["phone"] == "0600000042"
    assert agent["personal_data"]["submitted_ip"] == "198.51.100.42"
    (signature,) = records["participation_petitions.signature"]  # the agent signed the other petition
    assert signature["petition"] == people.second.reference
    assert signature["personal_data"] == {
        "name": people.own_signature.name, "cin": "KL445566", "address": people.own_signature.address,
        "activity": "خياطة", "email": AGENT_EMAIL.lower(), "submitted_ip": None,
    }
    assert data["count"] == 2


def test_export_of_a_signatory(people):
    data = export(SIGNER_EMAIL.upper())
    (signature,) = by_model(data)["participation_petitions.signature"]
    assert signature["petition"] == people.petition.reference
    assert signature["personal_data"]["cin"] == "MN778899"
    assert signature["dates"]["confirmed_at"]
    assert "KL445566" not in json.dumps(data)  # nothing of the agent's


def test_erase_an_agent_keeps_the_petition_and_its_count(people, django_capture_on_commit_callbacks):
    before = Petition.objects.filter(pk=people.petition.pk).values("status", "reference", "signature_count", "title").get()
    with django_capture_on_commit_callbacks(execute=True):
        output = run("personal_data", "erase", AGENT_EMAIL, "--no-input")
    assert "Anonymised 2 record(s)" in output
    petition = Petition.objects.get(pk=people.petition.pk)
    assert Petition.objects.filter(pk=petition.pk).values("status", "reference", "signature_count", "title").get() == before
    assert petition.name == "—" and petition.email == f"erased-{petition.pk}@erased.invalid" and petition.phone == ""
    assert petition.agent_cin != "KL445566" and "زنقة 12" not in petition.agent_address
    assert petition.submitted_ip is None and petition.erased_at is not None
    assert petition.public_agent == ""  # the name is no longer shown
    own = Signature.objects.get(pk=people.own_signature.pk)
    assert own.cin != "KL445566" and own.email == f"erased-{own.pk}@erased.invalid" and own.activity == ""
    assert export(AGENT_EMAIL)["count"] == 0
    assert "Nothing is held" in run("personal_data", "erase", AGENT_EMAIL, "--no-input")


def test_erase_a_signatory_keeps_the_count(people):
    assert personal_data.erase(SIGNER_EMAIL) == {"participation_petitions.signature": 1}
    signature = Signature.objects.get(pk=people.signed.pk)
    assert (signature.name, signature.address, signature.activity) == ("—", "—", "")
    assert signature.cin != "MN778899" and signature.email.endswith("@erased.invalid")
    assert signature.counts  # still a confirmed, valid signature
    assert Petition.objects.get(pk=people.petition.pk).signature_count == 3
    assert Signature.objects.get(pk=people.others[0].pk).cin == people.others[0].cin  # others untouched


def test_erasing_two_signatories_of_one_petition_respects_the_unique_constraints(people):
    first, second = people.others
    personal_data.erase(first.email)
    personal_data.erase(second.email)  # would clash if both got the same CIN placeholder
    personal_data.erase(SIGNER_EMAIL)
    rows = Signature.objects.filter(petition=people.petition)
    assert rows.count() == 3
    assert rows.values("cin").distinct().count() == 3 and rows.values("email").distinct().count() == 3
    assert all(cin.startswith("—") for cin in rows.values_list("cin", flat=True))
    # a new signature with a real CIN is still possible
    petitions.sign(Petition.objects.get(pk=people.petition.pk), signatory(cin=first.cin, email=first.email))


def test_erase_deletes_the_documents(petitions_a, superuser, django_capture_on_commit_callbacks):
    data = petition_data(kind="association", association_name="جمعية النور", association_declared_on=date(2012, 1, 1),
                         association_seat_in_commune=True, email="assoc@example.org")
    petition = petitions.start_petition(petitions_a, data)
    petition.association_mandate.save("mandate.pdf", ContentFile(b"%PDF-1.4 mandate"))
    name = petition.association_mandate.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        personal_data.erase("assoc@example.org")
    petition = Petition.objects.get(pk=petition.pk)
    assert not petition.association_mandate and not default_storage.exists(name)
    assert petition.public_agent == "جمعية النور"  # the association's name is public, not personal


# --- retention ------------------------------------------------------------------------


def test_final_statuses_of_the_petitions_workflow():
    assert workflow.final_statuses() == {"not_opened", "withdrawn", "inadmissible", "decided"}


def _age(petition, days):
    PetitionStatusEntry.objects.filter(submission=petition).update(at=timezone.now() - timedelta(days=days))


@pytest.fixture
def aged(petitions_a, make_petition, superuser, settings):
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.JAMAA_RETENTION_DAYS = 730
    withdrawn = make_petition(petitions_a, "open", threshold=50, email="withdrawn.agent@example.org")
    withdrawn_signature = petitions.sign(withdrawn, signatory(email="fan.withdrawn@example.org"))
    petitions.confirm_signature(withdrawn_signature)
    services.perform(withdrawn, "withdraw", services.CITIZEN)
    decided = make_petition(petitions_a, "scheduled", threshold=1, email="decided.agent@example.org")
    bureau = get_user_model().objects.get(username="a_bureau")
    services.perform(decided, "decide", bureau, decision="rejected",
                     deliberation=SimpleUploadedFile("d.pdf", b"%PDF-1.4", content_type="application/pdf"))
    recent = make_petition(petitions_a, "open", threshold=50, email="recent.agent@example.org")
    services.perform(recent, "withdraw", services.CITIZEN)
    old_open = make_petition(petitions_a, "filed", threshold=1, email="filed.agent@example.org")
    _age(withdrawn, 800)
    _age(decided, 731)
    _age(old_open, 900)

    class Aged:
        pass

    Aged.withdrawn, Aged.withdrawn_signature, Aged.decided, Aged.recent, Aged.old_open = (
        withdrawn, withdrawn_signature, decided, recent, old_open)
    yield Aged
    Petition.objects.get(pk=decided.pk).deliberation.delete(save=False)


def test_purge_anonymises_closed_petitions_and_their_signatures(aged):
    counts = Petition.objects.values_list("pk", "status", "signature_count", "reference").order_by("pk")
    before = list(counts)
    output = run("purge_personal_data")
    assert "participation_petitions" in output or "Anonymised" in output
    for petition in (aged.withdrawn, aged.decided):
        row = Petition.objects.get(pk=petition.pk)
        assert row.name == "—" and row.email.endswith("@erased.invalid") and row.erased_at is not None
    signature = Signature.objects.get(pk=aged.withdrawn_signature.pk)
    assert signature.email.endswith("@erased.invalid") and signature.cin.startswith("—")
    assert Petition.objects.get(pk=aged.recent.pk).email == "recent.agent@example.org"  # closed, but recently
    assert Petition.objects.get(pk=aged.old_open.pk).email == "filed.agent@example.org"  # old, but still being handled
    assert list(counts) == before  # statuses, counts and references stay
    assert "Anonymised 0 record(s)" in run("purge_personal_data")  # idempotent
