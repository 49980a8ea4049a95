"""Routes of the access-to-information page (mixed into InformationRequestPage).

The citizen's side of law 31.13, all without JavaScript:

- ``index``                 what the law gives, the commune's periods and its information officer;
- ``submit``/``receipt``    the request (art. 14) and its receipt with the expected answer date;
- ``followup`` (+ ``answer_file``)
                            the requester's private page: status, deadline, history, messages, the
                            answer and its files, the reply to a clarification request, the
                            complaint to the head and then the next remedy (never cached, never indexed);
- ``register`` (+ ``register_detail``, ``register_file``)
                            the public register of answered requests: subjects and answers, never
                            who asked;
- ``publication``           the proactive-publication register (art. 10), from the host site's
                            document library (settings.JAMAA_PROACTIVE_PUBLICATION).

Models and forms are imported inside the methods: models.py imports this module.
Views never change a status or store anything themselves: they call
participation.information.services (and so the core's services).
"""
import os

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.contrib.routable_page.models import path

from participation.core.antiabuse import hit
from participation.core.antiabuse import valid_client_ip as _ip
from participation.core.documents import stored_file_response
from participation.core.idempotency import idempotent
from participation.core.routes import PluginPageRoutes
from participation.core.views import private_response

RATE_SCOPE = "information"
PER_PAGE = 10
TEMPLATES = "participation_information/"
NATIONAL_PORTAL = "https://www.chafafiya.ma/"
MESSAGE_RATE_SCOPE = "information-messages"
#: per connection, and per request (counted on its private token, as an "e-mail" key)
MESSAGE_LIMITS = {"ip": (30, 3600), "email": (10, 3600)}
#: the requester's forms on the follow-up page (the POSTed `action`)
FOLLOWUP_ACTIONS = ("message", "clarify", "complain")


def ground_labels(record) -> list[str]:
    """The article 7 grounds a refusal cites, in the active language."""
    from participation.information.rules import RefusalGround

    labels = dict(RefusalGround.choices)
    return [str(labels[g]) for g in record.refusal_grounds or [] if g in labels]


def public_timeline(record) -> list:
    """The public steps of the request, oldest first, each with its status label."""
    entries = list(record.history.filter(is_public=True).order_by("at", "pk"))
    for entry in entries:
        entry.status_label = record.workflow.label_of(entry.to_status)
    return entries


def file_response(answer_file, name: str, *, private: bool):
    """An answer file as a download (404 when the stored file is gone); public ones (the
    register's) may be cached like any public file."""
    response = stored_file_response(answer_file.file, name, as_attachment=True)
    if private:
        return private_response(response)
    del response["Cache-Control"]
    return response


def file_name(record, answer_file) -> str:
    """A download name that says nothing of who asked: the reference and the file's number."""
    extension = os.path.splitext(answer_file.file.name)[1].lower()
    return f"{record.reference}-{answer_file.pk}{extension}"


class InformationRoutes(PluginPageRoutes):
    templates = TEMPLATES

    def requests_of(self, request):
        """Every request for information of this page's commune."""
        from participation.information.models import InformationRequest

        return InformationRequest.objects.filter(site=self.commune_site(request))

    def public_entries(self, request):
        """The register: requests answered and published (the requester did not opt out)."""
        return self.requests_of(request).filter(is_public=True)

    def periods(self, request):
        from participation.information.models import InformationSettings

        return InformationSettings.for_site(self.commune_site(request)).periods

    # --- the introduction ------------------------------------------------------------------

    @path("", name="index")
    def index(self, request):
        return self.render_route(
            request, "information_request_page.html", periods=self.periods(request), national_portal=NATIONAL_PORTAL,
            register_count=self.public_entries(request).count(),
        )

    def expected_dates(self, request) -> dict:
        """The answer dates of a request sent today (ordinary and urgent), for "what happens next"."""
        from participation.core.calendar import closures_around
        from participation.information import rules

        periods, today = self.periods(request), timezone.localdate()
        closures = closures_around(today, self.commune_site(request))
        return {
            "periods": periods,
            "expected_date": rules.due_date(today, closures=closures, periods=periods),
            "expected_urgent_date": rules.due_date(today, urgent=True, closures=closures, periods=periods),
        }

    # --- the request ---------------------------------------------------------------------------

    @path("new/", name="submit")
    @idempotent
    def submit(self, request):
        from participation.information import services
        from participation.information.forms import RequestForm

        context = self.expected_dates(request)
        if request.method != "POST":
            return self.render_route(request, "information_form.html", form=RequestForm(), **context)
        form = RequestForm(request.POST)
        if form.is_valid():
            ip = _ip(request)
            if hit(RATE_SCOPE, ip=ip or "", email=form.cleaned_data["email"]):
                form.add_error(None, _("Too many requests were sent from your connection or your e-mail address. "
                                       "Nothing was stored: please try again in an hour."))
            else:
                try:
                    record = services.submit_request(self, form.request_data(), ip=ip, language=get_language())
                except ValidationError as error:
                    form.add_error(None, error.messages)
                else:
                    return HttpResponseRedirect(self.route_path("receipt", record.access_token))
        return self.render_route(request, "information_form.html", form=form, status=400, **context)

    def request_by_token(self, request, token):
        return self.private_record(request, self.requests_of(request), token)

    @path("thanks/<str:token>/", name="receipt")
    def receipt(self, request, token):
        record = self.request_by_token(request, token)
        followup_url = request.build_absolute_uri(self.route_path("followup", token))
        return private_response(self.render_route(
            request, "information_receipt.html", record=record, followup_url=followup_url,
            periods=self.periods(request),
        ))

    # --- the requester's private page ---------------------------------------------------------------

    def followup_context(self, request, record) -> dict:
        from participation.core.calendar import working_days_between
        from participation.information.workflow import CLOSED, OPEN, RequestStatus

        today = timezone.localdate()
        status = record.status
        waiting = status in OPEN  # the officer still has to answer
        working_days_left = None
        if waiting and record.deadline:
            working_days_left = working_days_between(today, record.deadline, record.closures(min(today, record.deadline)))
        can_complain = status in (*OPEN, *CLOSED) and record.complaint_refusal() is None
        after_complaint = status in (RequestStatus.COMPLAINT, RequestStatus.COMPLAINT_ANSWERED)
        answered = record.answered_on is not None
        return {
            "record": record,
            "history": public_timeline(record),
            "conversation": list(record.messages.all()),
            "grounds": ground_labels(record),
            "files": list(record.files.all()) if answered else [],
            "waiting": waiting,
            "closed": status in CLOSED,
            "after_complaint": after_complaint,
            "working_days_left": working_days_left,
            "overdue": waiting and record.deadline is not None and today > record.deadline,
            "can_message": status not in (RequestStatus.CLARIFICATION, RequestStatus.COMPLAINT_ANSWERED),
            "can_clarify": status == RequestStatus.CLARIFICATION,
            "can_complain": can_complain,
            "complaint_deadline": record.complaint_deadline() if status in CLOSED and can_complain else None,
            "cdai_deadline": record.cdai_deadline() if after_complaint else None,
            "periods": record.periods,
            "followup_url": self.route_path("followup", record.access_token),
        }

    def render_followup(self, request, record, *, status=200, forms=None, error=""):
        from participation.information.forms import ClarifyForm, ComplaintForm, MessageForm

        forms = forms or {}
        context = self.followup_context(request, record) | {
            "message_form": forms.get("message") or MessageForm(prefix="message"),
            "clarify_form": forms.get("clarify") or ClarifyForm(prefix="clarify"),
            "complaint_form": forms.get("complain") or ComplaintForm(prefix="complaint"),
            "error": error,
        }
        # a form just posted is shown again with its errors, even if the step is no longer open
        for name, flag in (("message_form", "can_message"), ("clarify_form", "can_clarify"),
                           ("complaint_form", "can_complain")):
            context[flag] = context[flag] or context[name].is_bound
        return private_response(self.render_route(request, "information_followup.html", status=status, **context))

    @path("followup/<str:token>/", name="followup")
    @idempotent
    def followup(self, request, token):
        from participation.information import services
        from participation.information.forms import ClarifyForm, ComplaintForm, MessageForm

        record = self.request_by_token(request, token)
        if request.method != "POST":
            return self.render_followup(request, record)
        action = request.POST.get("action")
        if action not in FOLLOWUP_ACTIONS:
            return self.render_followup(request, record, status=400, error=_("This action does not exist."))
        form_class, prefix, perform, done = {
            "message": (MessageForm, "message", services.send_message,
                        _("Your message is sent to the information officer.")),
            "clarify": (ClarifyForm, "clarify", services.clarify,
                        _("Your clarification is sent: the clock of your request starts again.")),
            "complain": (ComplaintForm, "complaint", services.complain,
                         _("Your complaint is sent to the head of the commune.")),
        }[action]
        form = form_class(request.POST, prefix=prefix)
        if form.is_valid() and action == "message":
            from participation.information.workflow import RequestStatus

            if record.status == RequestStatus.CLARIFICATION:
                form.add_error(None, _("The officer is waiting for your clarification: please send it with the form "
                                       "of the request for clarification."))
            elif hit(MESSAGE_RATE_SCOPE, ip=_ip(request) or "", email=record.access_token, limits=MESSAGE_LIMITS):
                form.add_error(None, _("Too many messages were sent about this request. Nothing was stored: please "
                                       "try again in an hour."))
        if form.is_valid():
            try:
                perform(record, form.cleaned_data["text"])
            except PermissionDenied as error:  # services.TransitionNotAllowed
                form.add_error(None, str(error) or _("This action is not allowed on this record now."))
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, done)
                return HttpResponseRedirect(self.route_path("followup", token))
            record = self.request_by_token(request, token)  # as stored: nothing changed
        return self.render_followup(request, record, status=400, forms={action: form})

    @path("followup/<str:token>/file/<int:pk>/", name="answer_file")
    def answer_file(self, request, token, pk):
        record = self.request_by_token(request, token)
        if record.answered_on is None:
            raise Http404
        answer_file = record.files.filter(pk=pk).first()
        if answer_file is None:
            raise Http404
        return file_response(answer_file, file_name(record, answer_file), private=True)

    # --- the public register ----------------------------------------------------------------------

    @path("register/", name="register")
    def register(self, request):
        from base.pagination import paginate
        from participation.information.forms import RegisterSearchForm

        form = RegisterSearchForm(request.GET or None)
        query = form.query() if form.is_bound else ""
        entries = self.public_entries(request)
        if query:
            entries = entries.filter(
                Q(subject__icontains=query) | Q(information_requested__icontains=query) | Q(public_answer__icontains=query)
            )
        entries = entries.only(*REGISTER_FIELDS).prefetch_related("files").order_by("-answered_on", "-pk")
        items = paginate(request, entries, per_page=PER_PAGE)
        return self.render_route(
            request, "information_register.html", search_form=form, query=query, entries=items,
            searched=bool(query),
        )

    def public_or_404(self, request, pk):
        entry = self.public_entries(request).filter(pk=pk).only(*REGISTER_FIELDS).prefetch_related("files").first()
        if entry is None:
            raise Http404
        return entry

    @path("register/<int:pk>/", name="register_detail")
    def register_detail(self, request, pk):
        entry = self.public_or_404(request, pk)
        return self.render_route(request, "information_register_detail.html", entry=entry, grounds=ground_labels(entry))

    @path("register/<int:pk>/file/<int:file_pk>/", name="register_file")
    def register_file(self, request, pk, file_pk):
        entry = self.public_or_404(request, pk)
        answer_file = next((f for f in entry.files.all() if f.pk == file_pk), None)
        if answer_file is None:
            raise Http404
        return file_response(answer_file, file_name(entry, answer_file), private=False)

    # --- the proactive publication (art. 10) ------------------------------------------------------------

    def published_categories(self, request) -> list[dict] | None:
        """The host site's list (settings.JAMAA_PROACTIVE_PUBLICATION), or None when it has none."""
        dotted = getattr(settings, "JAMAA_PROACTIVE_PUBLICATION", "")
        if not dotted:
            return None
        return list(import_string(dotted)(self.commune_site(request), get_language()))

    @path("publication/", name="publication")
    def publication(self, request):
        categories = self.published_categories(request)
        missing = [c for c in categories or [] if not c.get("count")]
        return self.render_route(
            request, "information_publication.html", categories=categories, missing_count=len(missing),
            present_count=len(categories or []) - len(missing),
        )


#: what the register reads of a request: never the requester's identity or contact
REGISTER_FIELDS = (
    "id", "site", "reference", "status", "subject", "received_on", "answered_on", "public_answer", "redaction_note",
    "refusal_grounds", "refusal_reason", "delivery_form", "is_public", "complaint_answered_on",
)
