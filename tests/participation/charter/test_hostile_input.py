"""Hostile input on the charter's adhesion forms (an association with its document, a
citizen): never a 500, and nothing stored that fails validation (tests/support/hostile.py)."""
import pytest

from participation.charter.forms import AdhesionForm
from participation.charter.models import Adhesion, AdhesionKind
from tests.participation.charter.conftest import CAPTCHA, association_form, citizen_form, pdf_file
from tests.support import hostile

LINE_FIELDS = ("association_name", "registration_number", "seat", "name", "phone", "neighbourhood")


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.JAMAA_RATE_LIMITS = {"ip": (10**9, 60), "email": (10**9, 60)}


def _checks(kind) -> dict:
    form = AdhesionForm(kind=kind)
    return {Adhesion: lambda row: hostile.assert_valid_row(row, form, line_fields=LINE_FIELDS)}


def _without_captcha(data: dict) -> dict:
    return {k: v for k, v in data.items() if k not in CAPTCHA}


def test_an_association_joining_with_hostile_input(charter_a):
    client, url, checks = hostile.hostile_client(), charter_a.route_path("join", "association"), _checks(AdhesionKind.ASSOCIATION)
    hostile.fuzz(hostile.spoiled(_without_captcha(association_form(1))),
                 lambda data: hostile.send(client, url, checks, data | CAPTCHA, {"document": pdf_file()}))


def test_a_citizen_joining_with_hostile_input(charter_a):
    client, url, checks = hostile.hostile_client(), charter_a.route_path("join", "citizen"), _checks(AdhesionKind.CITIZEN)
    hostile.fuzz(hostile.spoiled(_without_captcha(citizen_form(1))),
                 lambda data: hostile.send(client, url, checks, data | CAPTCHA))


def test_joining_with_invalid_utf8(charter_a):
    hostile.fuzz_raw(hostile.hostile_client(), charter_a.route_path("join", "citizen"), citizen_form(1),
                     _checks(AdhesionKind.CITIZEN))
