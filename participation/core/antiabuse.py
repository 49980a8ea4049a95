"""Guards on every public form: captcha, honeypot and rate limits.

Rate limits count in the cache (Redis in production, so shared by every web
instance): per client IP and per e-mail address, per plugin, over a window.
Limits are settings (JAMAA_RATE_LIMITS) with safe defaults.
"""
import hashlib

from captcha.fields import CaptchaField
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

DEFAULT_LIMITS = {"ip": (20, 3600), "email": (5, 3600)}  # (requests, seconds)


def _must_be_empty(value):
    if value:
        raise forms.ValidationError(_("Your submission could not be accepted. Please try again."))


class GuardedFormMixin(forms.Form):
    """Adds a honeypot that people never see and a captcha to a public form."""

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

    guard_fields = ("website", "captcha")


def client_ip(request) -> str:
    """The client's address; behind a proxy, the last hop it appended (settings.JAMAA_TRUSTED_PROXIES)."""
    remote = request.META.get("REMOTE_ADDR", "")
    if remote in getattr(settings, "JAMAA_TRUSTED_PROXIES", ()):
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if forwarded:
            return forwarded[-1]
    return remote


def _key(scope: str, kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"jamaa:rl:{scope}:{kind}:{digest}"


def hit(scope: str, *, ip: str = "", email: str = "") -> bool:
    """Count one attempt; True when it is over a limit (the attempt must be refused)."""
    limits = {**DEFAULT_LIMITS, **getattr(settings, "JAMAA_RATE_LIMITS", {})}
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
