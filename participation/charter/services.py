"""Joining the charter, confirming, completing and withdrawing, around the core services:
views, admin and commands call these functions; none of them changes an adhesion by itself.

Duplicates are refused with a clear message and nothing stored: one active adhesion per
association registration number and one per e-mail address in a commune. The database
enforces both (partial unique constraints), so two concurrent requests cannot slip past the
check. An adhesion whose e-mail link was never confirmed, past the link's lifetime, expires
when someone else needs its number or address: nobody can block an association by joining in
its name with an address they never confirm.
"""
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from participation.charter.models import (
    DUPLICATE_EMAIL,
    DUPLICATE_NUMBER,
    Adhesion,
    AdhesionKind,
    CharterPage,
    normalize_registration_number,
)
from participation.charter.workflow import ACTIVE, AdhesionStatus
from participation.core import services
from participation.core.verification import MAX_AGE

#: what an association may change when the commune asks it for information
COMPLETABLE_FIELDS = ("association_name", "registration_number", "registration_date", "seat", "activity", "name", "phone")


class AdhesionRefused(ValidationError):
    """Adhesion closed, or already joined: nothing was stored."""


def duplicate_number_message() -> str:
    return _("An association with this registration number has already joined the charter of this commune (or its "
             "adhesion is being examined). If you represent it, use the link of the e-mail the commune sent to it.")


def duplicate_email_message() -> str:
    return _("This e-mail address has already been used to join the charter of this commune. To follow or withdraw "
             "that adhesion, use the link of the e-mail we sent you.")


def closed_reason(page: CharterPage) -> str | None:
    if not page.adhesion_open or not page.live:
        return _("Online adhesion to the charter is not open at the moment.")
    return None


def _expire_stale(site, *, email: str, number: str) -> int:
    """Expire the unconfirmed adhesions, older than their link, holding this e-mail or number."""
    stale_before = timezone.now() - timedelta(seconds=MAX_AGE)
    holding = Q(email__iexact=email)
    if number:
        holding |= Q(kind=AdhesionKind.ASSOCIATION, registration_number=number)
    stale = Adhesion.objects.filter(site=site, status=AdhesionStatus.UNVERIFIED, created_at__lt=stale_before).filter(holding)
    count = 0
    for adhesion in stale:
        services.perform(adhesion, "expire", services.SYSTEM)
        count += 1
    return count


def duplicate_of(site, *, email: str, number: str) -> str | None:
    """The message refusing a duplicate, or None."""
    active = Adhesion.objects.filter(site=site, status__in=ACTIVE)
    if number and active.filter(kind=AdhesionKind.ASSOCIATION, registration_number=number).exists():
        return duplicate_number_message()
    if active.annotate(lower_email=Lower("email")).filter(lower_email=email.lower()).exists():
        return duplicate_email_message()
    return None


def join(page: CharterPage, kind: str, data: dict, *, ip=None, language=None) -> Adhesion:
    """Store an adhesion awaiting its e-mail confirmation, with the commitments the adherent
    accepted; the confirmation link leaves by e-mail after commit. Raises AdhesionRefused
    (closed, duplicate) or ValidationError with nothing stored."""
    refusal = closed_reason(page)
    if refusal:
        raise AdhesionRefused(refusal)
    charter = page.canonical()
    site = page.get_site()
    email = data["email"].strip().lower()
    number = normalize_registration_number(data.get("registration_number", "")) if kind == AdhesionKind.ASSOCIATION else ""
    commitments = page.commitments_of(page.party_of(kind)) or charter.commitments_of(charter.party_of(kind))
    adhesion = Adhesion(
        site=site, charter=charter, page=page, kind=kind,
        **{**data, "email": email, "registration_number": number},
        commitments="\n".join(commitments), commitments_accepted_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            _expire_stale(site, email=email, number=number)
            message = duplicate_of(site, email=email, number=number)
            if message:
                raise AdhesionRefused(message)
            services.submit(adhesion, ip=ip, language=language)
    except IntegrityError:  # a concurrent adhesion won the constraint
        raise AdhesionRefused(_duplicate_message_for(site, email, number))
    except ValidationError as error:
        if not isinstance(error, AdhesionRefused):
            messages = set(error.messages)
            if str(DUPLICATE_NUMBER) in messages:
                raise AdhesionRefused(duplicate_number_message())
            if str(DUPLICATE_EMAIL) in messages:
                raise AdhesionRefused(duplicate_email_message())
        raise
    return adhesion


def _duplicate_message_for(site, email, number) -> str:
    return duplicate_of(site, email=email, number=number) or duplicate_email_message()


def confirm(adhesion: Adhesion) -> str:
    """The e-mail link's button: "counted" (confirmed now), "already" or "closed"."""
    if adhesion.email_verified_at is not None:
        return "already"
    if adhesion.status != AdhesionStatus.UNVERIFIED:
        return "closed"
    action = "verify_association" if adhesion.is_association else "verify_citizen"
    try:
        services.perform(adhesion, action, services.CITIZEN)
    except services.TransitionNotAllowed:  # confirmed by a concurrent click, or withdrawn meanwhile
        adhesion.refresh_from_db()
        return "already" if adhesion.email_verified_at else "closed"
    return "counted"


def complete(adhesion: Adhesion, data: dict, document=None) -> Adhesion:
    """The association completes its file (information requested) and sends it again."""
    with transaction.atomic():
        locked = Adhesion.objects.select_for_update().get(pk=adhesion.pk)
        if locked.status != AdhesionStatus.INFORMATION:
            raise services.TransitionNotAllowed(_("This adhesion is not waiting for information."))
        number = normalize_registration_number(data.get("registration_number", locked.registration_number))
        if Adhesion.objects.filter(site=locked.site, status__in=ACTIVE, kind=AdhesionKind.ASSOCIATION,
                                   registration_number=number).exclude(pk=locked.pk).exists():
            raise AdhesionRefused(duplicate_number_message())
        for name in COMPLETABLE_FIELDS:
            if name in data:
                setattr(locked, name, data[name])
        locked.registration_number = number
        if document:
            old = locked.document
            locked.document = document
            if old:
                old_storage, old_name = old.storage, old.name
                transaction.on_commit(lambda: old_storage.delete(old_name))
        locked.full_clean()
        locked.save()
        log(instance=locked, action="participation.adhesion_completed", user=None, data={"reference": locked.reference})
        return services.perform(locked, "resubmit", services.CITIZEN)


def withdraw(adhesion: Adhesion) -> Adhesion:
    return services.perform(adhesion, "withdraw", services.CITIZEN)


def log_export(user, charter_ids, count: int, spreadsheet_format: str):
    """Exporting adherents' contacts is logged (who, when, how many) on each charter page."""
    for charter in CharterPage.objects.filter(pk__in=charter_ids):
        log(instance=charter, action="participation.adhesions_exported", user=user,
            data={"rows": count, "format": spreadsheet_format})
