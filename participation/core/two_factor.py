"""Two-step verification of staff accounts: a code from an authenticator app (TOTP,
django-otp) after the password.

A staff member enrols from their account (two_factor_views); from then on a password
alone no longer opens a session: `TwoFactorMiddleware` sends the session to the code page
until a code is accepted (django-otp's OTPMiddleware then marks it verified:
``user.is_verified()``). With ``settings.JAMAA_STAFF_2FA_REQUIRED`` staff without a device
are sent to enrol first. A superuser removes a lost device (logged); its owner enrols again.

Backup codes (django-otp's otp_static): enrolment gives ten single-use codes, shown once, that
replace the app's code at the verification step when the phone is lost or left at home; the
staff member can replace them all (the old ones stop working). Each code is deleted as it is
used. Codes are never logged: the logs only say that codes were created or one was used.

The rule covers every path of the site, not only the admin: a half-signed-in session must
not open private documents or pages either. Exempt: signing in and out, resetting a
password, the code and enrolment pages themselves, static and media files.
"""
import base64
import binascii
import logging
import re
import secrets
import time
import unicodedata
from functools import lru_cache
from io import BytesIO
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import LazyObject, empty
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

logger = logging.getLogger("jamaa.security")

VERIFY_URL_NAME = "jamaa_two_factor_verify"
SETTINGS_URL_NAME = "jamaa_two_factor"
STAFF_URL_NAME = "jamaa_two_factor_staff"
SECRET_SESSION_KEY = "jamaa_two_factor_secret"  # the secret being enrolled, until a code confirms it
KEY_BYTES = 20  # 160 bits, as RFC 4226 recommends
DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup codes"
BACKUP_CODE_COUNT = 10
BACKUP_CODE_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212_.]+")  # spaces, dashes (any kind), dots


def is_required() -> bool:
    return bool(getattr(settings, "JAMAA_STAFF_2FA_REQUIRED", False))


def is_staff(user) -> bool:
    """Staff: whoever may enter the Wagtail admin."""
    return user.is_active and user.has_perm("wagtailadmin.access_admin")


def device_of(user):
    """The user's confirmed authenticator, or None."""
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def backup_device_of(user):
    """The user's backup codes (one StaticDevice holding the unused ones), or None."""
    if not user.is_authenticated:
        return None
    return StaticDevice.objects.devices_for_user(user, confirmed=True).first()


def backup_codes_left(user) -> int:
    device = backup_device_of(user)
    return device.token_set.count() if device is not None else 0


def pending_step(request) -> str | None:
    """What the session must do before anything else: "verify" (enter a code), "enrol"
    (required and no device yet) or None."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None  # no session: nobody signed in (and the session stays unread, so pages stay cacheable)
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_verified():
        return None
    if device_of(user) is not None:
        return "verify"
    if is_required() and is_staff(user):
        return "enrol"
    return None


# --- secrets and codes -------------------------------------------------------------------


def new_secret() -> str:
    """A random key, hex-encoded as TOTPDevice stores it."""
    return secrets.token_hex(KEY_BYTES)


def base32_of(key_hex: str) -> str:
    """The key as people type it into an app: base32 in groups of four."""
    text = base64.b32encode(binascii.unhexlify(key_hex)).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def matching_step(key_hex: str, token: str) -> int | None:
    """The time step `token` is valid for under `key_hex` (one step of tolerance either
    side, like TOTPDevice), or None. Used at enrolment, before any device exists."""
    try:
        number = int(token)
    except (TypeError, ValueError):
        return None
    totp = TOTP(binascii.unhexlify(key_hex))
    totp.time = time.time()
    return totp.t() if totp.verify(number, tolerance=1) else None  # t() includes the matching offset


def format_backup_code(token: str) -> str:
    """A stored code as it is shown and printed: two groups of four (``abcd-efgh``)."""
    return "-".join(token[i:i + 4] for i in range(0, len(token), 4))


def normalize_backup_code(text: str) -> str:
    """A code as typed back: any case, with or without the spaces and dashes it was shown with,
    digits from an Arabic keyboard (٢ for 2), and 0 or 1 for the letters o and l they look like
    (the codes' alphabet, base32, has no 0, 1, 8 or 9)."""
    text = BACKUP_CODE_SEPARATORS.sub("", text or "").lower()
    text = "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)
    return text.replace("0", "o").replace("1", "l")


def config_url(user, key_hex: str) -> str:
    """The otpauth:// URI an authenticator app reads (as TOTPDevice.config_url builds it)."""
    return TOTPDevice(user=user, key=key_hex, name=DEVICE_NAME).config_url


def qr_code_data_uri(text: str) -> str:
    """A QR code of `text` as an SVG data: URI (an <img>, so no markup is inlined)."""
    from django_otp.qr import write_qrcode_image

    out = BytesIO()
    write_qrcode_image(text, out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


# --- changes (each one logged) ------------------------------------------------------------


def enrol(user, key_hex: str, step: int):
    """Store the confirmed device; the code that confirmed it cannot be used again."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=key_hex, confirmed=True, last_t=step)
    log(instance=user, action="jamaa.two_factor.enabled", user=user)
    logger.info("two-step verification enabled for user %s", user.pk)
    return device


def new_backup_codes(user) -> list[str]:
    """Replace the user's backup codes by BACKUP_CODE_COUNT new ones and return them, formatted,
    to be shown once. The device is kept (only its codes change), so a session verified with
    a backup code stays verified when its owner replaces them."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True},
        )
        StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.token_set.all().delete()
        tokens = set()
        while len(tokens) < BACKUP_CODE_COUNT:
            tokens.add(StaticToken.random_token())
        StaticToken.objects.bulk_create(StaticToken(device=device, token=token) for token in tokens)
    log(instance=user, action="jamaa.two_factor.backup_codes_created", user=user)
    logger.info("new backup codes created for user %s", user.pk)  # never the codes themselves
    return sorted(format_backup_code(token) for token in tokens)


def backup_code_used(user, device) -> int:
    """Record that a backup code opened a session (which one is not said); returns the codes left."""
    left = device.token_set.count()
    log(instance=user, action="jamaa.two_factor.backup_code_used", user=user)
    logger.warning("backup code used by user %s, %d left", user.pk, left)
    return left


def remove(user, *, by) -> int:
    """Remove the user's devices and backup codes (their owner turning it off, or a superuser's
    recovery): a new enrolment starts from nothing."""
    count, _ = TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    if count:
        action = "jamaa.two_factor.disabled" if by.pk == user.pk else "jamaa.two_factor.removed"
        log(instance=user, action=action, user=by)
        logger.warning("two-step verification removed for user %s by user %s", user.pk, by.pk)
    return count


# --- middleware ------------------------------------------------------------------------------


class OTPMiddleware(DjangoOTPMiddleware):
    """django-otp's middleware (request.user.is_verified()), wrapping the user in one lazy object
    instead of two: django-otp wraps Django's lazy request.user again, and Wagtail's log(), which
    unwraps one level to find the model, then silently logs nothing about request.user (Wagtail's
    own account edits, a device enrolled). Relies on django-otp's (pinned) private hook."""

    def _verify_user_sync(self, request, user):
        if isinstance(user, LazyObject):
            if user._wrapped is empty:
                user._setup()
            user = user._wrapped
        return super()._verify_user_sync(request, user)


@lru_cache
def _always_open() -> tuple[str, ...]:
    paths = [reverse(name) for name in (
        "wagtailadmin_login", "wagtailadmin_logout", "wagtailadmin_password_reset", "wagtailadmin_sprite",
        "wagtailadmin_javascript_catalog", VERIFY_URL_NAME,
    )]
    return tuple(p for p in [*paths, settings.STATIC_URL, settings.MEDIA_URL] if p)


class TwoFactorMiddleware:
    """After django-otp's OTPMiddleware: a session that owes a code (or an enrolment) is
    sent to that page, with the page it asked for as `next`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        step = pending_step(request)
        if step is not None and not self.is_open(request.path_info, step):
            target = reverse(VERIFY_URL_NAME if step == "verify" else SETTINGS_URL_NAME)
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def is_open(path: str, step: str) -> bool:
        if path.startswith(_always_open()):
            return True
        return step == "enrol" and path == reverse(SETTINGS_URL_NAME)
