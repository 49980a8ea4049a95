"""Admin of requests for information (listed in InformationConfig.viewsets, shown in
the "Citizen participation" menu group).

The core's SubmissionViewSet brings scoping, the listing, exports, the inspect view
with history and notes, and one view per workflow transition. Requests add:

- the officer's queue sorted by days left (open requests first, the nearest
  deadline first), with the working days left counted on the commune's calendar
  and overdue requests flagged;
- the case file: the requester's identity (staff only), the clock, the messages
  with the requester (and a form to reply), the answer files (and a form to add
  one, checked by content), history and internal notes;
- the fields of the officer's steps (the article 7 grounds of a refusal, the
  answer, the redaction note, the body a request is transferred to...);
- recording a request received on paper or by post, with its real receipt date;
- the yearly overview a commune reports (received, answered in time or late,
  refused by ground, average delay).

Every change goes through participation.information.services or the core's
services: there is no edit view.

The calendar's staff data (Islamic holiday dates, closure days) is a core model;
its admin (participation.core.calendar_admin) is listed here, with the plugin
that needs it.
"""
import os

import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, F, IntegerField, Min, Q, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateInput
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import Site

from participation.core import scoping
from participation.core import services as core_services
from participation.core.calendar_admin import ClosureDayViewSet, HolidayOverrideViewSet
from participation.core.documents import DocumentField, stored_file_response
from participation.core.viewsets import (
    CommuneForm,
    PaperRecordView,
    RecordLookupMixin,
    ScopedObjectMixin,
    StaffPageView,
    SubmissionFilterSet,
    SubmissionIndexView,
    SubmissionInspectView,
    SubmissionViewSet,
    TransitionView,
    limit_to_communes,
)
from participation.information import rules, services
from participation.information.models import (
    SUBJECT_MAX,
    TEXT_MAX,
    AnswerFile,
    Channel,
    InformationRequest,
    InformationRequestPage,
)
from participation.information.overview import CalendarCache, yearly_overview
from participation.information.workflow import CLOSED, HANDLE, HEAD, OPEN, RECORD_PAPER, RequestStatus

APP = "participation_information"
TEMPLATES = "participation_information/admin/"
VIEW = f"{APP}.view_informationrequest"
#: who may add an internal note: the officer and the head's office answering complaints
NOTE_PERMISSIONS = (HANDLE, HEAD)
#: statuses whose deadline is running: the officer's answer, or the head's answer to a complaint
CLOCK_RUNNING = (*OPEN, RequestStatus.COMPLAINT)
def ground_labels(grounds) -> list[str]:
    labels = dict(rules.RefusalGround.choices)
    return [str(labels.get(g, g)) for g in grounds or ()]


# --- listing -------------------------------------------------------------------------------


class DaysLeftColumn(Column):
    """Working days left on the running deadline, flagged once it passed; the clock
    stands still while a clarification is awaited."""

    cell_template_name = TEMPLATES + "days_left_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        days = getattr(instance, "_working_days_left", None)
        running = instance.status in CLOCK_RUNNING and days is not None
        context.update(
            running=running,
            suspended=instance.status == RequestStatus.CLARIFICATION,
            days=days,
            overdue=running and days < 0,
            late_by=-days if running and days < 0 else 0,
        )
        return context


class InformationRequestFilterSet(SubmissionFilterSet):
    YES, NO = "yes", "no"

    urgent = django_filters.ChoiceFilter(
        label=gettext_lazy("Urgent"),
        choices=((YES, gettext_lazy("Urgent")), (NO, gettext_lazy("Not urgent"))),
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
        method="filter_urgent",
    )
    overdue = django_filters.ChoiceFilter(
        label=gettext_lazy("Deadline passed"),
        choices=((YES, gettext_lazy("Overdue")), (NO, gettext_lazy("Not overdue"))),
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
        method="filter_overdue",
    )
    channel = django_filters.ChoiceFilter(
        label=gettext_lazy("Channel"), choices=Channel.choices, empty_label=gettext_lazy("All"), widget=forms.RadioSelect
    )
    received_on = django_filters.DateFromToRangeFilter(label=gettext_lazy("Received on"), widget=DateRangePickerWidget)

    class Meta:
        model = InformationRequest
        fields = []

    def filter_urgent(self, queryset, name, value):
        if value == self.YES:
            return queryset.filter(urgent=True)
        if value == self.NO:
            return queryset.filter(urgent=False)
        return queryset

    def filter_overdue(self, queryset, name, value):
        """Overdue: the officer (or the head, for a complaint) has not answered and the deadline has passed."""
        overdue = Q(status__in=CLOCK_RUNNING, deadline__lt=timezone.localdate())
        if value == self.YES:
            return queryset.filter(overdue)
        if value == self.NO:
            return queryset.exclude(overdue)
        return queryset


class InformationRequestIndexView(SubmissionIndexView):
    """The officer's queue: by default the requests whose clock runs first, nearest
    deadline first; buttons to record a paper request and to the yearly overview."""

    record_paper_url_name = None
    overview_url_name = None
    DAYS_LEFT = "days_left"

    def get_valid_orderings(self):
        return [*super().get_valid_orderings(), self.DAYS_LEFT]

    def order_queryset(self, queryset):
        if self.ordering in (self.DAYS_LEFT, "-" + self.DAYS_LEFT):
            rank = Case(
                When(status__in=CLOCK_RUNNING, then=Value(0)),
                When(status=RequestStatus.CLARIFICATION, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
            deadline = F("deadline").asc(nulls_last=True)
            if self.ordering.startswith("-"):
                deadline = F("deadline").desc(nulls_last=True)
            return queryset.annotate(_clock_rank=rank).order_by("_clock_rank", deadline, "-created_at", "-pk")
        return super().order_queryset(queryset)

    def get_table(self, object_list):
        # Working days left: the commune's closure days are looked up once per commune
        # and year, so the listing's queries stay flat however many requests it shows.
        object_list = list(object_list)
        calendar, today = CalendarCache(), timezone.localdate()
        for record in object_list:
            if record.status in CLOCK_RUNNING:
                record._working_days_left = calendar.working_days_left(record, today)
        return super().get_table(object_list)

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        if "refusal_grounds" in row:
            row["refusal_grounds"] = "; ".join(ground_labels(item.refusal_grounds))
        return row

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        user = self.request.user
        if self.record_paper_url_name and user.has_perm(RECORD_PAPER):
            buttons.append(
                HeaderButton(_("Record a request received on paper or by post"), url=reverse(self.record_paper_url_name),
                             icon_name="plus")
            )
        if self.overview_url_name and user.has_perm(VIEW):
            buttons.append(HeaderButton(_("Yearly overview"), url=reverse(self.overview_url_name), icon_name="table"))
        return buttons


# --- inspect -----------------------------------------------------------------------------------


class MessageForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Message to the requester"), min_length=2, max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Shown on the requester's follow-up page and sent by e-mail."),
    )


class AnswerFileForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title of the document"), max_length=200)
    file = DocumentField(
        label=gettext_lazy("File"), help_text=gettext_lazy("PDF, JPEG or PNG, at most 10 MB."),
    )


def answer_file_url(viewset_name: str, answer_file) -> str:
    return reverse(f"{viewset_name}:answer_file", args=(quote(answer_file.request_id), answer_file.pk))


class InformationRequestInspectView(SubmissionInspectView):
    """The case file: the request, the requester's identity (staff only), the clock,
    the messages (with a form to reply), the answer files (with a form to add one),
    history, internal notes and the log."""

    MESSAGE_PREFIX = "message"
    FILE_PREFIX = "answer"

    @cached_property
    def can_add_note(self) -> bool:
        user = self.request.user
        return any(user.has_perm(p) for p in NOTE_PERMISSIONS) and scoping.can_act_on(user, self.object)

    @cached_property
    def can_reply(self) -> bool:
        return self.request.user.has_perm(HANDLE) and scoping.can_act_on(self.request.user, self.object)

    @cached_property
    def can_add_file(self) -> bool:
        record = self.object
        closed = record.status == RequestStatus.COMPLAINT_ANSWERED or (record.status in CLOSED and record.answered_on is None)
        return self.can_reply and not closed

    def get_field_display_value(self, field_name, field):
        if field_name == "refusal_grounds":
            labels = ground_labels(self.object.refusal_grounds)
            if not labels:
                return "—"
            return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((label,) for label in labels)))
        return super().get_field_display_value(field_name, field)

    def post(self, request, *args, **kwargs):
        prefix = next((p for p in (self.MESSAGE_PREFIX, self.FILE_PREFIX) if f"{p}-form" in request.POST), None)
        if prefix is None:
            return super().post(request, *args, **kwargs)  # an internal note
        if not self.can_reply:
            raise PermissionDenied
        if prefix == self.MESSAGE_PREFIX:
            form = MessageForm(request.POST, prefix=prefix)
            action = self._send_message
            error = _("The message could not be sent.")
        else:
            form = AnswerFileForm(request.POST, request.FILES, prefix=prefix)
            action = self._add_file
            error = _("The file could not be added.")
        if form.is_valid():
            try:
                done = action(form)
            except core_services.TransitionNotAllowed as e:
                context = self.get_context_data(message=str(e), inspect_url=request.path)
                return TemplateResponse(request, TransitionView.refused_template_name, context, status=403)
            except ValidationError as e:
                for field, errors in (e.message_dict if hasattr(e, "error_dict") else {None: e.messages}).items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, done)
                return redirect(self.viewset.get_url_name("inspect"), quote(self.object.pk))
        messages.validation_error(request, error, form)
        return self.render_to_response(self.get_context_data(**{f"{prefix}_form": form}))

    def _send_message(self, form):
        services.send_message(self.object, form.cleaned_data["text"], user=self.request.user)
        return _("Message sent to the requester.")

    def _add_file(self, form):
        services.add_answer_file(self.object, form.cleaned_data["title"], form.cleaned_data["file"], self.request.user)
        return _("File added to the answer.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record, name = self.object, self.viewset.name
        today = timezone.localdate()
        days = None
        if record.status in CLOCK_RUNNING and record.deadline:
            days = CalendarCache().working_days_left(record, today)
        files = list(record.files.all())
        context.update(
            information_request=record,
            clock_running=record.status in CLOCK_RUNNING,
            working_days_left=days,
            overdue=days is not None and days < 0,
            late_by=-days if days is not None and days < 0 else 0,
            original_deadline=self._original_deadline(record) if record.extended else None,
            request_messages=list(record.messages.select_related("author")),
            answer_files=[(f, answer_file_url(name, f)) for f in files],
            can_reply=self.can_reply,
            can_add_file=self.can_add_file,
            refusal_ground_labels=ground_labels(record.refusal_grounds),
        )
        if self.can_reply:
            context["message_form"] = kwargs.get("message_form") or MessageForm(prefix=self.MESSAGE_PREFIX)
        if self.can_add_file:
            context["answer_form"] = kwargs.get("answer_form") or AnswerFileForm(prefix=self.FILE_PREFIX)
        return context

    @staticmethod
    def _original_deadline(record):
        """The deadline before the extension (for the case file: the extension had to be announced by then)."""
        return rules.due_date(
            record.received_on, urgent=record.urgent, extended=False, closures=record.closures(),
            suspended=record.suspended_working_days, periods=record.periods,
        )


class InformationTransitionView(TransitionView):
    """The core's transition view, with the request summarised above the form."""

    template_name = TEMPLATES + "transition.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.object
        if record.status in CLOCK_RUNNING and record.deadline:
            context["working_days_left"] = CalendarCache().working_days_left(record, timezone.localdate())
        if self.transition.name == "extend" and "form" in context and not context["form"].is_bound:
            context["guard_message"] = record.extension_refusal()  # say it before the officer writes the reason
        return context


class RequestObjectView(ScopedObjectMixin, RecordLookupMixin, BaseObjectMixin, WagtailAdminTemplateMixin, View):
    """A view about one request: the permission first (Wagtail's "no permission"
    answer without it), then the request, 404 if it is another commune's."""

    model = InformationRequest
    viewset = None
    object_select_related = ("site",)
    permissions: tuple[str, ...] = (VIEW,)


class AnswerFileView(RequestObjectView):
    """An answer file, served to the staff of the request's commune."""

    def get(self, request, *args, **kwargs):
        answer_file = get_object_or_404(AnswerFile, pk=self.kwargs["file_pk"], request=self.object)
        name = f"{self.object.reference}-{answer_file.pk}{os.path.splitext(answer_file.file.name)[1].lower()}"
        return stored_file_response(answer_file.file, name)


# --- paper and post -------------------------------------------------------------------------


class PaperRequestForm(CommuneForm):
    """A request received at the office or by post, with what article 14 asks."""

    channel = forms.ChoiceField(
        label=gettext_lazy("Received"), choices=[(Channel.PAPER, Channel.PAPER.label), (Channel.MAIL, Channel.MAIL.label)],
        initial=Channel.PAPER, widget=forms.RadioSelect,
    )
    received_on = forms.DateField(
        label=gettext_lazy("Received on"), widget=AdminDateInput,
        help_text=gettext_lazy("The date the commune received it (the stamp on the letter): the deadline runs from it."),
        error_messages={"invalid": gettext_lazy("Enter a valid date, for example 2026-03-02.")},
    )
    name = forms.CharField(label=gettext_lazy("Requester's full name"), max_length=150)
    address = forms.CharField(label=gettext_lazy("Address"), max_length=300)
    id_number = forms.CharField(label=gettext_lazy("CIN or residence card number"), max_length=20)
    email = forms.EmailField(label=gettext_lazy("E-mail"), help_text=gettext_lazy("Where the commune's answer and messages are sent."))
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=30, required=False)
    subject = forms.CharField(label=gettext_lazy("Subject"), min_length=5, max_length=SUBJECT_MAX)
    information_requested = forms.CharField(
        label=gettext_lazy("Information requested"), min_length=10, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )
    delivery_form = forms.ChoiceField(label=gettext_lazy("Form of delivery"), choices=rules.DeliveryForm.choices,
                                      widget=forms.RadioSelect)
    urgent = forms.BooleanField(label=gettext_lazy("Urgent (a person's life, safety or freedom is at stake)"), required=False)
    urgency_justification = forms.CharField(label=gettext_lazy("Why it is urgent"), max_length=TEXT_MAX, required=False,
                                            widget=forms.Textarea(attrs={"rows": 3}))
    register_opt_out = forms.BooleanField(label=gettext_lazy("The requester asks to keep it out of the public register"),
                                          required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise ValidationError(_("Enter the date the commune received the request (not in the future)."))
        if value.year < timezone.localdate().year - 1:
            raise ValidationError(_("Enter a date within the last two years."))
        return value

    def clean_id_number(self):
        return "".join(self.cleaned_data["id_number"].split()).upper()

    def clean(self):
        data = super().clean()
        if data.get("urgent") and not (data.get("urgency_justification") or "").strip():
            self.add_error("urgency_justification", _("Say why the request is urgent (a person's life, safety or freedom)."))
        return data

    def request_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "site"}


class RecordPaperRequestView(PaperRecordView):
    """Staff record a request received on paper or by post, with the real receipt
    date: its deadline runs from that date, not from the day it is typed in."""

    template_name = TEMPLATES + "record_paper.html"
    page_title = gettext_lazy("Record a request received on paper or by post")
    permission = RECORD_PAPER
    form_class = PaperRequestForm
    error_message = gettext_lazy("The request could not be recorded. Correct the errors below.")

    def record(self, site, form):
        page = InformationRequestPage.objects.live().descendant_of(site.root_page).first()
        return services.record_paper_request(site, form.request_data(), self.request.user, page=page)

    def success(self, record):
        messages.success(
            self.request,
            _("%(reference)s recorded as received on %(date)s; the answer is due by %(deadline)s.")
            % {
                "reference": record.reference,
                "date": date_format(record.received_on, "SHORT_DATE_FORMAT"),
                "deadline": date_format(record.deadline, "SHORT_DATE_FORMAT") if record.deadline else "—",
            },
        )


# --- the yearly overview ------------------------------------------------------------------------


class OverviewForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, choices=())
    site = forms.ModelChoiceField(label=gettext_lazy("Commune"), queryset=Site.objects.none(), required=False,
                                  empty_label=gettext_lazy("All my communes"))

    def __init__(self, *args, years, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        limit_to_communes(self, sites)


class OverviewView(StaffPageView):
    """The yearly overview of requests for information, for the staff's communes."""

    template_name = TEMPLATES + "overview.html"
    page_title = gettext_lazy("Requests for information: yearly overview")
    header_icon = "table"
    permission = VIEW

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        queryset = scoping.scope(InformationRequest.objects.all(), request.user)
        sites = self.sites
        first = queryset.aggregate(first=Min("received_on"))["first"]
        years = list(range(today.year, (first.year if first and first.year < today.year else today.year) - 1, -1))
        form = OverviewForm(request.GET or None, years=years, sites=sites)
        year, site = today.year, None
        if form.is_bound and form.is_valid():
            year = form.cleaned_data["year"]
            site = form.cleaned_data.get("site")
        elif form.is_bound:
            form = OverviewForm(years=years, sites=sites)  # a bad value: the default year, no 500
        if site is not None:
            queryset = queryset.filter(site=site)
        context = self.get_context_data(
            form=form, year=year, numbers=yearly_overview(queryset, year, today), today=today,
            index_url=reverse(self.viewset.get_url_name("index")),
        )
        return TemplateResponse(request, self.template_name, context)


# --- the viewset --------------------------------------------------------------------------------


class InformationRequestViewSet(SubmissionViewSet):
    model = InformationRequest
    icon = "help"
    menu_label = gettext_lazy("Requests for information")
    export_permission = f"{APP}.export_informationrequest"
    ordering = InformationRequestIndexView.DAYS_LEFT
    list_display = [
        "reference", "subject",
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display", sort_key="status"),
        "received_on", "deadline",
        DaysLeftColumn("days_left", label=gettext_lazy("Working days left"), sort_key="days_left"),
        BooleanColumn("urgent", label=gettext_lazy("Urgent"), sort_key="urgent"),
        Column("channel", label=gettext_lazy("Channel"), accessor="get_channel_display", sort_key="channel"),
    ]
    list_select_related = ("site",)
    object_select_related = ("site", "page")
    filterset_class = InformationRequestFilterSet
    search_fields = ["reference", "subject"]
    # Never the requester's identity or contact: a spreadsheet travels further than the admin.
    list_export = [
        "reference", "site", "created_at", "received_on", "channel", "status", "subject", "delivery_form", "urgent",
        "deadline", "extended", "answered_on", "refusal_grounds", "transferred_to", "complaint_on",
        "complaint_answered_on", "is_public",
    ]
    inspect_view_fields = [
        "reference", "site", "created_at", "channel", "received_on", "subject", "information_requested", "delivery_form",
        "urgent", "urgency_justification", "register_opt_out",
        # the requester's identity is shown above the fields (inspect.html), staff only
        "language",
        # the officer's steps and the remedies
        "clarification_question", "clarification_asked_on", "clarification_reply", "extension_reason",
        "public_answer", "redaction_note", "refusal_grounds", "refusal_reason", "transferred_to", "answered_on",
        "complaint", "complaint_on", "complaint_answer", "complaint_answered_on", "is_public",
    ]
    inspect_template_name = TEMPLATES + "inspect.html"
    edit_fields = ()
    notes_relation = "notes"

    index_view_class = InformationRequestIndexView
    inspect_view_class = InformationRequestInspectView
    transition_view_class = InformationTransitionView
    record_paper_view_class = RecordPaperRequestView
    overview_view_class = OverviewView
    answer_file_view_class = AnswerFileView

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            record_paper_url_name=self.get_url_name("record_paper"), overview_url_name=self.get_url_name("overview"), **kwargs
        )

    def get_urlpatterns(self):
        conv = self.pk_path_converter
        return super().get_urlpatterns() + [
            path("paper/", self.construct_view(self.record_paper_view_class), name="record_paper"),
            path("overview/", self.construct_view(self.overview_view_class), name="overview"),
            path(f"file/<{conv}:pk>/<int:file_pk>/", self.construct_view(self.answer_file_view_class), name="answer_file"),
        ]

    def transition_formfield(self, record, name):
        def text(label, initial="", help_text="", rows=5):
            return forms.CharField(label=label, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": rows}),
                                   initial=initial, help_text=help_text)

        if name == "refusal_grounds":
            return forms.MultipleChoiceField(
                label=gettext_lazy("Grounds (article 7)"),
                choices=rules.RefusalGround.choices,
                widget=forms.CheckboxSelectMultiple,
                initial=record.refusal_grounds or [],
                error_messages={"required": gettext_lazy(
                    "A refusal must cite at least one of the exceptions of article 7 of law 31.13."
                )},
            )
        if name == "refusal_reason":
            return text(gettext_lazy("Reasons for the refusal"), record.refusal_reason,
                        gettext_lazy("Sent to the requester with the grounds; say how they apply to this request."))
        if name == "public_answer":
            return text(gettext_lazy("Answer"), record.public_answer,
                        gettext_lazy("Sent to the requester; published in the register (without the requester's identity) "
                                     "unless they opted out. Add the answer files on the request's page first."), rows=8)
        if name == "redaction_note":
            return text(gettext_lazy("What was withheld and why"), record.redaction_note,
                        gettext_lazy("Which parts were removed and which exception of article 7 applies to each."))
        if name == "transferred_to":
            return forms.CharField(label=gettext_lazy("Body that holds the information"), max_length=200,
                                   initial=record.transferred_to)
        if name == "extension_reason":
            return text(gettext_lazy("Reason for the extension"), record.extension_reason,
                        gettext_lazy("Sent to the requester before the deadline; the deadline is extended once."), rows=4)
        if name == "clarification_question":
            return text(gettext_lazy("Clarification asked"), record.clarification_question,
                        gettext_lazy("The clock stands still until the requester answers."), rows=4)
        if name == "complaint_answer":
            return text(gettext_lazy("Answer to the complaint"), record.complaint_answer)
        return super().transition_formfield(record, name)


viewsets = [InformationRequestViewSet, HolidayOverrideViewSet, ClosureDayViewSet]
