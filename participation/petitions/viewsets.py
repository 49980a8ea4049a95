"""Admin of petitions (listed in PetitionsConfig.viewsets, shown in the "Citizen
participation" menu group).

The core's SubmissionViewSet brings scoping, the listing, exports, the inspect
view with history and notes, and one view per workflow transition. Petitions add:
the transition fields of the bureau's steps (legal grounds, committee, session
date, the council's decision and its deliberation), the three-month deadline in
the listing, the signatures of a petition (verification and the export in the
fields of the legal form), recording a petition handed in on paper, the receipt
and the supporting documents (served to staff only, never from a public URL).

A filed petition is never edited: there is no edit view, every change is a
workflow step through participation.core.services (or petitions.services).
"""
import csv
from io import BytesIO

import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateInput
from wagtail.admin.widgets.button import HeaderButton

from participation.core import access_log, scoping
from participation.core.documents import DocumentField
from participation.core.encrypted import lookup_hash
from participation.core.viewsets import (
    CommuneForm,
    PaperRecordView,
    RecordLookupMixin,
    ScopedObjectMixin,
    StoredFileView,
    SubmissionFilterSet,
    SubmissionIndexView,
    SubmissionInspectView,
    SubmissionViewSet,
    TransitionView,
    neutralise_formula,
)
from participation.petitions import rules, services
from participation.petitions.models import (
    ITEM_MAX,
    TEXT_MAX,
    TITLE_MAX,
    Channel,
    Decision,
    Petition,
    PetitionIndexPage,
    PetitionKind,
    PetitionSettings,
    Signature,
)
from participation.petitions.workflow import PetitionStatus

APP = "participation_petitions"
TEMPLATES = "participation_petitions/admin/"
VERIFY_SIGNATURES = f"{APP}.verify_signatures"
EXPORT_SIGNATURES = f"{APP}.export_signatures"
RECORD_PAPER = f"{APP}.record_paper_petition"
#: who may add an internal note: anyone who takes part in handling petitions
NOTE_PERMISSIONS = (f"{APP}.review_petition", f"{APP}.decide_petition", RECORD_PAPER, VERIFY_SIGNATURES)
#: steps staff never take through the generic transition view: a paper petition is
#: recorded with its scan and identity by RecordPaperPetitionView, in one step
ADMIN_HIDDEN_TRANSITIONS = ("file_paper",)
#: signatures may be verified while they decide something: open, or filed and awaiting admissibility
VERIFIABLE = (PetitionStatus.OPEN, PetitionStatus.FILED)
SIGNATURES_PER_PAGE = 50


# --- listing -------------------------------------------------------------------------------


class DaysLeftColumn(Column):
    """Days left on the three-month deadline (filed petitions only), flagged once overdue."""

    cell_template_name = TEMPLATES + "days_left_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        days = instance.days_left()
        context.update(days=days, overdue=days is not None and days < 0, late_by=-days if days is not None and days < 0 else 0)
        return context


def listing_threshold(petition) -> int:
    """The threshold as the listing knows it (see PetitionIndexView.get_table: one
    settings lookup per commune, not per row)."""
    threshold = getattr(petition, "_listing_threshold", None)
    return petition.threshold if threshold is None else threshold


class SignaturesColumn(Column):
    """Valid signatures against the threshold (online confirmed and counted on paper)."""

    cell_template_name = TEMPLATES + "signatures_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        threshold = listing_threshold(instance)
        total = instance.valid_signature_total
        context.update(total=total, threshold=threshold, reached=total >= threshold)
        return context


class PetitionFilterSet(SubmissionFilterSet):
    YES, NO = "yes", "no"

    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Type"), choices=PetitionKind.choices, empty_label=gettext_lazy("All"), widget=forms.RadioSelect
    )
    channel = django_filters.ChoiceFilter(
        label=gettext_lazy("Channel"), choices=Channel.choices, empty_label=gettext_lazy("All"), widget=forms.RadioSelect
    )
    overdue = django_filters.ChoiceFilter(
        label=gettext_lazy("Deadline passed"),
        choices=((YES, gettext_lazy("Overdue")), (NO, gettext_lazy("Not overdue"))),
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
        method="filter_overdue",
    )
    filed_on = django_filters.DateFromToRangeFilter(label=gettext_lazy("Date filed"), widget=DateRangePickerWidget)

    class Meta:
        model = Petition
        fields = []

    def filter_overdue(self, queryset, name, value):
        """Overdue: filed, the bureau has not decided and the deadline has passed."""
        overdue = Q(status=PetitionStatus.FILED, deadline__lt=timezone.localdate())
        if value == self.YES:
            return queryset.filter(overdue)
        if value == self.NO:
            return queryset.exclude(overdue)
        return queryset


class PetitionIndexView(SubmissionIndexView):
    """The listing, with the button to record a paper petition for those who may."""

    record_paper_url_name = None

    def get_table(self, object_list):
        # The threshold of a petition not yet filed comes from its commune's settings:
        # look them up once per commune, so the listing's queries stay flat.
        object_list = list(object_list)
        thresholds = {}
        for petition in object_list:
            if petition.signatures_required is None and petition.kind == PetitionKind.CITIZENS:
                if petition.site_id not in thresholds:
                    thresholds[petition.site_id] = PetitionSettings.for_site(petition.site).required_signatures()
                petition._listing_threshold = thresholds[petition.site_id]
        return super().get_table(object_list)

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.record_paper_url_name and self.request.user.has_perm(RECORD_PAPER):
            buttons.append(HeaderButton(_("Record a paper petition"), url=reverse(self.record_paper_url_name), icon_name="plus"))
        return buttons


# --- inspect ---------------------------------------------------------------------------------


class PetitionInspectView(SubmissionInspectView):
    """The petition, its agent (staff only), the association, the documents, the
    counts and the deadline, with links to the signatures and the receipt."""

    @cached_property
    def can_add_note(self) -> bool:
        user = self.request.user
        return any(user.has_perm(p) for p in NOTE_PERMISSIONS) and scoping.can_act_on(user, self.object)

    def get_field_display_value(self, field_name, field):
        if field_name == "inadmissibility_grounds":
            labels = dict(rules.InadmissibilityGround.choices)
            grounds = self.object.inadmissibility_grounds or []
            if not grounds:
                return "—"
            return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((labels.get(g, g),) for g in grounds)))
        return super().get_field_display_value(field_name, field)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        petition, user, name = self.object, self.request.user, self.viewset.name
        context["transitions"] = [(t, url) for t, url in context["transitions"] if t.name not in ADMIN_HIDDEN_TRANSITIONS]
        days = petition.days_left()
        context.update(
            petition=petition,
            threshold=petition.threshold,
            days_left=days,
            overdue=days is not None and days < 0,
            late_by=-days if days is not None and days < 0 else 0,
            signatures_url=(
                reverse(f"{name}:signatures", args=(quote(petition.pk),))
                if petition.channel == Channel.ONLINE and can_see_signatures(user) else None
            ),
            receipt_url=reverse(f"{name}:receipt", args=(quote(petition.pk),)) if petition.is_filed else None,
        )
        return context


class PetitionTransitionView(TransitionView):
    """The core's transition view, with the petition shown above the form; the paper
    filing is not an admin transition (see RecordPaperPetitionView)."""

    template_name = TEMPLATES + "transition.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if self.transition.name in ADMIN_HIDDEN_TRANSITIONS:
            raise Http404


# --- per-petition views (signatures, receipt, documents) ---------------------------------


def can_see_signatures(user) -> bool:
    return user.has_perm(VERIFY_SIGNATURES) or user.has_perm(EXPORT_SIGNATURES)


class PetitionObjectView(ScopedObjectMixin, RecordLookupMixin, BaseObjectMixin, WagtailAdminTemplateMixin, View):
    """A view about one petition: the permission first (no lookup without it: Wagtail's
    "no permission" answer), then the petition, 404 if it is another commune's."""

    model = Petition
    viewset = None
    object_select_related = ("site",)
    header_icon = "doc-full"
    #: the user needs one of these permissions (full names)
    permissions: tuple[str, ...] = (f"{APP}.view_petition", f"{APP}.change_petition", f"{APP}.add_petition",
                                    f"{APP}.delete_petition")

    @cached_property
    def inspect_url(self):
        return reverse(self.viewset.get_url_name("inspect"), args=(quote(self.object.pk),))

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.viewset.get_url_name("index")), "label": capfirst(Petition._meta.verbose_name_plural)},
            {"url": self.inspect_url, "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]


def signature_state(signature) -> str:
    if signature.invalid_reason:
        return "invalid"
    return "confirmed" if signature.confirmed_at else "pending"


class SignaturesView(PetitionObjectView):
    """The signatures of one petition, paginated, with the counts; staff who verify
    mark one invalid (with the reason) or count it again."""

    template_name = TEMPLATES + "signatures.html"
    permissions = (VERIFY_SIGNATURES, EXPORT_SIGNATURES)
    personal_data_access = access_log.Action.VIEW
    personal_data_model = Signature
    page_title = gettext_lazy("Signatures")
    STATES = (
        ("", gettext_lazy("All")),
        ("confirmed", gettext_lazy("Confirmed")),
        ("pending", gettext_lazy("Awaiting confirmation")),
        ("invalid", gettext_lazy("Marked invalid")),
    )

    def get_queryset(self):
        queryset = Signature.objects.filter(petition=self.object)
        state = self.request.GET.get("state", "")
        if state == "confirmed":
            queryset = queryset.filter(confirmed_at__isnull=False, invalid_reason="")
        elif state == "pending":
            queryset = queryset.filter(confirmed_at__isnull=True, invalid_reason="")
        elif state == "invalid":
            queryset = queryset.exclude(invalid_reason="")
        query = (self.request.GET.get("q") or "").strip()[:100]
        if query:
            queryset = queryset.filter(
                # the CIN is encrypted: found whole, by its keyed hash, never by a part of it
                Q(name__icontains=query) | Q(cin_hash=lookup_hash(rules.normalize_cin(query))) | Q(email__icontains=query.lower())
            )
        return queryset.order_by("created_at", "pk")

    def counts(self) -> dict:
        return Signature.objects.filter(petition=self.object).aggregate(
            total=Count("pk"),
            confirmed=Count("pk", filter=Q(confirmed_at__isnull=False, invalid_reason="")),
            pending=Count("pk", filter=Q(confirmed_at__isnull=True, invalid_reason="")),
            invalid=Count("pk", filter=~Q(invalid_reason="")),
        )

    def get(self, request, *args, **kwargs):
        paginator = Paginator(self.get_queryset(), SIGNATURES_PER_PAGE)
        page = paginator.get_page(request.GET.get("p"))
        petition = self.object
        can_verify = request.user.has_perm(VERIFY_SIGNATURES) and petition.status in VERIFIABLE
        name = self.viewset.name
        rows = [
            {
                "signature": signature,
                "state": signature_state(signature),
                "invalidate_url": reverse(f"{name}:invalidate_signature", args=(quote(petition.pk), signature.pk)),
                "restore_url": reverse(f"{name}:restore_signature", args=(quote(petition.pk), signature.pk)),
            }
            for signature in page.object_list
        ]
        params = request.GET.copy()
        params.pop("p", None)
        context = self.get_context_data(
            petition=petition,
            rows=rows,
            page_obj=page,
            paginator=paginator,
            query_string=params.urlencode(),
            counts=self.counts(),
            threshold=petition.threshold,
            can_verify=can_verify,
            verify_closed=request.user.has_perm(VERIFY_SIGNATURES) and not can_verify,
            can_export=request.user.has_perm(EXPORT_SIGNATURES),
            export_url=reverse(f"{name}:export_signatures", args=(quote(petition.pk),)),
            inspect_url=self.inspect_url,
            states=self.STATES,
            state=request.GET.get("state", ""),
            query=request.GET.get("q", ""),
            next_url=request.get_full_path(),
        )
        return TemplateResponse(request, self.template_name, context)


class SignatureActionView(PetitionObjectView):
    """POST only: mark a signature invalid (with the reason) or count it again,
    through the petitions service; back to the list with a message."""

    permissions = (VERIFY_SIGNATURES,)
    http_method_names = ["post"]
    action = None  # "invalidate" or "restore"

    def post(self, request, *args, **kwargs):
        petition = self.object
        signature = get_object_or_404(Signature, pk=self.kwargs["signature_pk"], petition=petition)
        back = self.back_url()
        if petition.status not in VERIFIABLE:
            messages.error(request, _("The signatures of this petition can no longer be changed: the bureau has decided on it."))
            return redirect(back)
        if self.action == "invalidate":
            try:
                services.invalidate_signature(signature, request.POST.get("reason", ""), request.user)
            except ValidationError as e:
                messages.error(request, " ".join(e.messages))
                return redirect(back)
            messages.success(request, _("The signature of %(name)s is marked invalid; it no longer counts.") % {"name": signature.name})
        else:
            services.restore_signature(signature, request.user)
            messages.success(request, _("The signature of %(name)s counts again.") % {"name": signature.name})
        return redirect(back)

    def back_url(self):
        default = reverse(self.viewset.get_url_name("signatures"), args=(quote(self.object.pk),))
        wanted = self.request.POST.get("next", "")
        return wanted if wanted.startswith(default) else default


class SignatureExportView(PetitionObjectView):
    """The signature list in the fields of the legal form (decree 2.16.403), for
    verification: restricted and logged. CSV (formulas neutralised) or XLSX."""

    permissions = (EXPORT_SIGNATURES,)
    personal_data_access = access_log.Action.EXPORT
    personal_data_model = Signature

    def columns(self):
        return [
            ("name", _("Full name")),
            ("cin", _("CIN number")),
            ("basis", _("Link with the commune")),
            ("address", _("Address in the commune")),
            ("activity", _("Activity in the commune")),
            ("email", _("E-mail")),
            ("signed", _("Date signed")),
            ("confirmed", _("Confirmed")),
            ("valid", _("Valid")),
            ("invalid_reason", _("Reason it is invalid")),
        ]

    def row(self, signature) -> dict:
        signed = timezone.localtime(signature.created_at).strftime("%Y-%m-%d %H:%M")
        confirmed = timezone.localtime(signature.confirmed_at).strftime("%Y-%m-%d %H:%M") if signature.confirmed_at else ""
        return {
            "name": signature.name,
            "cin": signature.cin,
            "basis": signature.get_basis_display(),
            "address": signature.address,
            "activity": signature.activity,
            "email": signature.email,
            "signed": signed,
            "confirmed": confirmed or _("No"),
            "valid": _("Yes") if signature.counts else _("No"),
            "invalid_reason": signature.invalid_reason,
        }

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export", "csv")
        if fmt not in ("csv", "xlsx"):
            raise Http404
        petition = self.object
        signatures = list(Signature.objects.filter(petition=petition).order_by("created_at", "pk"))
        services.log_signature_export(petition, request.user, len(signatures))
        self.personal_data_rows, self.personal_data_detail = len(signatures), fmt
        columns = self.columns()
        rows = [[neutralise_formula(str(value)) for value in self.row(s).values()] for s in signatures]
        headings = [str(label) for _key, label in columns]
        filename = f"{petition.reference}-signatures"
        if fmt == "xlsx":
            return self.xlsx(headings, rows, filename)
        return self.csv(headings, rows, filename)

    def csv(self, headings, rows, filename):
        class Echo:
            def write(self, value):
                return value

        writer = csv.writer(Echo())

        def stream():
            yield "\ufeff"  # a byte-order mark, so spreadsheet programs read Arabic as UTF-8
            yield writer.writerow(headings)
            for row in rows:
                yield writer.writerow(row)

        response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        response["Cache-Control"] = "no-store"
        return response

    def xlsx(self, headings, rows, filename):
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=filename[:31])
        sheet.append(headings)
        for row in rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value)
                if cell.data_type == "f":
                    cell.data_type = "s"  # text, never a formula
                cells.append(cell)
            sheet.append(cells)
        output = BytesIO()
        workbook.save(output)
        output.seek(0)
        response = FileResponse(
            output, as_attachment=True, filename=f"{filename}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Cache-Control"] = "no-store"
        return response


class ReceiptView(PetitionObjectView):
    """The receipt (وصل) of a filed petition, as PDF, for staff to print or send."""

    personal_data_access = access_log.Action.DOWNLOAD
    personal_data_detail = "receipt"

    def get(self, request, *args, **kwargs):
        petition = self.object
        if not petition.is_filed:
            raise Http404
        from participation.petitions.receipt import receipt_pdf

        response = HttpResponse(receipt_pdf(petition), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{petition.reference}.pdf"'
        response["Cache-Control"] = "no-store"
        return response


class DocumentView(StoredFileView):
    """A petition's file (scan, association documents, deliberation), to staff of its commune
    holding any petition permission (the bureau records paper petitions without viewing others)."""

    permissions = PetitionObjectView.permissions


# --- recording a paper petition ---------------------------------------------------------------


class PaperPetitionForm(CommuneForm):
    """A petition handed in on paper, as the decree's form has it: the agent, the
    text, the association (if any), the scan and the signatures counted on paper."""

    kind = forms.ChoiceField(label=gettext_lazy("Type"), choices=PetitionKind.choices, initial=PetitionKind.CITIZENS,
                             widget=forms.RadioSelect)
    title = forms.CharField(label=gettext_lazy("Subject"), min_length=10, max_length=TITLE_MAX)
    reasons = forms.CharField(label=gettext_lazy("Reasons"), min_length=20, max_length=TEXT_MAX,
                              widget=forms.Textarea(attrs={"rows": 5}))
    objectives = forms.CharField(label=gettext_lazy("Objectives"), min_length=10, max_length=TEXT_MAX,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    requested_item = forms.CharField(label=gettext_lazy("Item requested on the council's agenda"), min_length=10,
                                     max_length=ITEM_MAX, widget=forms.Textarea(attrs={"rows": 3}))
    name = forms.CharField(label=gettext_lazy("Agent's full name"), max_length=150)
    agent_cin = forms.CharField(label=gettext_lazy("Agent's CIN number"), max_length=12)
    agent_address = forms.CharField(label=gettext_lazy("Agent's address"), max_length=300)
    email = forms.EmailField(label=gettext_lazy("Agent's e-mail"))
    phone = forms.CharField(label=gettext_lazy("Agent's phone"), max_length=30, required=False)
    association_name = forms.CharField(label=gettext_lazy("Association"), max_length=200, required=False)
    association_declared_on = forms.DateField(label=gettext_lazy("Date of the association's declaration"), required=False,
                                              widget=AdminDateInput)
    association_seat = forms.CharField(label=gettext_lazy("Seat or branch in the commune"), max_length=300, required=False)
    association_seat_in_commune = forms.BooleanField(label=gettext_lazy("The seat or a branch is in the commune"), required=False)
    association_statutes = DocumentField(label=gettext_lazy("Statutes"), required=False)
    association_deposit_receipt = DocumentField(label=gettext_lazy("Receipt of the declaration"), required=False)
    association_mandate = DocumentField(label=gettext_lazy("Representative's mandate"), required=False)
    association_seat_proof = DocumentField(label=gettext_lazy("Proof of the seat or branch"), required=False)
    scan = DocumentField(label=gettext_lazy("Scan of the paper petition"),
                         help_text=gettext_lazy("The whole petition with its signature lists: PDF, JPEG or PNG."))
    paper_signature_count = forms.IntegerField(label=gettext_lazy("Signatures counted on paper"), min_value=0, max_value=1_000_000,
                                               initial=0)
    filed_on = forms.DateField(label=gettext_lazy("Handed in on"), widget=AdminDateInput,
                               help_text=gettext_lazy("The date on the receipt given to the agent; the three-month deadline runs from it."))

    ASSOCIATION_FIELDS = ("association_name", "association_declared_on", "association_seat", "association_seat_in_commune",
                          "association_statutes", "association_deposit_receipt", "association_mandate", "association_seat_proof")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["filed_on"].initial = timezone.localdate()

    def clean_agent_cin(self):
        value = self.cleaned_data["agent_cin"]
        if not rules.is_valid_cin(value):
            raise ValidationError(_("Enter a CIN number: one or two letters followed by digits, for example AB123456."))
        return rules.normalize_cin(value)

    def clean_filed_on(self):
        value = self.cleaned_data["filed_on"]
        if value > timezone.localdate():
            raise ValidationError(_("The date it was handed in cannot be in the future."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("kind") == PetitionKind.ASSOCIATION:
            if not (data.get("association_name") or "").strip():
                self.add_error("association_name", _("Give the association's name."))
            errors = rules.association_errors(
                declared_on=data.get("association_declared_on"),
                today=data.get("filed_on") or timezone.localdate(),
                seat_in_commune=bool(data.get("association_seat_in_commune")),
                has_mandate=bool(data.get("association_mandate")),
            )
            for field, message in errors.items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, message)
        return data

    def petition_data(self) -> dict:
        """The model fields for services.record_paper_petition (association fields only for an association)."""
        data = {name: value for name, value in self.cleaned_data.items() if name != "site"}
        if data["kind"] != PetitionKind.ASSOCIATION:
            for name in self.ASSOCIATION_FIELDS:
                data.pop(name, None)
        else:
            data = {k: v for k, v in data.items() if v is not None and v != ""}
        data["phone"] = self.cleaned_data.get("phone", "")
        return data


class RecordPaperPetitionView(PaperRecordView):
    """Staff record a petition handed in on paper: stored straight as filed, with its
    scan and the receipt's date, so the register is complete whatever the channel."""

    template_name = TEMPLATES + "record_paper.html"
    page_title = gettext_lazy("Record a paper petition")
    permission = RECORD_PAPER
    form_class = PaperPetitionForm
    error_message = gettext_lazy("The petition could not be recorded. Correct the errors below.")

    def record(self, site, form):
        data = form.petition_data()
        page = PetitionIndexPage.objects.live().descendant_of(site.root_page).first()
        if page is not None:
            data["page"] = page
        return services.record_paper_petition(site, data, self.request.user)

    def success(self, petition):
        messages.success(
            self.request,
            _("%(reference)s recorded as filed on %(date)s; the bureau has until %(deadline)s to notify a refusal.")
            % {
                "reference": petition.reference,
                "date": date_format(petition.filed_on, "SHORT_DATE_FORMAT"),
                "deadline": date_format(petition.deadline, "SHORT_DATE_FORMAT") if petition.deadline else "—",
            },
        )
        if petition.kind == PetitionKind.CITIZENS and petition.valid_signature_total < petition.threshold:
            messages.warning(
                self.request,
                _("It has %(count)s signatures; %(required)s are required. The bureau decides on its admissibility.")
                % {"count": petition.valid_signature_total, "required": petition.threshold},
            )


# --- the viewset ------------------------------------------------------------------------------


class SessionDateField(forms.DateField):
    """A council session cannot be held before the petition was filed."""

    def __init__(self, *, filed_on=None, **kwargs):
        super().__init__(**kwargs)
        self.filed_on = filed_on

    def validate(self, value):
        super().validate(value)
        if value and self.filed_on and value < self.filed_on:
            raise ValidationError(_("The session cannot be before the date the petition was filed."), code="before_filing")
        if value and value.year > timezone.localdate().year + 5:
            raise ValidationError(_("Enter the date of a coming session."), code="too_far")


def committee_suggestions(record) -> list[str]:
    """Committees this commune already referred petitions to (the host site's council
    pages are not imported: a plugin works without them)."""
    names = (
        Petition.objects.filter(site_id=record.site_id).exclude(committee="").order_by("committee")
        .values_list("committee", flat=True).distinct()[:10]
    )
    return list(names)


class PetitionViewSet(SubmissionViewSet):
    model = Petition
    icon = "doc-full"
    menu_label = gettext_lazy("Petitions")
    export_permission = f"{APP}.export_petition"
    ordering = "-created_at"
    list_display = [
        "reference", "title", "kind", "channel", "status", "filed_on", "deadline",
        DaysLeftColumn("days_left", label=gettext_lazy("Days left"), accessor="days_left"),
        SignaturesColumn("signatures", label=gettext_lazy("Valid signatures"), accessor="valid_signature_total"),
    ]
    list_select_related = ("site",)
    object_select_related = ("site", "page")
    filterset_class = PetitionFilterSet
    search_fields = ["reference", "title"]
    # Never the agent's identity or the signatories: a spreadsheet travels further than the admin.
    list_export = [
        "reference", "site", "created_at", "status", "kind", "channel", "title", "requested_item", "association_name",
        "opened_at", "filed_on", "deadline", "signatures_required", "signature_count", "paper_signature_count",
        "committee", "session_date", "decision", "is_public",
    ]
    inspect_view_fields = [
        "reference", "site", "created_at", "channel", "kind", "title", "reasons", "objectives", "requested_item",
        # the agent (staff only: never on public pages, in exports or the API)
        "name", "agent_cin", "agent_address", "email", "phone", "show_name", "language",
        # an association's petition
        "association_name", "association_declared_on", "association_seat", "association_seat_in_commune",
        "association_statutes", "association_deposit_receipt", "association_mandate", "association_seat_proof",
        # paper, counts and the legal clock
        "scan", "paper_signature_count", "signature_count", "signatures_required", "opened_at", "filed_on", "deadline",
        # the bureau's and the council's steps
        "inadmissibility_grounds", "inadmissibility_reason", "committee", "session_date", "decision", "deliberation",
        "is_public",
    ]
    inspect_template_name = TEMPLATES + "inspect.html"
    edit_fields = ()
    notes_relation = "notes"

    index_view_class = PetitionIndexView
    inspect_view_class = PetitionInspectView
    transition_view_class = PetitionTransitionView
    signatures_view_class = SignaturesView
    signature_action_view_class = SignatureActionView
    signature_export_view_class = SignatureExportView
    receipt_view_class = ReceiptView
    document_view_class = DocumentView
    record_paper_view_class = RecordPaperPetitionView

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(record_paper_url_name=self.get_url_name("record_paper"), **kwargs)

    def get_urlpatterns(self):
        conv = self.pk_path_converter
        return super().get_urlpatterns() + [
            path("paper/", self.construct_view(self.record_paper_view_class), name="record_paper"),
            path(f"signatures/<{conv}:pk>/", self.construct_view(self.signatures_view_class), name="signatures"),
            path(f"signatures/<{conv}:pk>/export/", self.construct_view(self.signature_export_view_class),
                 name="export_signatures"),
            path(f"signatures/<{conv}:pk>/<int:signature_pk>/invalidate/",
                 self.construct_view(self.signature_action_view_class, action="invalidate"), name="invalidate_signature"),
            path(f"signatures/<{conv}:pk>/<int:signature_pk>/restore/",
                 self.construct_view(self.signature_action_view_class, action="restore"), name="restore_signature"),
            path(f"receipt/<{conv}:pk>/", self.construct_view(self.receipt_view_class), name="receipt"),
        ]

    def transition_formfield(self, record, name):
        if name == "inadmissibility_grounds":
            return forms.MultipleChoiceField(
                label=gettext_lazy("Grounds"),
                choices=rules.InadmissibilityGround.choices,
                widget=forms.CheckboxSelectMultiple,
                initial=record.inadmissibility_grounds or [],
                error_messages={"required": gettext_lazy("Choose at least one of the legal grounds.")},
            )
        if name == "inadmissibility_reason":
            return forms.CharField(
                label=gettext_lazy("Reasons given to the agent"),
                max_length=TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 5}),
                initial=record.inadmissibility_reason,
                help_text=gettext_lazy("Sent to the agent with the grounds (organic law 113.14, article 125)."),
            )
        if name == "committee":
            suggestions = committee_suggestions(record)
            help_text = _("The standing committee the bureau refers the petition to.")
            if suggestions:
                help_text += " " + _("Already used in this commune: %(names)s.") % {"names": "، ".join(suggestions)}
            return forms.CharField(label=gettext_lazy("Standing committee"), max_length=200, initial=record.committee,
                                   help_text=help_text)
        if name == "session_date":
            proposed = rules.next_ordinary_session(timezone.localdate(), record.petition_settings.session_month_list)
            return SessionDateField(
                filed_on=record.filed_on,
                label=gettext_lazy("Date of the council session"),
                initial=record.session_date or proposed,
                widget=AdminDateInput,
                error_messages={"invalid": gettext_lazy("Enter the date of the session as a valid date, for example 2027-02-01.")},
                help_text=gettext_lazy("The first day of the next ordinary session is proposed (the commune's session months)."),
            )
        if name == "decision":
            return forms.ChoiceField(label=gettext_lazy("Council decision"), choices=Decision.choices, widget=forms.RadioSelect)
        if name == "deliberation":
            return DocumentField(
                label=gettext_lazy("Deliberation"),
                help_text=gettext_lazy("The council's deliberation: PDF, JPEG or PNG, at most 10 MB."),
            )
        return super().transition_formfield(record, name)


viewsets = [PetitionViewSet]

