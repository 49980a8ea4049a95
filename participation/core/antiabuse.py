"""Guards on every public form: captcha, honeypot and rate limits.

Rate limits count in the cache (Redis in production, so shared by every web
instance): per client IP and per e-mail address, per plugin, over a window.
Limits are settings (JAMAA_RATE_LIMITS) with safe defaults: {"ip": (n, seconds),
"email": (n, seconds)} for every form, and {"<scope>": {"ip": …}} for one form (a
form may also bring its own defaults, e.g. signing a petition from a shared
connection).
"""
import hashlib

from captcha.fields import CaptchaField
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.utils.translation import gettext_lazy as _

from participation.core.idempotency import SubmissionTokenField

DEFAULT_LIMITS = {"ip": (20, 3600), "email": (5, 3600)}  # (requests, seconds)


def _must_be_empty(value):
    if value:
        raise forms.ValidationError(_("Your submission could not be accepted. Please try again."))


class GuardedFormMixin(forms.Form):
    """Adds a honeypot that people never see, a captcha and the idempotency token
    (participation.core.idempotency) to a public form."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        validators=[_must_be_empty],
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    captcha = CaptchaField(
        label=_("Type the characters shown in the image"),
        # the package's own message has no Arabic translation
        error_messages={"invalid": _("The characters you typed do not match the image. Please try again.")},
    )

    submission_token = SubmissionTokenField()

    guard_fields = ("website", "captcha", "submission_token")


def client_ip(request) -> str:
    """The client's address; behind a proxy, the last hop it appended (settings.JAMAA_TRUSTED_PROXIES)."""
    remote = request.META.get("REMOTE_ADDR", "")
    if remote in getattr(settings, "JAMAA_TRUSTED_PROXIES", ()):
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if forwarded:
            return forwarded[-1]
    return remote


def valid_client_ip(request) -> str | None:
    """The client's address if it is one (a forged header must not block a submission)."""
    address = client_ip(request)
    try:
        validate_ipv46_address(address)
    except ValidationError:
        return None
    return address


def _key(scope: str, kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"jamaa:rl:{scope}:{kind}:{digest}"


def limits_for(scope: str, defaults: dict | None = None) -> dict:
    """The limits of one form: the global ones, the form's own defaults, then the
    settings (global first, then the scope's entry)."""
    configured = getattr(settings, "JAMAA_RATE_LIMITS", {})
    globals_ = {k: v for k, v in configured.items() if k in DEFAULT_LIMITS}
    return {**DEFAULT_LIMITS, **(defaults or {}), **globals_, **configured.get(scope, {})}


def hit(scope: str, *, ip: str = "", email: str = "", limits: dict | None = None) -> bool:
    """Count one attempt; True when it is over a limit (the attempt must be refused).
    `limits` are the form's own defaults (see limits_for)."""
    limits = limits_for(scope, limits)
    over = False
    for kind, value in (("ip", ip), ("email", email)):
        if not value:
            continue
        limit, window = limits[kind]
        key = _key(scope, kind, value)
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            count = 1
        over = over or count > limit
    return over
