"""Hostile input on a meeting's registration form: never a 500, and nothing stored that
fails validation (tests/support/hostile.py)."""
import pytest

from participation.meetings.forms import RegistrationForm
from participation.meetings.models import Registration
from tests.participation.meetings.conftest import CAPTCHA, form_data
from tests.support import hostile


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.JAMAA_RATE_LIMITS = {"ip": (10**9, 60), "email": (10**9, 60)}


def _checks() -> dict:
    form = RegistrationForm()
    return {Registration: lambda row: hostile.assert_valid_row(
        row, form, line_fields=("name", "phone", "association"))}


def _valid() -> dict:
    return {k: v for k, v in form_data(association="جمعية الأمل").items() if k not in CAPTCHA}


def test_registering_with_hostile_input(meeting):
    client, url, checks = hostile.hostile_client(), meeting.route_path("register"), _checks()
    hostile.fuzz(hostile.spoiled(_valid()), lambda data: hostile.send(client, url, checks, data | CAPTCHA))


def test_registering_with_invalid_utf8(meeting):
    hostile.fuzz_raw(hostile.hostile_client(), meeting.route_path("register"), _valid() | CAPTCHA, _checks())
