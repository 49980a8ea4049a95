"""Routes of the petitions page (mixed into PetitionIndexPage).

The citizen's side, all without JavaScript:

- ``index``               intro, figures, the filterable public list, the national portal;
- ``start``/``started``   starting a citizens' or an association's petition, and its receipt;
- ``manage`` (+ ``manage_edit``, ``manage_action``, ``receipt``, ``receipt_pdf``)
                          the agent's private page: status, count, timeline, edit, withdraw,
                          file, and the receipt (وصل) once filed (never cached, never indexed);
- ``detail``/``sign``     a public petition and the form to sign it;
- ``confirm_signature``/``withdraw_signature``  the e-mailed links: GET shows a button,
                          only its POST acts.

Models and forms are imported inside the methods: models.py imports this module.
Views never change a status or store anything themselves: they call
participation.petitions.services (and the core's services.perform).
"""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.contrib.routable_page.models import path

from participation.core.antiabuse import hit
from participation.core.antiabuse import valid_client_ip as _ip
from participation.core.idempotency import idempotent
from participation.core.routes import PluginPageRoutes
from participation.core.views import private_response

RATE_SCOPE = "petitions"
SIGN_RATE_SCOPE = "petitions-sign"
#: many people sign from one shared connection (a café, a school, a mobile operator's gateway)
SIGN_LIMITS = {"ip": (200, 3600), "email": (5, 3600)}
PER_PAGE = 10
TEMPLATES = "participation_petitions/"
NATIONAL_PORTAL = "https://www.eparticipation.ma/"
AGENT_ACTIONS = ("withdraw", "file")
WITHDRAW_LINK_MAX_AGE = 365 * 24 * 3600


def with_progress(petitions):
    """Set `shown_required`, `shown_total` and `shown_missing` on each petition for the
    templates. A petition's threshold is fixed when it opens, so a list of public
    petitions costs no query here."""
    for petition in petitions:
        petition.shown_required = petition.threshold
        petition.shown_total = petition.valid_signature_total
        petition.shown_missing = max(0, petition.shown_required - petition.shown_total)
    return petitions


def public_timeline(petition) -> list:
    """The public steps of the petition, oldest first, each with its status label."""
    entries = list(petition.history.filter(is_public=True).order_by("at", "pk"))
    for entry in entries:
        entry.status_label = petition.workflow.label_of(entry.to_status)
    return entries


def ground_labels(petition) -> list[str]:
    from participation.petitions.rules import InadmissibilityGround

    labels = dict(InadmissibilityGround.choices)
    return [str(labels[g]) for g in petition.inadmissibility_grounds or [] if g in labels]


class PetitionRoutes(PluginPageRoutes):
    templates = TEMPLATES

    def petitions(self, request):
        """Every petition of this page's commune."""
        from participation.petitions.models import Petition

        return Petition.objects.filter(site=self.commune_site(request))

    def public_petitions(self, request):
        """What the public sees: a public status and published (never in preparation or not opened)."""
        from participation.petitions.workflow import PUBLIC

        return self.petitions(request).filter(status__in=PUBLIC, is_public=True)

    def petition_settings(self, request):
        from participation.petitions.models import PetitionSettings

        if getattr(self, "_petition_settings", None) is None:
            self._petition_settings = PetitionSettings.for_site(self.commune_site(request))
        return self._petition_settings

    def required_signatures(self, request) -> int:
        return self.petition_settings(request).required_signatures()

    # --- the public list -------------------------------------------------------------------

    @path("", name="index")
    def index(self, request):
        from base.pagination import paginate
        from participation.petitions.forms import PublicFilterForm

        form = PublicFilterForm(request.GET or None)
        listed = self.public_petitions(request).order_by("-created_at", "-pk")
        filtered = form.is_bound and bool(request.GET.get("status"))
        if form.is_bound and form.is_valid():
            listed = form.filter(listed)
        items = paginate(request, listed, per_page=PER_PAGE)
        required = self.required_signatures(request)
        with_progress(items)
        return self.render_route(
            request,
            "petition_index_page.html",
            filter_form=form,
            petitions=items,
            filtered=filtered,
            national_portal=NATIONAL_PORTAL,
            required_signatures=required,
            refusal_months=self.petition_settings(request).refusal_deadline_months,
            **self.figures(request),
        )

    def figures(self, request) -> dict:
        """Counts by public status, and how many are in preparation (not shown): one query."""
        from participation.petitions.models import Petition
        from participation.petitions.workflow import PUBLIC, PetitionStatus

        rows = self.petitions(request).order_by().values_list("status", "is_public").annotate(n=Count("pk"))
        counts, in_preparation = {}, 0
        for status, is_public, n in rows:
            if status == PetitionStatus.PREPARATION:
                in_preparation += n
            elif is_public and status in PUBLIC:
                counts[status] = counts.get(status, 0) + n
        statuses = [(label, counts[value]) for value, label in Petition.workflow.statuses.choices if counts.get(value)]
        return {
            "status_counts": statuses,
            "public_count": sum(counts.values()),
            "preparation_count": in_preparation,
        }

    # --- starting a petition ------------------------------------------------------------------

    @path("new/", name="start")
    @idempotent
    def start(self, request):
        from participation.petitions import services
        from participation.petitions.forms import PetitionForm
        from participation.petitions.models import PetitionKind

        kind = request.POST.get("kind") or request.GET.get("kind")
        kind = kind if kind in PetitionKind.values else PetitionKind.CITIZENS
        if request.method != "POST":
            return self.render_route(request, "petition_form.html", form=PetitionForm(kind=kind), kind=kind)
        form = PetitionForm(request.POST, request.FILES, kind=kind)
        if form.is_valid():
            ip = _ip(request)
            if hit(RATE_SCOPE, ip=ip or "", email=form.cleaned_data["email"]):
                form.add_error(None, _("Too many petitions were sent from your connection or your e-mail address. "
                                       "Nothing was stored: please try again in an hour."))
            else:
                try:
                    petition = services.start_petition(self, form.petition_data(), ip=ip, language=get_language())
                except ValidationError as error:
                    form.add_error(None, error.messages)
                else:
                    return HttpResponseRedirect(self.route_path("started", petition.access_token))
        return self.render_route(
            request, "petition_form.html", form=form, kind=kind, files_lost=bool(request.FILES), status=200
        )

    @path("started/<str:token>/", name="started")
    def started(self, request, token):
        petition = self.petition_by_token(request, token)
        manage_url = request.build_absolute_uri(self.route_path("manage", token))
        return private_response(
            self.render_route(request, "petition_started.html", petition=petition, manage_url=manage_url)
        )

    # --- the agent's private page ---------------------------------------------------------------

    def petition_by_token(self, request, token):
        return self.private_record(request, self.petitions(request), token)

    def manage_context(self, request, petition) -> dict:
        from participation.petitions.workflow import PetitionStatus as S

        with_progress([petition])
        token = petition.access_token
        return {
            "petition": petition,
            "history": public_timeline(petition),
            "grounds": ground_labels(petition),
            "can_edit": petition.status == S.PREPARATION,
            "can_withdraw": petition.status in (S.PREPARATION, S.OPEN),
            "can_file": petition.status == S.OPEN and petition.shown_missing == 0,
            "show_file": petition.status == S.OPEN,
            "show_reasons": petition.status in (S.NOT_OPENED, S.INADMISSIBLE),
            "manage_url": self.route_path("manage", token),
            "edit_url": self.route_path("manage_edit", token),
            "withdraw_url": self.route_path("manage_action", token, "withdraw"),
            "file_url": self.route_path("manage_action", token, "file"),
            "receipt_url": self.route_path("receipt", token),
            "receipt_pdf_url": self.route_path("receipt_pdf", token),
        }

    def render_manage(self, request, petition, *, status=200, error=None):
        context = self.manage_context(request, petition)
        return private_response(
            self.render_route(request, "petition_manage.html", status=status, error=error, **context)
        )

    @path("manage/<str:token>/", name="manage")
    def manage(self, request, token):
        return self.render_manage(request, self.petition_by_token(request, token))

    @path("manage/<str:token>/edit/", name="manage_edit")
    def manage_edit(self, request, token):
        from participation.core.services import TransitionNotAllowed
        from participation.petitions import services
        from participation.petitions.forms import PetitionEditForm
        from participation.petitions.workflow import PetitionStatus

        petition = self.petition_by_token(request, token)
        refusal = _("This petition can no longer be changed: its text is the one people sign or signed.")
        if petition.status != PetitionStatus.PREPARATION:
            return self.render_manage(request, petition, status=409, error=refusal)
        if request.method != "POST":
            form = PetitionEditForm(instance=petition)
        else:
            form = PetitionEditForm(request.POST, instance=petition)
            if form.is_valid():
                try:
                    services.edit_petition(petition, form.cleaned_data)
                except TransitionNotAllowed as error:
                    return self.render_manage(request, self.petition_by_token(request, token), status=409,
                                              error=str(error))
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, _("Your changes are saved."))
                    return HttpResponseRedirect(self.route_path("manage", token))
        return private_response(self.render_route(
            request, "petition_edit.html", petition=petition, form=form, manage_url=self.route_path("manage", token)
        ))

    def filed_or_404(self, request, token):
        petition = self.petition_by_token(request, token)
        if not petition.is_filed or petition.filed_on is None:
            raise Http404
        return petition

    @path("manage/<str:token>/receipt/", name="receipt")
    def receipt(self, request, token):
        from participation.petitions.receipt import receipt_closing, receipt_rows, receipt_title

        petition = self.filed_or_404(request, token)
        return private_response(self.render_route(
            request, "petition_receipt.html", petition=petition, rows=receipt_rows(petition),
            receipt_title=receipt_title(), closing=receipt_closing(petition),
            manage_url=self.route_path("manage", token), receipt_pdf_url=self.route_path("receipt_pdf", token),
        ))

    # Wagtail serves only paths of "/"-ended segments without dots: not "receipt.pdf"
    @path("manage/<str:token>/receipt-pdf/", name="receipt_pdf")
    def receipt_pdf(self, request, token):
        from participation.petitions.receipt import receipt_pdf

        petition = self.filed_or_404(request, token)
        response = HttpResponse(receipt_pdf(petition), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{petition.reference}.pdf"'
        return private_response(response)

    @path("manage/<str:token>/<slug:action>/", name="manage_action")
    def manage_action(self, request, token, action):
        from participation.core import services as core_services
        from participation.petitions import services

        if action not in AGENT_ACTIONS:
            raise Http404
        petition = self.petition_by_token(request, token)
        if request.method != "POST":
            context = self.manage_context(request, petition)
            return private_response(self.render_route(request, "petition_action.html", action=action, **context))
        try:
            if action == "file":
                services.file_petition(petition)
            else:
                core_services.perform(petition, "withdraw", core_services.CITIZEN)
        except core_services.TransitionNotAllowed as error:
            return self.render_manage(request, petition, status=403, error=str(error))
        except ValidationError as error:
            return self.render_manage(request, petition, status=400, error=" ".join(error.messages))
        if action == "file":
            messages.success(request, _("Your petition is filed with the president of the council. "
                                        "Your receipt is below and was sent to you by e-mail."))
        else:
            messages.success(request, _("Your petition is withdrawn."))
        return HttpResponseRedirect(self.route_path("manage", token))

    # --- a public petition and its signatures ---------------------------------------------------

    def public_or_404(self, request, pk):
        petition = self.public_petitions(request).filter(pk=pk).first()
        if petition is None:
            raise Http404
        return petition

    def signable(self, petition) -> bool:
        from participation.petitions.models import PetitionKind

        return petition.is_open and petition.kind == PetitionKind.CITIZENS

    @path("<int:pk>/", name="detail")
    def detail(self, request, pk, sign_form=None, status=200, sign_error=""):
        from participation.petitions.forms import SignForm

        petition = self.public_or_404(request, pk)
        with_progress([petition])
        return self.render_route(
            request,
            "petition_detail.html",
            status=status,
            petition=petition,
            history=public_timeline(petition),
            grounds=ground_labels(petition) if petition.status == "inadmissible" else [],
            signable=self.signable(petition),
            sign_form=sign_form or SignForm(),
            sign_error=sign_error,
        )

    @path("<int:pk>/sign/", name="sign")
    @idempotent
    def sign(self, request, pk):
        from participation.petitions import services
        from participation.petitions.forms import SignForm

        petition = self.public_or_404(request, pk)
        detail_url = self.route_path("detail", petition.pk)
        if request.method != "POST":
            return HttpResponseRedirect(detail_url)
        if not self.signable(petition):  # the same words as services.sign's refusal
            refusal = _("This petition does not accept signatures (it is not open for signature).")
            return self.detail(request, pk, status=400, sign_error=refusal)
        form = SignForm(request.POST)
        status = 400
        if form.is_valid():
            email = form.cleaned_data["email"]
            if hit(SIGN_RATE_SCOPE, ip=_ip(request) or "", email=email, limits=SIGN_LIMITS):
                form.add_error(None, _("Too many signatures were sent from your connection or your e-mail address. "
                                       "Nothing was stored: please try again in an hour."))
                status = 429
            else:
                try:
                    services.sign(petition, form.signature_data(), ip=_ip(request))
                except ValidationError as error:  # SignatureRefused is one
                    form.add_error(None, error)
                else:
                    messages.success(request, _("Thank you. Check your e-mail: your signature counts once you confirm "
                                                "it with the link we sent you."))
                    return HttpResponseRedirect(detail_url)
        return self.detail(request, pk, sign_form=form, status=status)

    def signature_from_token(self, request, token, purpose, max_age=None):
        from participation.core.verification import MAX_AGE, read_token
        from participation.petitions.models import Signature

        pk = read_token(token, purpose, Signature, max_age=max_age or MAX_AGE)
        if pk is None:
            return None, False
        signature = Signature.objects.filter(pk=pk).select_related("petition").first()
        if signature is not None and signature.petition.site_id != self.commune_site(request).pk:
            return None, False  # another commune's link: not valid here
        return signature, True

    @path("confirm/<str:token>/", name="confirm_signature")
    def confirm_signature(self, request, token):
        from participation.petitions import services

        signature, _valid = self.signature_from_token(request, token, "sign")
        if signature is None:
            return private_response(self.render_route(request, "signature_confirm.html", status=400, state="invalid"))
        petition = signature.petition
        if request.method == "POST":
            state = services.confirm_signature(signature)
        elif signature.confirmed_at:
            state = "already"
        else:
            state = "ask" if petition.is_open else "closed"
        return private_response(self.render_route(
            request, "signature_confirm.html", state=state, petition=petition,
            detail_url=self.route_path("detail", petition.pk) if petition.is_public else "",
        ))

    @path("withdraw/<str:token>/", name="withdraw_signature")
    def withdraw_signature(self, request, token):
        from participation.petitions import services

        signature, valid = self.signature_from_token(request, token, "withdraw", max_age=WITHDRAW_LINK_MAX_AGE)
        if not valid:
            return private_response(self.render_route(request, "signature_withdraw.html", status=400, state="invalid"))
        if signature is None:
            # a valid link whose signature is gone: it was withdrawn already
            return private_response(self.render_route(request, "signature_withdraw.html", state="already"))
        petition = signature.petition
        if request.method == "POST":
            state = "counted" if services.withdraw_signature(signature) else "closed"
        else:
            state = "ask" if petition.is_open else "closed"
        return private_response(self.render_route(
            request, "signature_withdraw.html", state=state, petition=petition,
            detail_url=self.route_path("detail", petition.pk) if petition.is_public else "",
        ))
