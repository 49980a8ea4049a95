"""Steps of a request for information around the core services: views, admin
and commands call these functions; none of them changes a request by itself."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from participation.core import services
from participation.core.notifications import send_after_commit
from participation.information.models import AnswerFile, Channel, InformationMessage, InformationRequest, InformationRequestPage
from participation.information.workflow import CLOSED, RECORD_PAPER, RequestStatus

NOTIFY = "participation.information.notifications"


def submit_request(page, data: dict, *, ip=None, language=None) -> InformationRequest:
    """A request made online: received today, its deadline computed at once."""
    request = InformationRequest(page=page, site=page.get_site(), channel=Channel.ONLINE, received_on=timezone.localdate(), **data)
    request.deadline = request.compute_deadline()
    return services.submit(request, ip=ip, language=language)


def record_paper_request(site, data: dict, user, *, page=None) -> InformationRequest:
    """A request received at the office or by post, with its real receipt date (the
    deadline runs from it, not from the day staff type it in)."""
    received_on = data.get("received_on")
    if received_on is None or received_on > timezone.localdate():
        raise ValidationError({"received_on": _("Enter the date the commune received the request (not in the future).")})
    if page is None:  # the commune's request page: the requester's follow-up link lives there
        page = InformationRequestPage.objects.descendant_of(site.root_page).filter(locale=site.root_page.locale).first()
    request = InformationRequest(site=site, page=page, **{"channel": Channel.PAPER, **data})
    if not (user.has_perm(RECORD_PAPER) and services.scoping.can_act_on(user, request)):
        raise services.TransitionNotAllowed(_("This action is not allowed on this record now."))
    request.deadline = request.compute_deadline()
    with transaction.atomic():
        services.submit(request, language=get_language())
        log(instance=request, action="participation.recorded_on_paper", user=user, data={"reference": request.reference})
    return request


def send_message(request: InformationRequest, text: str, *, user=None) -> InformationMessage:
    """A message on the request's page: from the requester (user None) or from staff.
    Not while the request waits for a clarification: the reply form is the way then."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write your message.")})
    if user is None and request.status == RequestStatus.COMPLAINT_ANSWERED:
        raise services.TransitionNotAllowed(_("This request is closed."))
    if user is not None and not services.scoping.can_act_on(user, request):
        raise services.TransitionNotAllowed(_("This action is not allowed on this record now."))
    with transaction.atomic():
        message = InformationMessage.objects.create(request=request, from_requester=user is None, author=user, text=text)
        log(instance=request, action="participation.message", user=user, data={"reference": request.reference})
        send_after_commit((f"{NOTIFY}.MessageForStaff" if user is None else f"{NOTIFY}.MessageForRequester",), message)
    return message


def add_answer_file(request: InformationRequest, title: str, upload, user) -> AnswerFile:
    """Attach a document to the answer (the upload already checked by its content)."""
    if request.status in (RequestStatus.COMPLAINT_ANSWERED,) or (request.status in CLOSED and request.answered_on is None):
        raise services.TransitionNotAllowed(_("This action is not allowed on this record now."))
    if not services.scoping.can_act_on(user, request):
        raise services.TransitionNotAllowed(_("This action is not allowed on this record now."))
    with transaction.atomic():
        answer_file = AnswerFile.objects.create(request=request, title=title.strip()[:200], file=upload, added_by=user)
        log(instance=request, action="participation.answer_file", user=user, data={"reference": request.reference})
    return answer_file


def clarify(request: InformationRequest, reply: str) -> InformationRequest:
    """The requester answers the officer's request for clarification: the clock starts again."""
    return services.perform(request, "clarify", services.CITIZEN, clarification_reply=(reply or "").strip())


def complain(request: InformationRequest, text: str) -> InformationRequest:
    """The requester complains to the head of the commune (after an answer, or once the deadline passed)."""
    return services.perform(request, "complain", services.CITIZEN, complaint=(text or "").strip())
