"""Sign-in throttling with django-axes, two rules on failed passwords within AXES_COOLOFF_TIME:

- one account from one client address: after settings.AXES_FAILURE_LIMIT failures, that pair
  is refused for the cool-off, even with the right password (django-axes' own rule);
- one client address, whatever the usernames tried: after
  settings.JAMAA_LOGIN_ADDRESS_FAILURE_LIMIT failures, the address is refused for the cool-off
  (LoginThrottlingHandler), so that trying a few passwords on many accounts is throttled too.
  The limit is higher than the first, since colleagues may share one office address.

Attempts are counted in the database, which every web instance shares. The client address is
the one antiabuse.valid_client_ip() reads behind the proxy (AXES_CLIENT_IP_CALLABLE), the same
rule as the public forms' rate limits.

A staff member locked out by mistake is unlocked with
``manage.py axes_reset_username <username>``; an address with ``manage.py axes_reset_ip <address>``.
"""
import logging
import math

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render
from django.urls import reverse

logger = logging.getLogger("jamaa.security")

LOCKOUT_TEMPLATE = "participation_core/login_locked.html"
ADDRESS_LOCKED = "jamaa_address_locked"  # request attribute: the address rule refused this sign-in


class LoginThrottlingBackend(AxesStandaloneBackend):
    """django-axes' check on every sign-in through a web form. A call without a request
    (the test client's login(), the shell) has no client to throttle: it is let through
    to the next backend instead of raising axes' configuration error."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class LoginThrottlingHandler(AxesDatabaseHandler):
    """django-axes' database handler (AXES_HANDLER) plus the per-address rule.

    Not done with axes' settings alone: listing "ip_address" in AXES_LOCKOUT_PARAMETERS puts
    both rules under the one AXES_FAILURE_LIMIT, and with AXES_RESET_ON_SUCCESS a successful
    sign-in would then erase every failure from its address, letting anyone with one account
    reset the count of the others. Here the account+address records stay axes' own; the
    address rule only adds them up."""

    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or self.address_is_locked(request)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or request.axes_locked_out or self.is_whitelisted(request, credentials):
            return
        if self.address_is_locked(request):
            logger.warning("sign-in locked for address %s: too many failures across accounts", request.axes_ip_address)
            request.axes_locked_out = True  # AxesMiddleware answers with the lockout page
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes", request=request, username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,
            )

    @staticmethod
    def address_is_locked(request) -> bool:
        """True when the client address reached JAMAA_LOGIN_ADDRESS_FAILURE_LIMIT failures
        (all usernames together) within the cool-off; 0 turns the rule off."""
        limit = getattr(settings, "JAMAA_LOGIN_ADDRESS_FAILURE_LIMIT", 0)
        if not limit or not settings.AXES_LOCK_OUT_AT_FAILURE:
            return False
        attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
        cool_off = get_cool_off(request)
        if cool_off is not None:
            attempts = attempts.filter(attempt_time__gte=request.axes_attempt_time - cool_off)
        failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
        if failures >= limit:
            setattr(request, ADDRESS_LOCKED, True)
            return True
        return False


def lockout_response(request, original_response=None, credentials=None):
    """The page of a refused sign-in (AXES_LOCKOUT_CALLABLE): what happened, for how long."""
    cool_off = get_cool_off(request)
    context = {
        "minutes": math.ceil(cool_off.total_seconds() / 60) if cool_off else None,
        "address": getattr(request, ADDRESS_LOCKED, False),
        "login_url": reverse("wagtailadmin_login"),
    }
    return render(request, LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE)
