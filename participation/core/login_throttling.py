"""Sign-in throttling with django-axes: after settings.AXES_FAILURE_LIMIT failed passwords
for one account from one client address, that pair is refused for AXES_COOLOFF_TIME, even
with the right password. Attempts are counted in the database, which every web instance
shares. The client address is the one antiabuse.valid_client_ip() reads behind the proxy
(AXES_CLIENT_IP_CALLABLE), the same rule as the public forms' rate limits.

A staff member locked out by mistake is unlocked with
``manage.py axes_reset_username <username>``.
"""
import math

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render
from django.urls import reverse

LOCKOUT_TEMPLATE = "participation_core/login_locked.html"


class LoginThrottlingBackend(AxesStandaloneBackend):
    """django-axes' check on every sign-in through a web form. A call without a request
    (the test client's login(), the shell) has no client to throttle: it is let through
    to the next backend instead of raising axes' configuration error."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """The page of a refused sign-in (AXES_LOCKOUT_CALLABLE): what happened, for how long."""
    cool_off = get_cool_off(request)
    context = {
        "minutes": math.ceil(cool_off.total_seconds() / 60) if cool_off else None,
        "login_url": reverse("wagtailadmin_login"),
    }
    return render(request, LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE)
