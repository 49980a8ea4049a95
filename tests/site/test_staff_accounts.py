"""Staff accounts: strong passwords (12 characters at least, not common, not like the
account's name) and sessions that end after a period without activity, renewed by use
without a write on every request (participation.core.session_expiry)."""
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.users.forms import UserCreationForm

from participation.core.session_expiry import TOUCHED_KEY

HOME = reverse("wagtailadmin_home")


# --- passwords --------------------------------------------------------------------------------


def refused(password, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as e:
        return [error.code for error in e.error_list]
    return []


def test_a_password_needs_twelve_characters():
    assert "password_too_short" in refused("Kx9#mQ2!vL4")  # 11
    assert refused("Kx9#mQ2!vL4$") == []  # 12


def test_common_numeric_and_look_alike_passwords_are_refused(db):
    assert "password_too_common" in refused("password1234")
    assert "password_entirely_numeric" in refused("905718264013")
    user = get_user_model()(username="fatima.zahra", first_name="Fatima", email="fatima.zahra@commune.ma")
    assert "password_too_similar" in refused("fatima.zahra1", user)


def test_the_minimum_is_configured_in_the_settings():
    lengths = [v.get("OPTIONS", {}).get("min_length") for v in settings.AUTH_PASSWORD_VALIDATORS
               if v["NAME"].endswith("MinimumLengthValidator")]
    assert lengths == [12]


def test_the_admin_refuses_a_short_password_for_a_new_account(db):
    form = UserCreationForm(data={
        "username": "new.officer", "email": "new.officer@commune.ma", "first_name": "New", "last_name": "Officer",
        "password1": "Short-pw-1", "password2": "Short-pw-1",
    })
    assert not form.is_valid()
    assert "password2" in form.errors or "password1" in form.errors


# --- sessions ---------------------------------------------------------------------------------


@pytest.fixture
def staff_client(demo):
    client = Client()
    client.force_login(get_user_model().objects.get(username="a_editor"))
    return client


def session_row(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def set_session(client, **values):
    session = client.session
    for key, value in values.items():
        session[key] = value
    session.save()


def test_a_session_lasts_eight_hours_by_default():
    assert settings.SESSION_COOKIE_AGE == 8 * 3600 and not settings.SESSION_SAVE_EVERY_REQUEST


def test_using_the_admin_moves_the_expiry_forward(staff_client):
    set_session(staff_client, **{TOUCHED_KEY: int(time.time()) - settings.JAMAA_SESSION_REFRESH_SECONDS - 1})
    Session.objects.filter(session_key=staff_client.session.session_key).update(expire_date=timezone.now() + timedelta(hours=1))
    assert staff_client.get(HOME).status_code == 200
    remaining = session_row(staff_client).expire_date - timezone.now()
    assert timedelta(hours=7, minutes=59) < remaining <= timedelta(hours=8)


def test_the_session_is_not_written_on_every_request(staff_client):
    set_session(staff_client, **{TOUCHED_KEY: int(time.time())})
    with CaptureQueriesContext(connection) as queries:
        assert staff_client.get(HOME).status_code == 200
    writes = [q["sql"] for q in queries.captured_queries
              if "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))]
    assert writes == []


def test_after_the_period_without_activity_the_session_has_ended(staff_client):
    Session.objects.filter(session_key=staff_client.session.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = staff_client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(reverse("wagtailadmin_login"))


@override_settings(SESSION_COOKIE_AGE=3600)
def test_the_period_is_a_setting(staff_client):
    set_session(staff_client, **{TOUCHED_KEY: 0})
    staff_client.get(HOME)
    remaining = session_row(staff_client).expire_date - timezone.now()
    assert timedelta(minutes=59) < remaining <= timedelta(hours=1)
