"""E-mails sent about a record, in the citizen's language, after commit.

A notification is a small class naming its templates and recipients; the core
renders it inside a background task (django-tasks), so a slow mail server never
delays or breaks a citizen's request. Templates live at
``<template_prefix>_subject.txt`` and ``<template_prefix>.txt`` (plain text,
short lines, the reference and the private link first).
"""
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import translation
from django.utils.module_loading import import_string

from participation.core.commune import commune_settings

logger = logging.getLogger("jamaa.notifications")


class Notification:
    """Override ``template_prefix`` and ``recipients()``; ``context()`` to add data."""

    template_prefix = ""
    to_citizen = True

    def __init__(self, record):
        self.record = record

    def recipients(self) -> list[str]:
        email = getattr(self.record, "email", "")
        return [email] if email and not getattr(self.record, "erased_at", None) else []

    def language(self) -> str:
        return self.record.language if self.to_citizen else settings.LANGUAGE_CODE

    def context(self) -> dict:
        site = self.record.site
        return {"record": self.record, "site": site, "base_url": base_url(site), "commune_name": commune_name(site)}

    def build(self) -> EmailMessage | None:
        to = self.recipients()
        if not to:
            return None
        with translation.override(self.language()):
            context = self.context()
            subject = " ".join(render_plain_text(f"{self.template_prefix}_subject.txt", context).split())
            body = render_plain_text(f"{self.template_prefix}.txt", context)
        return EmailMessage(subject=subject, body=body, to=to)


@dataclass
class Digest:
    """What one staff member is told about in one e-mail (the "record" of a DigestNotification):
    one mail a day listing many records, instead of one mail per record."""

    email: str
    items: list = field(default_factory=list)
    language: str = ""
    sent: bool = False

    @classmethod
    def for_user(cls, user, items) -> "Digest":
        """A digest in the language the staff member chose for the admin (else the site's)."""
        profile = getattr(user, "wagtail_userprofile", None)
        return cls(user.email, list(items), getattr(profile, "preferred_language", "") or "")


class DigestNotification(Notification):
    """The e-mail of a Digest: to its one address, in its language."""

    to_citizen = False

    def recipients(self):
        return [self.record.email] if self.record.email else []

    def language(self):
        return self.record.language or settings.LANGUAGE_CODE


class StaffNotification(Notification):
    """To the commune's staff: in the site's language, with the link to the record in the admin."""

    to_citizen = False

    def context(self):
        return super().context() | {"admin_url": admin_url(self.record)}


class NewRecordForStaff(StaffNotification):
    """A new record: to the commune's address and the staff who chose one e-mail per
    submission (the others get the daily digest)."""

    def recipients(self):
        from participation.core.staff_notifications import staff_recipients

        settings = commune_settings(self.record.site)
        commune = [settings.email] if settings and settings.email else []
        return list(dict.fromkeys(commune + staff_recipients(self.record)))


def render_plain_text(template_name: str, context: dict) -> str:
    """An e-mail's text, rendered without HTML escaping: a plain-text mail shows what a citizen
    typed ("O'Brien & fils", "<3") as typed, and no mail program reads it as HTML. Our e-mails
    have no HTML part."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def commune_name(site) -> str:
    """The commune's name in the active language (its settings), else the Site's name."""
    settings = commune_settings(site)
    return (settings.name if settings else "") or site.site_name


def admin_url(record) -> str:
    """Absolute address of the record's page in the admin (its viewset's inspect view)."""
    from django.urls import NoReverseMatch, reverse

    meta = record._meta
    try:
        path = reverse(f"{meta.app_label}_{meta.model_name}:inspect", args=[record.pk])
    except NoReverseMatch:
        path = reverse("wagtailadmin_home")
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def base_url(site) -> str:
    """Absolute address of a commune, for links in e-mails.

    A development or test server listens on another port than the Site's 80
    (``make run`` on 8000): JAMAA_LINK_PORT, set from PORT there, puts it in the links.
    """
    port = getattr(settings, "JAMAA_LINK_PORT", None)
    if port and site.port in (80, 443):
        scheme = "https" if site.port == 443 else "http"
        return f"{scheme}://{site.hostname}:{port}"
    return site.root_url.rstrip("/")


def send_after_commit(paths, record):
    """Queue each notification (dotted paths) for `record` once the transaction commits."""
    from participation.core.tasks import send_notification

    meta = record._meta
    for path in paths:
        transaction.on_commit(lambda path=path: send_notification.enqueue(path, meta.app_label, meta.model_name, record.pk))


def deliver(path: str, record) -> bool:
    message = import_string(path)(record).build()
    if message is None:
        return False
    message.send()
    return True
