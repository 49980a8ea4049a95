"""Petition steps around the core services: views, admin and commands call these
functions; none of them changes a petition or a signature by itself.

Signatures are the hot path (thousands may sign in a day): a signature is one
INSERT guarded by the database's unique constraints (one per CIN, one per e-mail,
per petition), and it counts when its e-mail link is confirmed, by one
conditional UPDATE of the petition's counter that only matches while the
petition is open. Filing locks the petition row, so no confirmation can slip in
after the count is frozen.
"""
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from participation.core import services, signals
from participation.core.notifications import send_after_commit
from participation.petitions import rules
from participation.petitions.models import Channel, Petition, Signature
from participation.petitions.workflow import PetitionStatus

NOTIFY = "participation.petitions.notifications"
EDITABLE_FIELDS = ("title", "reasons", "objectives", "requested_item", "agent_address", "phone", "show_name")


class SignatureRefused(ValidationError):
    """The signature cannot be taken (closed petition, duplicate): nothing was stored."""


# --- starting, editing, filing ------------------------------------------------------------


def start_petition(page, data: dict, *, ip=None, language=None) -> Petition:
    """A new online petition from a validated form's data (its documents already checked)."""
    petition = Petition(page=page, site=page.get_site(), channel=Channel.ONLINE, **data)
    petition.agent_cin = rules.normalize_cin(petition.agent_cin)
    return services.submit(petition, ip=ip, language=language)


def edit_petition(petition: Petition, data: dict) -> Petition:
    """The agent corrects the text before staff open it for signature; afterwards the
    text is what people signed and never changes."""
    with transaction.atomic():
        locked = Petition.objects.select_for_update().get(pk=petition.pk)
        if locked.status != PetitionStatus.PREPARATION:
            raise services.TransitionNotAllowed(
                _("This petition can no longer be changed: its text is the one people sign or signed.")
            )
        for name in EDITABLE_FIELDS:
            if name in data:
                setattr(locked, name, data[name])
        locked.full_clean()
        locked.save()
        log(instance=locked, action="participation.petition_edited", user=None, data={"reference": locked.reference})
    return locked


def file_petition(petition: Petition) -> Petition:
    """The agent files the petition: the count is frozen and a receipt issued (workflow guard: threshold)."""
    return services.perform(petition, "file", services.CITIZEN)


def record_paper_petition(page_site, data: dict, user) -> Petition:
    """Staff record a petition handed in on paper: stored and filed in one step, so
    the register is complete whatever the channel (the receipt's date is the day it
    was handed in)."""
    petition = Petition(site=page_site, channel=Channel.PAPER, **data)
    petition.agent_cin = rules.normalize_cin(petition.agent_cin)
    with transaction.atomic():
        services.submit(petition, language=get_language())
        return services.perform(petition, "file_paper", user)


# --- signatures ---------------------------------------------------------------------------


@dataclass
class SignatureData:
    name: str
    cin: str
    basis: str
    address: str
    email: str
    activity: str = ""


def sign(petition: Petition, data: SignatureData, *, ip: str | None = None) -> Signature:
    """Record a signature awaiting its e-mail confirmation, or raise SignatureRefused.
    `ip`: the signatory's address, kept so that staff can invalidate a burst of spam.

    The unique constraints decide between concurrent duplicates: exactly one
    INSERT per CIN and per e-mail succeeds; the others get a clear refusal.
    """
    errors = rules.signatory_errors(cin=data.cin, basis=data.basis, address=data.address, activity=data.activity)
    if errors:
        raise ValidationError(errors)
    if not petition.is_open or petition.kind != "citizens":
        raise SignatureRefused(_("This petition does not accept signatures (it is not open for signature)."))
    signature = Signature(
        petition=petition,
        name=data.name.strip(),
        cin=rules.normalize_cin(data.cin),
        basis=data.basis,
        address=data.address.strip(),
        activity=data.activity.strip() if data.basis == rules.SignatoryBasis.ACTIVITY else "",
        email=rules.normalize_email(data.email),
        language=(get_language() or "ar")[:10],
        submitted_ip=ip,
    )
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                signature.save()
                send_after_commit((f"{NOTIFY}.ConfirmSignature",), signature)
            return signature
        except IntegrityError:
            signature.pk = None
            if attempt == 1 and _drop_expired_pending(petition, signature.cin, signature.email):
                continue  # the CIN or e-mail was held by a signature never confirmed: now free
            raise SignatureRefused(
                _("This petition already has a signature with this CIN number or this e-mail address. "
                  "Each person signs once; check your e-mail for the confirmation link.")
            )
    raise AssertionError("unreachable")


def _drop_expired_pending(petition: Petition, cin: str, email: str) -> bool:
    """Delete unconfirmed signatures whose confirmation link has expired and that hold
    this CIN or e-mail: otherwise anyone could block a person's CIN by signing with it
    and an address they never confirm. The CIN is encrypted: found by its keyed hash."""
    from django.db.models import Q

    from participation.core.encrypted import lookup_hash
    from participation.core.verification import MAX_AGE

    expired = timezone.now() - timedelta(seconds=MAX_AGE)
    stale = Signature.objects.filter(petition=petition, confirmed_at__isnull=True, created_at__lt=expired)
    deleted, _by_model = stale.filter(Q(cin_hash=lookup_hash(cin)) | Q(email=email)).delete()
    return bool(deleted)


def confirm_signature(signature: Signature) -> str:
    """Count a signature once its e-mail is confirmed.

    Returns "counted", "already" (confirmed before) or "closed" (the petition no
    longer takes signatures: nothing changes). Both UPDATEs are conditional, so two
    clicks on the same link, or a click while the agent files, count at most once.
    """
    with transaction.atomic():
        confirmed = Signature.objects.filter(pk=signature.pk, confirmed_at__isnull=True).update(confirmed_at=timezone.now())
        if not confirmed:
            return "already"
        # staff may have marked it invalid before it was confirmed: confirmed, but not counted
        valid = not Signature.objects.filter(pk=signature.pk).exclude(invalid_reason="").exists()
        counted = Petition.objects.filter(pk=signature.petition_id, status=PetitionStatus.OPEN).update(
            signature_count=F("signature_count") + int(valid)
        )
        if not counted:
            transaction.set_rollback(True)
            return "closed"
        signals.updated(signature)
        online, paper, required = (
            Petition.objects.filter(pk=signature.petition_id)
            .values_list("signature_count", "paper_signature_count", "signatures_required")
            .get()
        )
        if valid and required is not None and online + paper == required:  # fixed when it opened
            send_after_commit((f"{NOTIFY}.ThresholdReached",), Petition(pk=signature.petition_id))
    return "counted"


def withdraw_signature(signature: Signature) -> bool:
    """The signatory takes their signature back before filing: it is deleted (with
    the personal data it held). False once the petition is filed or closed."""
    with transaction.atomic():
        petition = Petition.objects.select_for_update().get(pk=signature.petition_id)
        if petition.status != PetitionStatus.OPEN:
            return False
        deleted = Signature.objects.filter(pk=signature.pk).first()
        if deleted is None:
            return False
        if deleted.counts:
            Petition.objects.filter(pk=petition.pk).update(signature_count=F("signature_count") - 1)
        deleted.delete()
        log(instance=petition, action="participation.signature_withdrawn", user=None, data={"reference": petition.reference})
    return True


def invalidate_signature(signature: Signature, reason: str, user) -> Signature:
    """Staff verification: the signature no longer counts (the reason is kept)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"invalid_reason": _("Give the reason why this signature is not valid.")})
    with transaction.atomic():
        locked = Signature.objects.select_for_update().select_related("petition").get(pk=signature.pk)
        if locked.invalid_reason:
            return locked
        was_counted = locked.counts
        locked.invalid_reason = reason[:300]
        locked.invalidated_at = timezone.now()
        locked.invalidated_by = user
        locked.save(update_fields=["invalid_reason", "invalidated_at", "invalidated_by"])
        if was_counted:
            Petition.objects.filter(pk=locked.petition_id).update(signature_count=F("signature_count") - 1)
        log(instance=locked.petition, action="participation.signature_invalidated", user=user,
            data={"reference": locked.petition.reference, "signature": locked.pk, "reason": locked.invalid_reason})
    return locked


def restore_signature(signature: Signature, user) -> Signature:
    """Undo an invalidation made by mistake."""
    with transaction.atomic():
        locked = Signature.objects.select_for_update().select_related("petition").get(pk=signature.pk)
        if not locked.invalid_reason:
            return locked
        locked.invalid_reason = ""
        locked.invalidated_at = None
        locked.invalidated_by = None
        locked.save(update_fields=["invalid_reason", "invalidated_at", "invalidated_by"])
        if locked.counts:
            Petition.objects.filter(pk=locked.petition_id).update(signature_count=F("signature_count") + 1)
        log(instance=locked.petition, action="participation.signature_restored", user=user,
            data={"reference": locked.petition.reference, "signature": locked.pk})
    return locked


def log_signature_export(petition: Petition, user, count: int):
    """Exporting the signatories' personal data is logged (who, when, how many)."""
    log(instance=petition, action="participation.signatures_exported", user=user,
        data={"reference": petition.reference, "count": count})
