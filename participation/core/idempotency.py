"""Idempotent submissions: a POST retried after a lost answer stores nothing twice.

A web instance may die while it handles a form (a deployment, a crash, the host killing it):
the citizen's browser, or a proxy, then sends the same POST again, perhaps to another
instance. Each public form carries a hidden token (``submission_token``), random and made
when the form is rendered (site/base/page_cache.py gives each visitor their own in a cached
page). A view decorated with :func:`idempotent` runs in one transaction that first claims
the POST's **key** — a digest of the commune's host name, the form's path and everything the
form sent, the token included — in ``SubmissionReceipt`` (unique), and, when the view answers
a redirect (a stored submission), records that answer and its flash messages there,
committed with the record itself. So:

- a retry of the same POST finds the receipt and gets the same redirect and message,
  without running the view (no second record, no second e-mail, no rate-limit count);
- two copies racing each other: the second waits on the unique key until the first commits,
  then replays it (or runs, if the first stored nothing or died before its commit);
- a form answered with errors stores no receipt: the corrected form, same token, goes through;
- the key binds the token to the route and the content: another form, or a citizen who went
  back and changed what they wrote, is a different submission;
- a token older than ``JAMAA_SUBMISSION_TOKEN_SECONDS`` (24 h) protects nothing any more and
  receipts are purged after that time (``manage.py purge_submission_receipts``, daily).

A POST **without** a token, or with a malformed or expired one (a page cached before this
existed, a scripted client), is handled exactly as before: the token is an extra protection,
never a new reason to refuse a citizen.

Views use it with one line, under the route decorator::

    @path("new/", name="submit")
    @idempotent
    def submit(self, request): ...
"""
import functools
import hashlib
import re
import secrets
import time
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.utils import timezone

TOKEN_FIELD = "submission_token"
#: "<issue time, hexadecimal seconds>.<192 random bits>"
TOKEN_FORMAT = re.compile(r"[0-9a-f]{8,12}\.[A-Za-z0-9_-]{32}")
#: fields whose value may differ between two copies of the same POST
NOT_CONTENT = {"csrfmiddlewaretoken"}
#: web instances' clocks may differ a little
CLOCK_SKEW = 300


def lifetime() -> int:
    """Seconds a token protects its form (and its receipt is kept)."""
    return int(getattr(settings, "JAMAA_SUBMISSION_TOKEN_SECONDS", 24 * 3600))


def new_token() -> str:
    return f"{int(time.time()):x}.{secrets.token_urlsafe(24)}"


def usable(token: str, now: float | None = None) -> bool:
    """Well formed, and made less than lifetime() ago."""
    if not isinstance(token, str) or not TOKEN_FORMAT.fullmatch(token):
        return False
    age = (now or time.time()) - int(token.split(".", 1)[0], 16)
    return -CLOCK_SKEW <= age <= lifetime()


def token_of(request) -> str | None:
    """The POST's token (its field may carry a form prefix), if usable."""
    for name in request.POST:
        if name == TOKEN_FIELD or name.endswith("-" + TOKEN_FIELD):
            token = request.POST.get(name, "")
            return token if usable(token) else None
    return None


def submission_key(request) -> str | None:
    """The key of a POST carrying a usable token: the same for every copy of that POST."""
    if request.method != "POST" or token_of(request) is None:
        return None
    digest = hashlib.sha256()
    hostname = request.get_host().rsplit(":", 1)[0].lower()  # the commune; not the port of the instance reached
    for part in (hostname, request.path):
        digest.update(part.encode() + b"\0")
    for name in sorted(request.POST):
        if name not in NOT_CONTENT:
            for value in request.POST.getlist(name):
                digest.update(b"f\0" + name.encode() + b"\0" + value.encode() + b"\0")
    for name in sorted(request.FILES):
        for upload in request.FILES.getlist(name):
            digest.update(b"u\0" + name.encode() + b"\0" + (upload.name or "").encode() + b"\0")
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
    return digest.hexdigest()


class SubmissionTokenField(forms.CharField):
    """The hidden token of a form: a new one each time the form is rendered unbound; a form
    shown again after an error keeps the one it was sent (the corrected form is the same
    submission), or gets a new one if that one was missing, malformed or expired. Never a
    validation error: the citizen could not even see it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", new_token)
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(**kwargs)

    def bound_data(self, data, initial):
        return data if usable(data) else initial

    def clean(self, value):
        return value if usable(value) else ""


class SubmissionTokenFormMixin(forms.Form):
    """Gives a form its token; participation.core.antiabuse.GuardedFormMixin includes it."""

    submission_token = SubmissionTokenField()


class _Claimed(Exception):
    """Another copy of this POST holds the key (and has committed)."""


def idempotent(view):
    """Make a form's POST view idempotent (see the module's docstring). Place it under
    ``@path``: Wagtail routes the function that decorator receives."""

    @functools.wraps(view)
    def wrapper(owner, request, *args, **kwargs):
        key = submission_key(request)
        if key is None:
            return view(owner, request, *args, **kwargs)
        return once(request, key, lambda: view(owner, request, *args, **kwargs))

    return wrapper


def once(request, key: str, respond):
    """`respond()` the first time `key` is seen; afterwards, what it answered."""
    from participation.core.models import SubmissionReceipt

    receipt = recorded(key)
    if receipt is not None:
        return replay(request, receipt)
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    claim = SubmissionReceipt.objects.create(key=key)
            except IntegrityError:
                raise _Claimed from None
            queued_before = len(_queued(request))
            response = respond()
            if _stored(response):
                claim.status = response.status_code
                claim.location = response["Location"]
                claim.messages = [[m.level, str(m.message), m.extra_tags or ""] for m in _queued(request)[queued_before:]]
                claim.save(update_fields=["status", "location", "messages"])
            else:
                claim.delete()  # nothing stored: the corrected form may use the same token
            return response
    except _Claimed:
        receipt = recorded(key)
        return replay(request, receipt) if receipt is not None else respond()


def recorded(key: str):
    """The receipt committed under `key`, if any."""
    from participation.core.models import SubmissionReceipt

    return SubmissionReceipt.objects.filter(key=key).first()


def replay(request, receipt):
    """The answer of the first copy: its redirect, and its flash messages shown again."""
    for level, text, tags in receipt.messages:
        messages.add_message(request, level, text, extra_tags=tags, fail_silently=True)
    response = HttpResponseRedirect(receipt.location)
    response.status_code = receipt.status
    return response


def _stored(response) -> bool:
    """Views answer a stored submission with a redirect (to its receipt or follow-up page)."""
    return 300 <= response.status_code < 400 and response.has_header("Location")


def _queued(request) -> list:
    storage = getattr(request, "_messages", None)
    return list(getattr(storage, "_queued_messages", ()))


def purge_expired(now=None) -> int:
    """Delete the receipts whose token can no longer be sent; returns how many."""
    from participation.core.models import SubmissionReceipt

    cutoff = (now or timezone.now()) - timedelta(seconds=lifetime() + CLOCK_SKEW)
    deleted, _by_model = SubmissionReceipt.objects.filter(created_at__lt=cutoff).delete()
    return deleted
