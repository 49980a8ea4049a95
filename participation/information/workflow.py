"""Statuses and steps of a request for information (law 31.13), enforced by
participation.core.services. Deadlines are recomputed by the request itself
(InformationRequest.compute_deadline) so the conventions live in rules.py."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from participation.core.workflow import CITIZEN, Transition, Workflow

APP = "participation_information"
NOTIFY = "participation.information.notifications"
HANDLE = f"{APP}.handle_informationrequest"
HEAD = f"{APP}.answer_complaint"
RECORD_PAPER = f"{APP}.record_paper_request"


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    CLARIFICATION = "clarification", _("Clarification requested")
    EXTENDED = "extended", _("Deadline extended")
    ANSWERED = "answered", _("Answered")
    PARTIALLY_ANSWERED = "partially_answered", _("Partially answered")
    REFUSED = "refused", _("Refused")
    TRANSFERRED = "transferred", _("Transferred to another body")
    COMPLAINT = "complaint", _("Complaint to the head of the commune")
    COMPLAINT_ANSWERED = "complaint_answered", _("Complaint answered")


S = RequestStatus
OPEN = (S.RECEIVED, S.IN_PROGRESS, S.EXTENDED)  # the officer still has to answer
CLOSED = (S.ANSWERED, S.PARTIALLY_ANSWERED, S.REFUSED, S.TRANSFERRED)  # answered one way or another
_TO_REQUESTER = (f"{NOTIFY}.StatusChanged",)


def _deadline(request):
    return request.compute_deadline()


def _no_deadline(request):
    return None


def _answered(request):
    request.mark_answered()


def _transferred(request):  # effects run before the status changes: the step says it is a transfer
    request.mark_answered(published=False)


def _can_extend(request):
    return request.extension_refusal()


def _can_complain(request):
    return request.complaint_refusal()


def _head_deadline(request):
    return request.head_deadline()


class InformationWorkflow(Workflow):
    def final_statuses(self):
        """A request answered one way or another is closed for the retention period (core
        personal_data.purge): the complaint it still allows lasts 20 working days, far less
        than the retention period, which runs from the last step anyway."""
        return super().final_statuses() | set(CLOSED)


workflow = InformationWorkflow(
    statuses=RequestStatus,
    initial=S.RECEIVED,
    submit_notify=(f"{NOTIFY}.Received", f"{NOTIFY}.NewForStaff"),
    transitions=[
        Transition("take", _("Take in hand"), (S.RECEIVED,), S.IN_PROGRESS, HANDLE),
        Transition("ask_clarification", _("Ask the requester for a clarification"), (S.RECEIVED, S.IN_PROGRESS, S.EXTENDED),
                   S.CLARIFICATION, HANDLE, requires=("clarification_question",),
                   effects=lambda r: r.mark_clarification_asked(), notify=_TO_REQUESTER),
        Transition("clarify", _("Send the clarification"), (S.CLARIFICATION,), S.IN_PROGRESS, CITIZEN,
                   requires=("clarification_reply",), effects=lambda r: r.mark_clarified(), deadline=_deadline,
                   notify=(f"{NOTIFY}.ClarifiedForStaff",)),
        Transition("extend", _("Extend the deadline"), (S.RECEIVED, S.IN_PROGRESS), S.EXTENDED, HANDLE,
                   requires=("extension_reason",), guard=_can_extend, effects=lambda r: setattr(r, "extended", True),
                   deadline=_deadline, notify=_TO_REQUESTER),
        Transition("answer", _("Answer"), OPEN, S.ANSWERED, HANDLE, requires=("public_answer",),
                   effects=_answered, deadline=_no_deadline, notify=_TO_REQUESTER),
        Transition("answer_partially", _("Answer in part (redacted)"), OPEN, S.PARTIALLY_ANSWERED, HANDLE,
                   requires=("public_answer", "redaction_note"), effects=_answered, deadline=_no_deadline,
                   notify=_TO_REQUESTER),
        Transition("refuse", _("Refuse, citing article 7"), OPEN, S.REFUSED, HANDLE,
                   requires=("refusal_grounds", "refusal_reason"), effects=_answered, deadline=_no_deadline,
                   notify=_TO_REQUESTER),
        Transition("transfer", _("Transfer to the body that holds it"), OPEN, S.TRANSFERRED, HANDLE,
                   requires=("transferred_to",), effects=_transferred, deadline=_no_deadline, notify=_TO_REQUESTER),
        # the requester, through the private link: after an answer, or once the deadline passed
        Transition("complain", _("Complain to the head of the commune"), (*OPEN, *CLOSED), S.COMPLAINT, CITIZEN,
                   requires=("complaint",), guard=_can_complain, effects=lambda r: r.mark_complaint(),
                   deadline=_head_deadline, notify=(f"{NOTIFY}.StatusChanged", f"{NOTIFY}.ComplaintForHead")),
        Transition("answer_complaint", _("Answer the complaint"), (S.COMPLAINT,), S.COMPLAINT_ANSWERED, HEAD,
                   requires=("complaint_answer",), effects=lambda r: r.mark_complaint_answered(), deadline=_no_deadline,
                   notify=_TO_REQUESTER),
    ],
)
