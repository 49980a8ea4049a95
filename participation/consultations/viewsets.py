"""Admin of consultations (listed in ConsultationsConfig.viewsets, in the "Citizen
participation" menu group). Consultation pages themselves are edited in the page tree,
where Wagtail's page permissions scope them.

- Responses: the core's SubmissionViewSet (scoped listing, inspect with history, exports
  for holders of export_response), plus an overview of the staff member's consultations
  with the export of their written answers (restricted and logged).
- Comments: the moderators' queue (comments confirmed by e-mail and waiting, reported ones,
  published, rejected), scoped to the staff member's communes; approve / reject go through
  participation.consultations.services.
"""
import csv

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import NullAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from participation.consultations import services
from participation.consultations.models import TEXT_KINDS, Answer, CommentState, ConsultationPage, Response, SectionComment
from participation.consultations.workflow import ResponseStatus
from participation.core import scoping
from participation.core.viewsets import (
    ParticipationURLsMixin,
    ScopedViewSetMixin,
    StaffPageView,
    SubmissionInspectView,
    SubmissionViewSet,
    neutralise_formula,
)

APP = "participation_consultations"
TEMPLATES = "participation_consultations/admin/"
EXPORT = f"{APP}.export_response"
MODERATE = f"{APP}.moderate_sectioncomment"


def consultations_of(user):
    """The consultation pages of the user's communes (superusers: all)."""
    ids = scoping.site_ids_for_user(user)
    pages = ConsultationPage.objects.all()
    if ids is None:
        return pages
    from participation.core.scoping import _site_trees

    paths = [root for site_id, roots in _site_trees().items() if site_id in ids for root in roots]
    if not paths:
        return pages.none()
    condition = Q()
    for root in paths:
        condition |= Q(path__startswith=root)
    return pages.filter(condition)


# --- responses -----------------------------------------------------------------------------


class ConsultationsOverviewView(StaffPageView):
    """The staff member's consultations with their counts and the export of written answers."""

    template_name = TEMPLATES + "overview.html"
    page_title = gettext_lazy("Consultations: answers")
    header_icon = "list-ul"
    permission = f"{APP}.view_response"

    def get(self, request):
        pages = consultations_of(request.user).annotate(
            counted=Count("responses", filter=Q(responses__status=ResponseStatus.CONFIRMED)),
            pending=Count("responses", filter=Q(responses__status=ResponseStatus.PENDING)),
        ).order_by("-closes_on")
        context = self.get_context_data(
            consultations=pages, can_export=request.user.has_perm(EXPORT),
            export_url_name=self.viewset.get_url_name("export_texts"),
        )
        return TemplateResponse(request, self.template_name, context)


class TextAnswersExportView(View):
    """The written answers of one consultation (CSV; formulas neutralised): reference,
    question, answer, date. No e-mail address. Restricted to export_response and logged."""

    def get(self, request, page_id):
        if not request.user.has_perm(EXPORT):
            raise PermissionDenied
        page = consultations_of(request.user).filter(pk=page_id).first()
        if page is None:
            raise Http404
        answers = (
            Answer.objects.filter(response__consultation=page, question__kind__in=TEXT_KINDS)
            .exclude(text="")
            .select_related("question", "response")
            .order_by("question__sort_order", "response__created_at", "pk")
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="consultation-{page.pk}-written-answers.csv"'
        response.write("\ufeff")  # spreadsheet programs read UTF-8 (Arabic) correctly with a BOM
        writer = csv.writer(response)
        writer.writerow([_("Reference"), _("Counted"), _("Question"), _("Answer"), _("Date")])
        count = 0
        for answer in answers:
            writer.writerow([
                answer.response.reference,
                _("Yes") if answer.response.status == ResponseStatus.CONFIRMED else _("No"),
                neutralise_formula(answer.question.label),
                neutralise_formula(answer.text),
                timezone.localtime(answer.response.created_at).strftime("%Y-%m-%d %H:%M"),
            ])
            count += 1
        log(instance=page, action="participation.export_answers", user=request.user, data={"answers": count})
        return response


class ResponseInspectView(SubmissionInspectView):
    """The response with its answers, question by question. Written answers may hold what
    people say of themselves: shown to the staff who may export them, as in the export."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        show_texts = self.request.user.has_perm(EXPORT)
        answers = {}
        for answer in Answer.objects.filter(response=self.object).select_related("question"):
            question = answer.question
            if question.kind in TEXT_KINDS and not show_texts:
                value = _("(written answer: shown to the staff who may export answers)")
            else:
                value = answer.text or answer.choice or (str(answer.rating) if answer.rating is not None else "")
            answers.setdefault(question.pk, (question, []))[1].append(value)
        context["answers"] = sorted(answers.values(), key=lambda item: item[0].sort_order)
        return context


class ResponseViewSet(SubmissionViewSet):
    model = Response
    inspect_view_class = ResponseInspectView
    inspect_template_name = TEMPLATES + "inspect.html"
    icon = "form"
    menu_label = gettext_lazy("Consultation answers")
    list_display = ["reference", "consultation", "status", "created_at"]
    list_select_related = ("site", "consultation")
    list_export = ["reference", "site", "consultation", "association_name", "status", "created_at"]
    inspect_view_fields = ["reference", "consultation", "association_name", "status", "created_at", "updated_at"]
    search_fields = ["reference"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("consultations/", self.overview_view, name="overview"),
            path("consultations/<int:page_id>/written-answers/", self.export_texts_view, name="export_texts"),
        ]

    @property
    def overview_view(self):
        return ConsultationsOverviewView.as_view(viewset=self)

    @property
    def export_texts_view(self):
        return TextAnswersExportView.as_view()


# --- comments ------------------------------------------------------------------------------


class CommentFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("State"), choices=CommentState.CHOICES, empty_label=gettext_lazy("All"), method="filter_state",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = SectionComment
        fields = []

    def filter_state(self, queryset, name, value):
        condition = CommentState.FILTERS.get(value)
        return queryset.filter(condition) if condition is not None else queryset


def comment_state_label(comment) -> str:
    labels = dict(CommentState.CHOICES)
    return str(labels[CommentState.AWAITING if comment.state == "awaiting" else comment.state])


class ModerationColumn(Column):
    cell_template_name = TEMPLATES + "moderation_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        url_name = f"{APP}_sectioncomment:moderate"
        context.update(
            can_moderate=bool(request and request.user.has_perm(MODERATE)) and instance.email_confirmed_at is not None,
            approve_url=reverse(url_name, args=(instance.pk, "approve")),
            reject_url=reverse(url_name, args=(instance.pk, "reject")),
            comment=instance,
            csrf_token=get_token(request) if request else "",  # the cell's own context has no token
        )
        return context


class CommentIndexView(generic.IndexView):
    default_ordering = "-submit_date"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("consultation")


class ModerateView(View):
    """POST approve / reject: the moderator's decision through the service layer."""

    viewset = None

    def post(self, request, pk, action):
        if not request.user.has_perm(MODERATE):
            raise PermissionDenied
        comment = get_object_or_404(SectionComment.objects.select_related("consultation"), pk=pk)
        if not scoping.can_act_on(request.user, comment, "commune"):
            raise Http404
        step = {"approve": services.approve_comment, "reject": services.reject_comment}.get(action)
        if step is None:
            raise Http404
        try:
            step(comment, request.user)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(self.viewset.get_url_name("index"))
        done = _("The comment is published.") if action == "approve" else _("The comment is rejected: it will never be shown.")
        messages.success(request, done)
        return redirect(self.viewset.get_url_name("index"))


class CommentViewSet(ParticipationURLsMixin, ScopedViewSetMixin, ModelViewSet):
    """The moderators' queue: no add, edit or delete (a comment is approved or rejected)."""

    model = SectionComment
    site_field = "commune"
    icon = "comment"
    menu_label = gettext_lazy("Comments to moderate")
    index_view_class = CommentIndexView
    filterset_class = CommentFilterSet
    list_per_page = 30
    ordering = "-submit_date"
    copy_view_enabled = False
    inspect_view_enabled = False
    #: no screen of one comment: the usage screens (of a consultation, of a commune) list
    #: comments without a link instead of failing to reverse one (a 500)
    url_finder_class = NullAdminURLFinder
    search_fields = ["comment", "user_name"]
    search_backend_name = None
    list_display = [
        Column("comment", label=gettext_lazy("Comment"), accessor=lambda c: Truncator(c.comment).chars(160)),
        Column("user_name", label=gettext_lazy("Name")),
        Column("consultation", label=gettext_lazy("Consultation")),
        Column("section", label=gettext_lazy("Section"), accessor="section_heading"),
        Column("state", label=gettext_lazy("State"), accessor=comment_state_label),
        Column("flag_count", label=gettext_lazy("Reports")),
        Column("submit_date", label=gettext_lazy("Date")),
        ModerationColumn("moderation", label=gettext_lazy("Decision")),
    ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"add_url_name": None, "copy_url_name": None, "delete_url_name": None, "history_url_name": None,
               "usage_url_name": None, "edit_url_name": None, "inspect_url_name": None, **kwargs}
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/<slug:action>/", ModerateView.as_view(viewset=self), name="moderate"),
        ]


viewsets = [ResponseViewSet(), CommentViewSet()]
