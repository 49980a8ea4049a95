"""Hostile input on the petitions' public forms (starting a citizens' or an association's
petition, signing): never a 500, and nothing stored that fails validation
(tests/support/hostile.py)."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from participation.petitions import rules
from participation.petitions.forms import DOCUMENT_FIELDS, PetitionForm, SignForm
from participation.petitions.models import Petition, PetitionKind, Signature
from tests.participation.petitions.test_public import CAPTCHA, PDF, _association_data, _sign_data, _start_data
from tests.support import hostile

PETITION_LINES = ("title", "name", "agent_cin", "agent_address", "phone", "association_name", "association_seat")
PETITION_LONG = ("reasons", "objectives", "requested_item")


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.JAMAA_RATE_LIMITS = {"ip": (10**9, 60), "email": (10**9, 60)}


def _typed(data: dict) -> dict:
    """What a citizen types (the valid data of test_public.py): the captcha is added after spoiling."""
    return {k: v for k, v in data.items() if k not in CAPTCHA} | {"website": ""}


CITIZENS = _typed(_start_data())
ASSOCIATION = _typed(_association_data(**dict.fromkeys(DOCUMENT_FIELDS, None)))
SIGNATURE = _typed(_sign_data())


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
