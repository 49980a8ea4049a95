"""Adhesions under law 09-08: declared to the core, so `personal_data export|erase` covers
them; erasing keeps the counts (status, kind, association) and deletes the document."""
from participation.charter import services
from participation.charter.apps import CharterConfig
from participation.charter.models import Adhesion
from participation.core import personal_data
from tests.participation.charter.conftest import association_data, citizen_data


def test_declared_fields():
    assert CharterConfig.personal_data == {
        "Adhesion": ("name", "email", "phone", "neighbourhood", "document", "submitted_ip"),
    }


def test_export_and_erase(charter_a, django_capture_on_commit_callbacks):
    citizen = services.join(charter_a, "citizen", citizen_data(email="Erase.Me@example.ma", show_name=True), ip="10.0.0.9")
    association = services.join(charter_a, "association", association_data(email="erase.assoc@example.ma"))
    storage, name = association.document.storage, association.document.name
    assert storage.exists(name)

    exported = personal_data.export("erase.me@example.ma")
    record = next(r for r in exported["records"] if r["model"] == "participation_charter.adhesion")
    assert record["reference"] == citizen.reference and record["personal_data"]["submitted_ip"] == "10.0.0.9"

    with django_capture_on_commit_callbacks(execute=True):  # files are deleted once the erasure is committed
        personal_data.erase("erase.me@example.ma")
        personal_data.erase("erase.assoc@example.ma")
    erased = Adhesion.objects.get(pk=citizen.pk)
    assert erased.erased_at and erased.name == "—" and erased.neighbourhood == "" and "erase.me" not in erased.email
    assert erased.public_name == ""
    erased_association = Adhesion.objects.get(pk=association.pk)
    assert not erased_association.document and not storage.exists(name)
    assert erased_association.association_name == association.association_name  # an association is not a person
    # the address is free again
    assert services.join(charter_a, "citizen", citizen_data(email="erase.me@example.ma")).status == "unverified"
