"""Routes of the consultation pages (mixed into the page models), all without JavaScript.

ConsultationIndexPage:
- ``index``                  open, upcoming and closed consultations (closed ones paginated).

ConsultationPage:
- ``index``                  the phase and what one can do in it, the draft by section with its
                             published comments, documents, results once closed, the final report;
- ``answer``                 the questions (open phase only), stored awaiting the e-mail's confirmation;
- ``confirm_response``       the e-mailed link: GET shows a button, only its POST confirms;
- ``change``                 the private link: change one's answers while open (never cached or indexed);
- ``comment`` (+ ``confirm_comment``, ``report_comment``)
                             comment on a section or reply, confirm by e-mail, report a comment.

Models and forms are imported inside the methods: models.py imports this module.
Views never store anything themselves: they call participation.consultations.services.
"""
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.contrib.routable_page.models import path

from participation.core.antiabuse import hit
from participation.core.antiabuse import valid_client_ip as _ip
from participation.core.idempotency import idempotent
from participation.core.routes import PluginPageRoutes
from participation.core.views import private_response

TEMPLATES = "participation_consultations/"
RATE_SCOPE = "consultations"
COMMENT_RATE_SCOPE = "consultations-comments"
FLAG_RATE_SCOPE = "consultations-reports"
#: many people answer from one shared connection (a school, an association's office)
ANSWER_LIMITS = {"ip": (100, 3600), "email": (5, 3600)}
FLAG_LIMITS = {"ip": (20, 3600), "email": (1, 24 * 3600)}  # the "e-mail" key is the comment: one report per connection
PER_PAGE = 10
RATE_MESSAGE = _("Too many attempts from your connection or your e-mail address. Nothing was stored: please try again in an hour.")


class ConsultationIndexRoutes(PluginPageRoutes):
    templates = TEMPLATES

    def consultations(self):
        """The consultations under this page; under a translation, also those of the page in
        the site's main language that have no translation here (consultations are held in
        Arabic; a translation only presents one in another language)."""
        from django.db.models import Q

        from participation.consultations.models import ConsultationPage

        live = ConsultationPage.objects.live()
        own = live.child_of(self)
        source = self.get_translations().filter(locale__language_code=settings.LANGUAGE_CODE).first()
        if source is None:
            return own
        untranslated = live.child_of(source).exclude(translation_key__in=own.values("translation_key"))
        return live.filter(Q(pk__in=own.values("pk")) | Q(pk__in=untranslated.values("pk")))

    @path("", name="index")
    def index(self, request):
        from base.pagination import paginate
        from participation.consultations.phases import local_date

        today = local_date(timezone.now())
        pages = self.consultations().defer_streamfields()
        open_ = pages.filter(opens_on__lte=today, closes_on__gte=today).order_by("closes_on", "pk")
        upcoming = pages.filter(opens_on__gt=today).order_by("opens_on", "pk")
        closed = paginate(request, pages.filter(closes_on__lt=today).order_by("-closes_on", "-pk"), per_page=PER_PAGE)
        return self.render_route(
            request, "consultation_index_page.html", open_consultations=list(open_), upcoming=list(upcoming), closed=closed,
        )


class ConsultationRoutes(PluginPageRoutes):
    templates = TEMPLATES

    # --- the page ----------------------------------------------------------------------------

    def published_comments(self):
        """{section id: [comments in thread order]} of the published comments (one query)."""
        from participation.consultations.models import SectionComment

        by_section: dict = {}
        comments = SectionComment.objects.select_related(None).filter(
            consultation=self, is_public=True, is_removed=False, email_confirmed_at__isnull=False
        ).only("pk", "section_id", "user_name", "comment", "submit_date", "level", "parent_id", "thread_id", "order")
        for comment in comments.order_by("thread_id", "order"):
            by_section.setdefault(comment.section_id, []).append(comment)
        return by_section

    def serve(self, request, view=None, args=None, kwargs=None):
        """A translation shows the draft in its language; answering and commenting happen on
        the original, so that there is one set of questions, one thread and one result."""
        original = self.canonical()
        if original.pk != self.pk and view is not None and view.__name__ != "index":
            return HttpResponseRedirect(original.get_url(request) + request.path.removeprefix(self.get_url(request)))
        return super().serve(request, view, args, kwargs)

    def page_context(self, request) -> dict:
        from participation.consultations import phases
        from participation.consultations.results import results

        original = self.canonical()
        phase = original.phase
        comments = original.published_comments()
        sections = [
            {"id": sid, "heading": heading, "body": body, "comments": comments.get(sid, [])}
            for sid, heading, body in self.sections
        ]
        return {
            "phase": phase,
            "phase_label": phase.label,
            "may_answer": phases.may_answer(phase),
            "may_comment": phases.may_comment(phase),
            "sections": sections,
            "results": results(original) if phases.shows_results(phase) else None,
            "participation_page": original,
            "show_report": phases.shows_report(phase),
        }

    @path("", name="index")
    def index(self, request):
        return self.render_route(request, "consultation_page.html", **self.page_context(request))

    def refused(self, request, message, status=409):
        return self.render_route(request, "refused.html", status=status, message=message)

    # --- answering ---------------------------------------------------------------------------

    @path("answer/", name="answer")
    @idempotent
    def answer(self, request):
        from participation.consultations import services
        from participation.consultations.forms import AnswerForm

        if not self.is_open:
            try:
                services.require_open(self)
            except services.Refused as error:
                return self.refused(request, error.messages[0])
        if request.method != "POST":
            return self.render_route(request, "answer_form.html", form=AnswerForm(page=self))
        form = AnswerForm(request.POST, page=self)
        status = 400
        if form.is_valid():
            email = form.cleaned_data["email"]
            if hit(RATE_SCOPE, ip=_ip(request) or "", email=email, limits=ANSWER_LIMITS):
                form.add_error(None, RATE_MESSAGE)
                status = 429
            else:
                data = services.ResponseData(
                    email=email, answers=form.answers(), association_name=form.cleaned_data.get("association_name", "")
                )
                try:
                    response = services.submit_response(self, data, ip=_ip(request), language=get_language())
                except services.Refused as error:
                    form.add_error(None, error.messages)
                    status = 409
                except ValidationError as error:
                    form.add_service_errors(error)
                else:
                    messages.success(request, _(
                        "Thank you. Your answers are recorded under the reference %(reference)s. Check your e-mail: they "
                        "count once you confirm them with the link we sent you. The same e-mail holds a private link to "
                        "change your answers while the consultation is open."
                    ) % {"reference": response.reference})
                    return HttpResponseRedirect(self.route_path("index") + "#status")
        return self.render_route(request, "answer_form.html", form=form, status=status)

    def response_from_token(self, request, token):
        from participation.consultations.models import Response
        from participation.core.verification import read_token

        pk = read_token(token, "answer", Response)
        return Response.objects.filter(pk=pk, consultation=self).first() if pk is not None else None

    @path("confirm/<str:token>/", name="confirm_response")
    def confirm_response(self, request, token):
        from participation.consultations import services

        response = self.response_from_token(request, token)
        if response is None:
            return private_response(self.render_route(request, "response_confirm.html", status=400, state="invalid"))
        if request.method == "POST":
            state = services.confirm_response(response)
        elif response.status == "confirmed":
            state = "already"
        else:
            state = "ask" if self.is_open else "closed"
        return private_response(self.render_route(
            request, "response_confirm.html", state=state, response=response,
            change_url=self.route_path("change", response.access_token),
        ))

    @path("change/<str:token>/", name="change")
    def change(self, request, token):
        from participation.consultations import services
        from participation.consultations.forms import ChangeAnswersForm
        from participation.consultations.models import Response

        response = self.private_record(request, Response.objects.filter(consultation=self), token)
        context = {"response": response}
        if not self.is_open:
            return private_response(self.render_route(request, "response_change.html", closed=True, **context))
        if request.method != "POST":
            form = ChangeAnswersForm(page=self, initial={f"q{k}": v for k, v in services.current_answers(response).items()})
            return private_response(self.render_route(request, "response_change.html", form=form, **context))
        form = ChangeAnswersForm(request.POST, page=self)
        if form.is_valid():
            try:
                services.change_answers(response, form.answers())
            except services.Refused as error:
                form.add_error(None, error.messages)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Your answers are changed."))
                return HttpResponseRedirect(self.route_path("change", token))
        return private_response(self.render_route(request, "response_change.html", form=form, status=400, **context))

    # --- comments ----------------------------------------------------------------------------

    @path("comment/<str:section_id>/", name="comment")
    @idempotent
    def comment(self, request, section_id):
        from participation.consultations import services
        from participation.consultations.forms import CommentForm
        from participation.consultations.models import SectionComment
        from participation.core.params import record_id

        section = self.section(section_id)
        if section is None:
            raise Http404
        if not self.is_open:
            try:
                services.require_open(self, comments=True)
            except services.Refused as error:
                return self.refused(request, error.messages[0])
        reply_to = request.POST.get("parent") or request.GET.get("reply") or ""
        parent = None
        if reply_to:
            parent = SectionComment.objects.filter(
                pk=record_id(reply_to) or 0, consultation=self, section_id=section_id, is_public=True,
                is_removed=False,
            ).first()
            if parent is None:
                return self.refused(request, _("The comment you reply to does not exist in this section. Nothing was stored."),
                                    status=400)
        context = {"section_id": section_id, "section_heading": section[1], "section_body": section[2], "parent": parent}
        if request.method != "POST":
            return self.render_route(request, "comment_form.html", form=CommentForm(), **context)
        form = CommentForm(request.POST)
        status = 400
        if form.is_valid():
            data = services.CommentData(form.cleaned_data["name"], form.cleaned_data["email"], form.cleaned_data["comment"])
            if hit(COMMENT_RATE_SCOPE, ip=_ip(request) or "", email=data.email):
                form.add_error(None, RATE_MESSAGE)
                status = 429
            else:
                try:
                    services.post_comment(self, section_id, data, parent_id=parent.pk if parent else None, ip=_ip(request),
                                          language=get_language())
                except services.Refused as error:
                    form.add_error(None, error.messages)
                    status = 409
                except ValidationError as error:
                    form.add_error("comment" if hasattr(error, "error_dict") else None, error.messages)
                else:
                    messages.success(request, _(
                        "Thank you. Check your e-mail and confirm your comment with the link we sent you; it is published "
                        "once the commune's moderators have read it."
                    ))
                    return HttpResponseRedirect(self.route_path("index") + f"#section-{section_id}")
        return self.render_route(request, "comment_form.html", form=form, status=status, **context)

    @path("comment-confirm/<str:token>/", name="confirm_comment")
    def confirm_comment(self, request, token):
        from participation.consultations import services
        from participation.consultations.models import SectionComment
        from participation.core.verification import read_token

        pk = read_token(token, "comment", SectionComment)
        comment = SectionComment.objects.filter(pk=pk, consultation=self).first() if pk is not None else None
        if comment is None:
            return private_response(self.render_route(request, "comment_confirm.html", status=400, state="invalid"))
        if request.method == "POST":
            state = services.confirm_comment(comment)
        elif comment.email_confirmed_at:
            state = "already"
        else:
            state = "ask" if self.is_open else "closed"
        return private_response(self.render_route(request, "comment_confirm.html", state=state, comment=comment))

    @path("report-comment/<int:pk>/", name="report_comment")
    def report_comment(self, request, pk):
        from participation.consultations import services
        from participation.consultations.models import SectionComment

        comment = SectionComment.objects.filter(pk=pk, consultation=self, is_public=True, is_removed=False).first()
        if comment is None:
            raise Http404
        if request.method == "POST":
            if not hit(FLAG_RATE_SCOPE, ip=_ip(request) or "", email=f"comment-{comment.pk}-{_ip(request)}", limits=FLAG_LIMITS):
                services.flag_comment(comment)
            messages.success(request, _("Thank you. The commune's moderators will read this comment again."))
            return HttpResponseRedirect(self.route_path("index") + f"#section-{comment.section_id}")
        return self.render_route(request, "comment_report.html", comment=comment)
