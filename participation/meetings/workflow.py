"""Statuses and steps of a registration to a meeting, enforced by participation.core.services.

A registration is stored as "registered" (services.register), and moved at once to the
waiting list by the site when the meeting is full; cancelling (the registrant's private
link) frees a place, which the site gives to the first person on the waiting list in the
same transaction (services.cancel). Staff mark attendance once the meeting has started.
"""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.core.workflow import CITIZEN, SYSTEM, Transition, Workflow

APP = "participation_meetings"
NOTIFY = "participation.meetings.notifications"
MANAGE = f"{APP}.manage_registration"
EXPORT = f"{APP}.export_registration"
VIEW = f"{APP}.view_registration"


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")
    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Absent")


S = RegistrationStatus
#: statuses holding one of the meeting's places
HOLDS_A_PLACE = (S.REGISTERED, S.ATTENDED, S.ABSENT)
#: statuses of a registration still alive (one per e-mail and meeting)
ACTIVE = (S.REGISTERED, S.WAITING, S.ATTENDED, S.ABSENT)


def _meeting_started(registration):
    from django.utils.translation import gettext as _g

    if registration.meeting.start > timezone.now():
        return _g("Attendance can be marked once the meeting has started.")
    return None


class RegistrationWorkflow(Workflow):
    def final_statuses(self):
        """Attendance can be corrected (attended ↔ absent), yet the registration is closed: the
        retention period runs from the last step."""
        return super().final_statuses() | {S.ATTENDED, S.ABSENT}


workflow = RegistrationWorkflow(
    statuses=RegistrationStatus,
    initial=S.REGISTERED,
    submit_notify=(),  # services.register sends the confirmation or the waiting-list e-mail
    transitions=[
        Transition("wait", _("Put on the waiting list (the meeting is full)"), (S.REGISTERED,), S.WAITING, SYSTEM,
                   notify=(f"{NOTIFY}.WaitingList",)),
        Transition("promote", _("Given a place that was freed"), (S.WAITING,), S.REGISTERED, SYSTEM,
                   notify=(f"{NOTIFY}.Promoted",)),
        Transition("cancel", _("Cancelled by the registrant"), (S.REGISTERED, S.WAITING), S.CANCELLED, CITIZEN,
                   notify=(f"{NOTIFY}.Cancelled",)),
        Transition("mark_attended", _("Mark as present"), (S.REGISTERED, S.ABSENT), S.ATTENDED, MANAGE,
                   guard=_meeting_started, public=False),
        Transition("mark_absent", _("Mark as absent"), (S.REGISTERED, S.ATTENDED), S.ABSENT, MANAGE,
                   guard=_meeting_started, public=False),
    ],
)
