"""Hostile input on the petitions' public forms (starting a citizens' or an association's
petition, signing): never a 500, and nothing stored that fails validation
(tests/support/hostile.py)."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from participation.petitions import rules
from participation.petitions.forms import DOCUMENT_FIELDS, PetitionForm, SignForm
from participation.petitions.models import Petition, PetitionKind, Signature
from tests.support import hostile

CAPTCHA = {"captcha_0": "any-key", "captcha_1": "PASSED"}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PETITION_LINES = ("title", "name", "agent_cin", "agent_address", "phone", "association_name", "association_seat")
PETITION_LONG = ("reasons", "objectives", "requested_item")


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.JAMAA_RATE_LIMITS = {"ip": (10**9, 60), "email": (10**9, 60)}


CITIZENS = {
    "kind": "citizens",
    "title": "تهيئة حديقة عمومية بحي النصر",
    "reasons": "يفتقر حي النصر إلى أي مساحة خضراء يلتقي فيها السكان ويلعب فيها الأطفال بأمان.",
    "objectives": "توفير فضاء أخضر مفتوح لساكنة الحي.",
    "requested_item": "إدراج نقطة تهيئة حديقة عمومية بحي النصر في جدول أعمال الدورة المقبلة.",
    "name": "سلمى الإدريسي",
    "agent_cin": "ab 654321",
    "agent_address": "زنقة 12، حي النصر، عين الزيتون",
    "email": "salma@example.ma",
    "phone": "0622334455",
    "show_name": "on",
    "consent": "on",
    "website": "",
}
ASSOCIATION = CITIZENS | {
    "kind": "association",
    "association_name": "جمعية النصر للتنمية",
    "association_declared_on": "2015-03-01",
    "association_seat": "زنقة 3، حي النصر، عين الزيتون",
    "association_seat_in_commune": "on",
}


def _petition_checks(kind) -> dict:
    form = PetitionForm(kind=kind)

    def check(row):
        hostile.assert_valid_row(row, form, skip=("kind",), line_fields=PETITION_LINES, long_fields=PETITION_LONG)
        assert rules.is_valid_cin(row.agent_cin)

    return {Petition: check}


def test_starting_a_citizens_petition_with_hostile_input(petitions_a):
    client, url, checks = hostile.hostile_client(), petitions_a.route_path("start"), _petition_checks(PetitionKind.CITIZENS)
    hostile.fuzz(hostile.spoiled(CITIZENS), lambda data: hostile.send(client, url, checks, data | CAPTCHA))


def test_starting_a_petition_with_invalid_utf8(petitions_a):
    hostile.fuzz_raw(hostile.hostile_client(), petitions_a.route_path("start"), CITIZENS | CAPTCHA,
                     _petition_checks(PetitionKind.CITIZENS))


def test_starting_an_associations_petition_with_hostile_input(petitions_a):
    client, url = hostile.hostile_client(), petitions_a.route_path("start") + "?kind=association"
    checks = _petition_checks(PetitionKind.ASSOCIATION)

    def check(data):
        documents = {name: SimpleUploadedFile(f"{name}.pdf", PDF, content_type="application/pdf") for name in DOCUMENT_FIELDS}
        hostile.send(client, url, checks, data | CAPTCHA, documents)

    hostile.fuzz(hostile.spoiled(ASSOCIATION), check)


SIGNATURE = {
    "name": "موقع الاختبار",
    "cin": "K123456",
    "basis": "resident",
    "address": "درب 5، عين الزيتون",
    "activity": "",
    "email": "signer@example.ma",
    "consent": "on",
    "website": "",
}


def _signature_checks() -> dict:
    form = SignForm()

    def check(row):
        hostile.assert_valid_row(row, form, line_fields=("name", "cin", "address", "activity"))
        assert not rules.signatory_errors(cin=row.cin, basis=row.basis, address=row.address, activity=row.activity)

    return {Signature: check}


def test_signing_with_hostile_input(petitions_a, make_petition):
    petition = make_petition(petitions_a, "open")
    client, url, checks = hostile.hostile_client(), petitions_a.route_path("sign", petition.pk), _signature_checks()
    hostile.fuzz(hostile.spoiled(SIGNATURE), lambda data: hostile.send(client, url, checks, data | CAPTCHA))


def test_signing_with_invalid_utf8(petitions_a, make_petition):
    petition = make_petition(petitions_a, "open")
    hostile.fuzz_raw(hostile.hostile_client(), petitions_a.route_path("sign", petition.pk), SIGNATURE | CAPTCHA,
                     _signature_checks())
