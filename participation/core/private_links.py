"""Citizens' private links (a suggestion's follow-up, a petition's management page, a meeting
registration...): the only key to a record and its personal data outside the admin.

- **Unguessable**: 192 random bits (models.new_access_token).
- **Compared in constant time**: a record is found by the keyed hash of the token
  (`access_token_hash`, participation.core.encrypted.lookup_hash), then the token itself is
  compared with `hmac.compare_digest`. The database's index compares hashes a visitor cannot
  steer, so how long an answer takes says nothing about any stored token.
- **Expire**: JAMAA_PRIVATE_LINK_DAYS after the record last changed (a case still being handled
  keeps its link alive), and at once when the citizen's personal data were erased. An expired
  link answers 410 with a button sending a new one to the e-mail address on file.
- **Revocable**: `renew()` gives the record a new token — the citizen from the page itself ("I
  shared this link by mistake") or staff from the admin — and e-mails the new link; the old
  one opens nothing from then on: for a week it says that it was replaced (a double click, or
  the citizen coming back to it, must not meet a bare 404), then it is not found. Only the
  address on file ever receives a link.

Plugin views call `find()`; `participation.core.routes.PluginPageRoutes` answers the two
exceptions it raises, so every private page of every plugin behaves the same way.
"""
import hmac
import re
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from wagtail.log_actions import log

from participation.core.encrypted import lookup_hash
from participation.core.notifications import Notification, base_url, send_after_commit

#: the POSTed field of the "send me a new link" button (participation_core/private_link_form.html)
RENEW_FIELD = "renew_private_link"
#: what a token looks like (token_urlsafe(24)); anything else is refused before any query
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,64}")
LOG_ACTION = "participation.link_renewed"
#: how long a replaced link still says so (a mark in the cache under the old token's hash)
REPLACED_SECONDS = 7 * 24 * 3600
REPLACED_KEY = "jamaa:link-replaced:"


class LinkExpired(Exception):
    def __init__(self, record):
        super().__init__(record.reference)
        self.record = record


class LinkReplaced(Exception):
    """The link was renewed: the new one went to the citizen's e-mail address."""


class RenewalAsked(Exception):
    def __init__(self, record):
        super().__init__(record.reference)
        self.record = record


def find(queryset, token: str, request=None):
    """The record of `queryset` whose private link ends with `token`, else Http404.

    Raises RenewalAsked when `request` is the page's "send me a new link" POST, and
    LinkExpired when the link is past its lifetime."""
    if not isinstance(token, str) or not TOKEN_SHAPE.fullmatch(token):
        raise Http404
    hashed = lookup_hash(token)
    record = queryset.filter(access_token_hash=hashed).first()
    if record is None or not hmac.compare_digest(record.access_token.encode(), token.encode()):
        if record is None and cache.get(REPLACED_KEY + hashed):
            raise LinkReplaced
        raise Http404
    if request is not None and request.method == "POST" and request.POST.get(RENEW_FIELD):
        raise RenewalAsked(record)
    if has_expired(record):
        raise LinkExpired(record)
    return record


def lifetime() -> timedelta:
    return timedelta(days=settings.JAMAA_PRIVATE_LINK_DAYS)


def has_expired(record, now=None) -> bool:
    if getattr(record, "erased_at", None):
        return True
    return record.updated_at < (now or timezone.now()) - lifetime()


def can_renew(record) -> bool:
    """A new link can only be sent to an address on file (none once erased)."""
    return bool(getattr(record, "email", "")) and not getattr(record, "erased_at", None)


def renew(record, *, user=None) -> bool:
    """Give `record` a new private link and e-mail it to the citizen: the old link stops
    working at once. Logged on the record (who, when; never the token). False when there
    is no address to send it to (the link is then left as it was)."""
    from participation.core.models import new_access_token

    if not can_renew(record):
        return False
    replaced = REPLACED_KEY + lookup_hash(record.access_token)
    with transaction.atomic():
        transaction.on_commit(lambda: cache.set(replaced, 1, REPLACED_SECONDS))
        record.access_token = new_access_token()
        record.save(update_fields=["access_token", "access_token_hash", "updated_at"])
        log(instance=record, action=LOG_ACTION, user=user, data={"reference": record.reference})
        send_after_commit([f"{__name__}.NewLinkNotification"], record)
    return True


class NewLinkNotification(Notification):
    """The citizen's new private link, after they or the commune's staff renewed it."""

    template_prefix = "participation_core/email/new_link"

    def context(self):
        path = self.record.get_followup_url()
        return super().context() | {"private_url": base_url(self.record.site) + path if path else ""}
