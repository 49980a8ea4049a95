"""Two-step verification of staff (participation.core.two_factor, django-otp TOTP), with real
codes computed from the device's key: enrolment from the account, the code asked after the
password before any page, the setting that requires it, a staff member turning it off, and
a superuser's recovery of a lost device (logged). Backup codes (django-otp's otp_static):
shown once at enrolment, each one signs in once instead of the app's code, replaced from the
staff member's page, never logged."""
import binascii
import logging
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.translation import gettext, ngettext, override
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from base.demo.staff import DEMO_PASSWORD
from participation.core import two_factor

HOME = reverse("wagtailadmin_home")
SETTINGS = reverse(two_factor.SETTINGS_URL_NAME)
VERIFY = reverse(two_factor.VERIFY_URL_NAME)
STAFF = reverse(two_factor.STAFF_URL_NAME)
USERNAME = "a_editor"
SHOWN_CODE = re.compile(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>")


def code(key_hex: str, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or `steps_ahead` periods of 30 s later)."""
    return f"{totp(binascii.unhexlify(key_hex), drift=steps_ahead):06d}"


def shown_codes(response) -> list[str]:
    return SHOWN_CODE.findall(response.content.decode())


def user(username=USERNAME):
    return get_user_model().objects.get(username=username)


def signed_in(username=USERNAME) -> Client:
    """A session after the password (force_login: no code given yet)."""
    client = Client()
    client.force_login(user(username))
    return client


@pytest.fixture
def device(demo):
    return TOTPDevice.objects.create(user=user(), name="authenticator", confirmed=True)


@pytest.fixture
def superuser(demo):
    return get_user_model().objects.create_superuser("root-2fa", "root-2fa@example.ma", "x")


def test_a_staff_member_enrols_by_confirming_one_code(demo):
    client = signed_in()
    page = client.get(SETTINGS)
    assert page.status_code == 200
    key = client.session[two_factor.SECRET_SESSION_KEY]
    html = page.content.decode()
    assert two_factor.base32_of(key) in html and "otpauth://totp/" in html and "data:image/svg+xml;base64," in html

    assert client.post(SETTINGS, {"token": "000000" if code(key) != "000000" else "111111"}).status_code == 400
    assert not TOTPDevice.objects.filter(user=user()).exists()

    response = client.post(SETTINGS, {"token": code(key), "next": HOME})
    assert response.status_code == 200  # the backup codes, shown once, then on to the page asked for
    shown = shown_codes(response)
    assert len(shown) == two_factor.BACKUP_CODE_COUNT == 10 and f'href="{HOME}"' in response.content.decode()
    enrolled = TOTPDevice.objects.get(user=user())
    assert enrolled.confirmed and enrolled.key == key
    assert two_factor.SECRET_SESSION_KEY not in client.session
    assert client.get(HOME).status_code == 200  # this session gave a code: verified
    assert ModelLogEntry.objects.filter(action="jamaa.two_factor.enabled", object_id=str(user().pk)).exists()


def test_once_enrolled_the_password_alone_opens_no_page(device):
    client = Client()
    response = client.post(reverse("wagtailadmin_login"), {"username": USERNAME, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    for path in (HOME, reverse("wagtailadmin_explore_root"), SETTINGS, "/documents/1/x.pdf"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(VERIFY + "?next="), path
    assert client.get(VERIFY).status_code == 200


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)  # no waiting after the wrong codes below (see the next test)
def test_the_code_page_takes_a_valid_code_once_and_goes_on_to_the_page_asked_for(device):
    client = signed_in()
    pages = reverse("wagtailadmin_explore_root")
    assert client.post(VERIFY, {"token": "12345x", "next": pages}).status_code == 400
    assert client.post(VERIFY, {"token": code(device.key, 5), "next": pages}).status_code == 400  # not now
    response = client.post(VERIFY, {"token": code(device.key), "next": pages})
    assert response.status_code == 302 and response["Location"] == pages
    assert client.get(pages).status_code == 200

    replay = signed_in()
    assert replay.post(VERIFY, {"token": code(device.key)}).status_code == 400  # the same code again
    assert replay.get(HOME).status_code == 302


@override_settings(OTP_TOTP_THROTTLE_FACTOR=60)  # the wait (1 s by default) outlasts the test on a busy machine
def test_after_a_wrong_code_the_next_one_waits(device):
    client = signed_in()
    wrong = "000000" if code(device.key) != "000000" else "111111"
    assert client.post(VERIFY, {"token": wrong}).status_code == 400
    response = client.post(VERIFY, {"token": code(device.key)})
    assert response.status_code == 400 and client.get(HOME).status_code == 302


def test_the_code_page_does_not_send_elsewhere(device):
    client = signed_in()
    response = client.post(VERIFY, {"token": code(device.key), "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == HOME


def test_signing_out_stays_possible_before_the_code(device):
    client = signed_in()
    response = client.post(reverse("wagtailadmin_logout"))
    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_without_a_device_and_not_required_nothing_changes(demo):
    assert signed_in().get(HOME).status_code == 200


@override_settings(JAMAA_STAFF_2FA_REQUIRED=True)
def test_when_required_staff_without_a_device_must_enrol_first(demo):
    client = signed_in()
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(SETTINGS + "?next=")
    assert client.get(SETTINGS).status_code == 200
    key = client.session[two_factor.SECRET_SESSION_KEY]
    response = client.post(SETTINGS, {"token": code(key), "next": HOME})
    assert response.status_code == 200 and len(shown_codes(response)) == 10
    assert client.get(HOME).status_code == 200


@override_settings(JAMAA_STAFF_2FA_REQUIRED=True)
def test_when_required_it_cannot_be_turned_off(device):
    client = signed_in()
    client.post(VERIFY, {"token": code(device.key)})
    response = client.post(SETTINGS, {"token": code(device.key, 1)})
    assert response.status_code in (302, 403)
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_a_staff_member_turns_it_off_with_a_current_code(device):
    client = signed_in()
    client.post(VERIFY, {"token": code(device.key)})
    assert client.post(SETTINGS, {"token": "000001"}).status_code == 400
    response = client.post(SETTINGS, {"token": code(device.key, 1)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user()).exists()
    assert ModelLogEntry.objects.filter(action="jamaa.two_factor.disabled", object_id=str(user().pk)).exists()


def test_a_superuser_removes_a_lost_device_and_it_is_logged(device, superuser):
    client = Client()
    client.force_login(superuser)
    page = client.get(STAFF)
    assert page.status_code == 200 and USERNAME in page.content.decode()
    response = client.post(reverse("jamaa_two_factor_remove", args=[device.user_id]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user_id=device.user_id).exists()
    entry = ModelLogEntry.objects.get(action="jamaa.two_factor.removed", object_id=str(device.user_id))
    assert entry.user_id == superuser.pk
    assert signed_in().get(HOME).status_code == 200  # the staff member signs in with the password again


def test_only_superusers_remove_devices(device):
    other = signed_in("a_participation")
    assert other.get(STAFF).status_code in (302, 403)
    other.post(reverse("jamaa_two_factor_remove", args=[device.user_id]))
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert Client().post(reverse("jamaa_two_factor_remove", args=[device.user_id])).status_code == 302
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_the_account_page_links_to_two_step_verification(demo):
    assert SETTINGS in signed_in().get(reverse("wagtailadmin_account")).content.decode()


def test_wagtail_still_logs_about_the_signed_in_user(demo, rf):
    """request.user is wrapped once (two_factor.OTPMiddleware, not django-otp's own), so
    Wagtail's log(request.user, ...) — its account page does this — finds the user's model."""
    from django.contrib.auth.middleware import AuthenticationMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware
    from wagtail.log_actions import log

    client = signed_in()
    request = rf.get(HOME)
    request.COOKIES = {key: morsel.value for key, morsel in client.cookies.items()}
    for middleware in (SessionMiddleware, AuthenticationMiddleware, two_factor.OTPMiddleware):
        middleware(lambda request: None)(request)
    assert request.user.is_verified() is False
    assert log(request.user, "wagtail.edit") is not None
    assert ModelLogEntry.objects.filter(action="wagtail.edit", object_id=str(user().pk)).exists()


# --- backup codes ------------------------------------------------------------------------------


def enrolled_with_codes(client) -> list[str]:
    """Enrol `client`'s user through the page; returns the backup codes it showed."""
    client.get(SETTINGS)
    key = client.session[two_factor.SECRET_SESSION_KEY]
    return shown_codes(client.post(SETTINGS, {"token": code(key), "next": HOME}))


def test_enrolment_shows_ten_backup_codes_once_that_match_the_stored_ones(demo):
    client = signed_in()
    assert client.post(SETTINGS, {"token": "x"}).status_code == 400  # nothing stored before a valid code
    assert not StaticToken.objects.filter(device__user=user()).exists()
    codes = enrolled_with_codes(client)
    assert len(set(codes)) == 10
    stored = set(StaticToken.objects.filter(device__user=user()).values_list("token", flat=True))
    assert stored == {c.replace("-", "") for c in codes}
    response = client.get(SETTINGS)
    html = response.content.decode()
    assert shown_codes(response) == [] and not any(c in html for c in codes)  # never shown again
    with override("ar"):
        assert ngettext(
            "You have %(count)s unused backup code: it lets you sign in once without your phone.",
            "You have %(count)s unused backup codes: each one lets you sign in once without your phone.", 10,
        ) % {"count": 10} in html
    assert ModelLogEntry.objects.filter(action="jamaa.two_factor.backup_codes_created", object_id=str(user().pk)).exists()


def test_a_backup_code_signs_in_once_and_not_twice(demo):
    codes = enrolled_with_codes(signed_in())
    typed = "  " + codes[0].upper().replace("-", " - ") + " "  # as read aloud from paper
    client = signed_in()
    pages = reverse("wagtailadmin_explore_root")
    response = client.post(VERIFY, {"backup_code": typed, "next": pages})
    assert response.status_code == 302 and response["Location"] == pages
    page = client.get(pages)
    assert page.status_code == 200
    with override("ar"):
        assert ngettext(
            "You signed in with a backup code, which cannot be used again: %(count)d backup code is left.",
            "You signed in with a backup code, which cannot be used again: %(count)d backup codes are left.", 9,
        ) % {"count": 9} in page.content.decode()
    assert StaticToken.objects.filter(device__user=user()).count() == 9
    assert ModelLogEntry.objects.filter(action="jamaa.two_factor.backup_code_used", object_id=str(user().pk)).exists()

    again = signed_in()
    response = again.post(VERIFY, {"backup_code": codes[0]})
    assert response.status_code == 400 and again.get(HOME).status_code == 302
    with override("ar"):
        assert gettext("This backup code is not valid. Enter one of your unused backup codes.") in response.content.decode()


def test_a_backup_code_is_read_as_typed_back_from_paper():
    for typed in ("ABCD-EFGH", " abcd efgh ", "abcd\u2013efgh", "ab cd\u00a0ef gh"):
        assert two_factor.normalize_backup_code(typed) == "abcdefgh"
    assert two_factor.normalize_backup_code("0lab-\u0662\u0663\u0664\u0667") == "olab2347"  # Arabic-keyboard digits
    assert two_factor.format_backup_code("abcdefgh") == "abcd-efgh"


@override_settings(OTP_STATIC_THROTTLE_FACTOR=60)  # the wait is longer than the test, however slow the machine
def test_a_wrong_backup_code_is_refused_with_a_message_and_the_next_try_waits(demo):
    codes = enrolled_with_codes(signed_in())
    client = signed_in()
    response = client.post(VERIFY, {"backup_code": "abcd-efgh" if "abcd-efgh" not in codes else "efgh-abcd"})
    assert response.status_code == 400 and client.get(HOME).status_code == 302
    html = response.content.decode()
    with override("ar"):
        assert gettext("This backup code is not valid. Enter one of your unused backup codes.") in html
    assert "<details open>" in html  # the backup code's part stays open, with its message
    assert client.post(VERIFY, {"backup_code": "<script>"}).status_code == 400
    response = client.post(VERIFY, {"backup_code": codes[1]})  # right, but too soon after a wrong one
    assert response.status_code == 400 and client.get(HOME).status_code == 302
    assert StaticToken.objects.filter(device__user=user()).count() == 10


@override_settings(OTP_STATIC_THROTTLE_FACTOR=0)
def test_new_backup_codes_replace_the_old_ones(demo):
    old = enrolled_with_codes(signed_in())
    client = signed_in()
    assert client.post(VERIFY, {"backup_code": old[0]}).status_code == 302  # verified with a backup code
    response = client.post(SETTINGS, {"replace_backup_codes": "1"})
    assert response.status_code == 200
    new = shown_codes(response)
    assert len(new) == 10 and not set(new) & set(old)
    assert client.get(HOME).status_code == 200  # the session verified by a backup code stays verified
    assert StaticDevice.objects.filter(user=user()).count() == 1
    assert ModelLogEntry.objects.filter(action="jamaa.two_factor.backup_codes_created", object_id=str(user().pk)).count() == 2

    stale = signed_in()
    assert stale.post(VERIFY, {"backup_code": old[1]}).status_code == 400
    assert stale.post(VERIFY, {"backup_code": new[0]}).status_code == 302


def test_new_backup_codes_need_a_verified_session(device):
    StaticDevice.objects.create(user=user(), name=two_factor.BACKUP_DEVICE_NAME).token_set.create(token="abcdefgh")
    client = signed_in()  # password only: no code given yet
    response = client.post(SETTINGS, {"replace_backup_codes": "1"})
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert list(StaticToken.objects.filter(device__user=user()).values_list("token", flat=True)) == ["abcdefgh"]


@override_settings(OTP_STATIC_THROTTLE_FACTOR=0)
def test_backup_codes_never_reach_the_logs(demo, caplog):
    caplog.set_level(logging.DEBUG)
    client = signed_in()
    codes = enrolled_with_codes(client)
    codes += shown_codes(client.post(SETTINGS, {"replace_backup_codes": "1"}))
    signed_in().post(VERIFY, {"backup_code": codes[-1]})
    signed_in().post(VERIFY, {"backup_code": codes[0]})  # an old one, refused
    logged = caplog.text + " ".join(str(e.data) for e in ModelLogEntry.objects.filter(object_id=str(user().pk)))
    assert "backup" in caplog.text  # the events are logged...
    for shown in codes:
        assert shown not in logged and shown.replace("-", "") not in logged  # ...never the codes


def test_turning_it_off_or_a_superusers_removal_also_removes_the_backup_codes(demo, superuser):
    enrolled_with_codes(signed_in())
    client = Client()
    client.force_login(superuser)
    client.post(reverse("jamaa_two_factor_remove", args=[user().pk]))
    assert not StaticDevice.objects.filter(user=user()).exists()
    assert not StaticToken.objects.filter(device__user=user()).exists()
