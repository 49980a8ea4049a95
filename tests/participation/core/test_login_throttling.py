"""Sign-in throttling (django-axes, participation.core.login_throttling): after five wrong
passwords for one account from one address, even the right one is refused for the cool-off,
with a page saying so; another address, another account, a reset or the end of the
cool-off are not affected. After twenty wrong passwords from one address, whatever the
usernames, every account is refused from that address (and only from it). The address is
read behind the proxy as the public forms read it."""
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext, override

from base.demo.staff import DEMO_PASSWORD

LOGIN = reverse("wagtailadmin_login")
USERNAME = "a_editor"
OFFICE = "203.0.113.20"  # the test client's REMOTE_ADDR is a trusted proxy: X-Forwarded-For is the client
ELSEWHERE = "198.51.100.7"


def sign_in(client, password, ip=OFFICE, username=USERNAME):
    return client.post(LOGIN, {"username": username, "password": password}, HTTP_X_FORWARDED_FOR=ip)


def signed_in(client) -> bool:
    return SESSION_KEY in client.session


@pytest.fixture
def locked_out(demo):
    """Five wrong passwords for a_editor from the office; returns the fifth answer."""
    client = Client()
    for attempt in range(5):
        response = sign_in(client, f"wrong-password-{attempt}")
    return response


def test_five_wrong_passwords_then_even_the_right_one_is_refused_with_a_page_saying_why(locked_out):
    assert locked_out.status_code == 429
    client = Client()
    response = sign_in(client, DEMO_PASSWORD)
    assert response.status_code == 429 and not signed_in(client)
    html = response.content.decode()
    assert 'lang="ar"' in html and "30" in html and LOGIN in html
    with override("ar"):
        assert gettext("Signing in is blocked for now") in html
    french = Client(HTTP_ACCEPT_LANGUAGE="fr").post(
        LOGIN, {"username": USERNAME, "password": DEMO_PASSWORD}, HTTP_X_FORWARDED_FOR=OFFICE)
    assert french.status_code == 429 and "bloquée" in french.content.decode()


def test_the_address_counted_is_the_client_behind_the_proxy(locked_out):
    assert set(AccessAttempt.objects.values_list("username", "ip_address")) == {(USERNAME, OFFICE)}


def test_another_address_signs_in(locked_out):
    client = Client()
    response = sign_in(client, DEMO_PASSWORD, ip=ELSEWHERE)
    assert response.status_code == 302 and signed_in(client)


def test_another_account_from_the_same_address_signs_in(locked_out):
    client = Client()
    response = sign_in(client, DEMO_PASSWORD, username="a_participation")
    assert response.status_code == 302 and signed_in(client)


def test_a_reset_unlocks_the_account(locked_out):
    reset(username=USERNAME)
    client = Client()
    assert sign_in(client, DEMO_PASSWORD).status_code == 302 and signed_in(client)


def test_the_lock_ends_with_the_cool_off(locked_out):
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    client = Client()
    assert sign_in(client, DEMO_PASSWORD).status_code == 302 and signed_in(client)


def test_four_wrong_passwords_then_the_right_one_signs_in_and_starts_again(demo):
    client = Client()
    for attempt in range(4):
        assert sign_in(client, f"wrong-password-{attempt}").status_code == 200
    assert sign_in(client, DEMO_PASSWORD).status_code == 302 and signed_in(client)
    assert not AccessAttempt.objects.exists()  # AXES_RESET_ON_SUCCESS: the count starts again


@override_settings(AXES_FAILURE_LIMIT=2)
def test_the_limit_is_a_setting(demo):
    client = Client()
    sign_in(client, "wrong-1")
    assert sign_in(client, "wrong-2").status_code == 429


# --- many usernames from one address -----------------------------------------------------------

ADDRESS_LOCKED = (
    "Too many wrong passwords were entered from your connection, for several accounts. "
    "Signing in from it is blocked for %(minutes)s minute.",
    "Too many wrong passwords were entered from your connection, for several accounts. "
    "Signing in from it is blocked for %(minutes)s minutes.",
)


def guess_usernames(count, ip=OFFICE):
    """One wrong password for each of `count` different usernames (most of them no account);
    returns the last answer."""
    client = Client()
    for n in range(count):
        response = sign_in(client, "wrong-password", ip=ip, username=f"guess-{n}")
    return response


def test_the_address_limit_is_twenty_by_default():
    assert settings.JAMAA_LOGIN_ADDRESS_FAILURE_LIMIT == 20


def test_twenty_usernames_from_one_address_lock_it_with_a_page_saying_why(demo):
    assert guess_usernames(19).status_code == 200
    response = guess_usernames(1)
    assert response.status_code == 429
    client = Client()
    response = sign_in(client, DEMO_PASSWORD)  # an account never tried, with its right password
    assert response.status_code == 429 and not signed_in(client)
    html = response.content.decode()
    assert 'lang="ar"' in html and LOGIN in html
    with override("ar"):
        assert gettext("Signing in is blocked for now") in html
        assert ngettext(*ADDRESS_LOCKED, 30) % {"minutes": 30} in html
    french = Client(HTTP_ACCEPT_LANGUAGE="fr").post(
        LOGIN, {"username": USERNAME, "password": DEMO_PASSWORD}, HTTP_X_FORWARDED_FOR=OFFICE)
    assert french.status_code == 429 and 'lang="fr"' in french.content.decode()
    with override("fr"):
        assert ngettext(*ADDRESS_LOCKED, 30) % {"minutes": 30} in french.content.decode()


def test_another_address_is_not_locked_by_the_first_ones_guesses(demo):
    guess_usernames(20)
    client = Client()
    response = sign_in(client, DEMO_PASSWORD, ip=ELSEWHERE)
    assert response.status_code == 302 and signed_in(client)


def test_a_successful_sign_in_does_not_erase_the_addresss_other_failures(demo):
    guess_usernames(19)
    client = Client()
    assert sign_in(client, DEMO_PASSWORD, username="a_participation").status_code == 302 and signed_in(client)
    assert guess_usernames(1).status_code == 429  # the colleague's success did not reset the guesses


def test_the_address_lock_ends_with_the_cool_off_or_a_reset(demo):
    guess_usernames(20)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert sign_in(Client(), DEMO_PASSWORD).status_code == 302
    assert guess_usernames(20).status_code == 429
    reset(ip=OFFICE)
    assert sign_in(Client(), DEMO_PASSWORD).status_code == 302


def test_the_per_account_page_is_unchanged_below_the_address_limit(locked_out):
    with override("ar"):
        assert ngettext(*ADDRESS_LOCKED, 30) % {"minutes": 30} not in locked_out.content.decode()


@override_settings(JAMAA_LOGIN_ADDRESS_FAILURE_LIMIT=3)
def test_the_address_limit_is_a_setting(demo):
    assert guess_usernames(2).status_code == 200
    assert guess_usernames(1).status_code == 429


@override_settings(JAMAA_LOGIN_ADDRESS_FAILURE_LIMIT=0)
def test_an_address_limit_of_zero_turns_the_rule_off(demo):
    assert guess_usernames(25).status_code == 200
    client = Client()
    assert sign_in(client, DEMO_PASSWORD).status_code == 302 and signed_in(client)
