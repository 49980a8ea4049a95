"""Registering to a meeting and cancelling, around the core services: views, admin and
commands call these functions; none of them changes a registration by itself.

Capacity holds under concurrency: both functions lock the meeting's row first
(SELECT … FOR UPDATE on PostgreSQL), so registrations and cancellations of one meeting
take turns — two people never get the last place, and a freed place goes to exactly
one person on the waiting list, in the cancellation's own transaction. One active
registration per e-mail and meeting is a database constraint as well.
"""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from participation.core import services
from participation.core.notifications import send_after_commit
from participation.meetings.models import DUPLICATE, MeetingPage, Registration
from participation.meetings.workflow import ACTIVE, HOLDS_A_PLACE, NOTIFY, RegistrationStatus

CONFIRMATION = f"{NOTIFY}.Registered"


class RegistrationRefused(ValidationError):
    """Registration closed, or this e-mail already registered: nothing was stored."""


def _locked(meeting: MeetingPage) -> MeetingPage:
    """The meeting (in the default language), its row locked until the transaction ends."""
    canonical = meeting.canonical()
    return MeetingPage.objects.select_for_update().get(pk=canonical.pk)


def closed_reason(meeting: MeetingPage) -> str | None:
    if meeting.cancelled:
        return _("This meeting is cancelled: registration is closed.")
    if meeting.has_started:
        return _("This meeting has already taken place: registration is closed.")
    if not meeting.registration_enabled or not meeting.live:
        return _("Registration on the website is not open for this meeting.")
    return None


def duplicate_message() -> str:
    return _("This e-mail address is already registered for this meeting. To cancel, use the link in the e-mail we sent "
             "you; to register someone else, use their own e-mail address.")


def register(page: MeetingPage, data: dict, *, ip=None, language=None) -> Registration:
    """Store a registration: a place if one is left, else the waiting list. Raises
    RegistrationRefused (closed, duplicate) with nothing stored."""
    try:
        with transaction.atomic():
            meeting = _locked(page)
            refusal = closed_reason(meeting)
            if refusal:
                raise RegistrationRefused(refusal)
            email = data["email"].strip().lower()
            if Registration.objects.filter(meeting=meeting, email__iexact=email, status__in=ACTIVE).exists():
                raise RegistrationRefused(duplicate_message())
            taken = Registration.objects.filter(meeting=meeting, status__in=HOLDS_A_PLACE).count()
            registration = Registration(site=page.get_site(), meeting=meeting, page=page, **{**data, "email": email})
            services.submit(registration, ip=ip, language=language)
            if meeting.capacity is not None and taken >= meeting.capacity:
                registration = services.perform(registration, "wait", services.SYSTEM)
            else:
                send_after_commit((CONFIRMATION,), registration)
    except IntegrityError:  # the constraint, if a registration slipped past the check
        raise RegistrationRefused(duplicate_message())
    except ValidationError as error:
        if not isinstance(error, RegistrationRefused) and str(DUPLICATE) in error.messages:
            raise RegistrationRefused(duplicate_message())  # the constraint, checked by full_clean
        raise
    return registration


def cancel(registration: Registration) -> tuple[Registration, Registration | None]:
    """The registrant cancels (private link). A freed place goes to the first person on the
    waiting list at once. Returns (the cancelled registration, the promoted one or None)."""
    with transaction.atomic():
        meeting = _locked(registration.meeting)
        if meeting.has_started:
            raise services.TransitionNotAllowed(_("The meeting has already taken place: a registration can no longer be cancelled."))
        freed = registration.status == RegistrationStatus.REGISTERED
        registration = services.perform(registration, "cancel", services.CITIZEN)
        promoted = _promote_next(meeting) if freed else None
    return registration, promoted


def _promote_next(meeting: MeetingPage) -> Registration | None:
    """The first on the waiting list gets the freed place, if there is room (under the meeting's lock)."""
    if meeting.capacity is not None:
        taken = Registration.objects.filter(meeting=meeting, status__in=HOLDS_A_PLACE).count()
        if taken >= meeting.capacity:
            return None
    first = Registration.objects.filter(meeting=meeting, status=RegistrationStatus.WAITING).order_by("created_at", "pk").first()
    if first is None:
        return None
    return services.perform(first, "promote", services.SYSTEM)


def fill_free_places(meeting: MeetingPage) -> list[Registration]:
    """After staff raise the capacity: the waiting list moves up into the new places."""
    promoted = []
    with transaction.atomic():
        meeting = _locked(meeting)
        if meeting.has_started:
            return promoted
        while (registration := _promote_next(meeting)) is not None:
            promoted.append(registration)
    return promoted
