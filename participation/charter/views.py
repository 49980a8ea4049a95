"""Routes of the charter page (mixed into CharterPage), all without JavaScript.

- ``detail``       the charter: its parts, the commitments of each party, its adoption
                   history, how many have joined, links to join, the register and monitoring;
- ``join``         the adhesion form of an association or of a citizen (GET) and its POST;
- ``confirm``      the e-mailed link: GET shows a button, only its POST confirms;
- ``adhesion``     the adherent's private page (status, history, links to complete, withdraw
                   and the certificate); never cached, never indexed;
- ``complete``     an association completes its file when the commune asks for information;
- ``withdraw``     GET shows a button, only its POST withdraws;
- ``certificate``  the certificate of adhesion (PDF) of a validated association (private link);
- ``register``     the public register: associations (name, field, date), citizens counted,
                   named only with their consent; never an e-mail or a contact;
- ``monitoring``   each indicator's trend (tables with captions, bars drawn beside them) and
                   the joint monitoring cell.

Models and forms are imported inside the methods: models.py imports this module. Views never
store anything themselves: they call participation.charter.services.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.contrib.routable_page.models import path

from participation.core.antiabuse import hit
from participation.core.antiabuse import valid_client_ip as _ip
from participation.core.idempotency import idempotent
from participation.core.routes import PluginPageRoutes
from participation.core.views import private_response

TEMPLATES = "participation_charter/"
RATE_SCOPE = "charter"
KINDS = ("association", "citizen")
PER_PAGE = 50


class CharterRoutes(PluginPageRoutes):
    templates = TEMPLATES

    # --- what the pages share ------------------------------------------------------------------

    def charter_adhesions(self):
        from participation.charter.models import Adhesion

        return Adhesion.objects.filter(charter=self.canonical())

    def adherent_counts(self) -> dict:
        """Valid associations and citizens (one query)."""
        counts = self.charter_adhesions().filter(status="valid").aggregate(
            associations=Count("pk", filter=Q(kind="association")), citizens=Count("pk", filter=Q(kind="citizen")),
        )
        return counts

    def adoption_history(self):
        return list(self.adoption_steps.select_related("linked_page", "document").order_by("date", "sort_order"))

    def links(self) -> dict:
        return {
            "join_association_url": self.route_path("join", "association"),
            "join_citizen_url": self.route_path("join", "citizen"),
            "register_url": self.route_path("register"),
            "monitoring_url": self.route_path("monitoring"),
        }

    # --- the charter ---------------------------------------------------------------------------

    @path("", name="detail")
    def detail(self, request):
        from participation.charter.services import closed_reason

        history = self.adoption_history()
        for step in history:
            step.link = step.linked_page.get_url(request) if step.linked_page_id and step.linked_page.live else ""
        return self.render_route(
            request, "charter_page.html", history=history, counts=self.adherent_counts(),
            closed_reason=closed_reason(self), **self.links(),
        )

    # --- joining -------------------------------------------------------------------------------

    @path("join/<slug:kind>/", name="join")
    @idempotent
    def join(self, request, kind):
        from participation.charter import services
        from participation.charter.blocks import Party
        from participation.charter.forms import AdhesionForm

        if kind not in KINDS:
            raise Http404
        party = Party.ASSOCIATIONS if kind == "association" else Party.CITIZENS
        context = {"kind": kind, "commitments": self.commitments_of(party) or self.canonical().commitments_of(party)}
        refusal = services.closed_reason(self)
        if refusal:
            return self.render_route(request, "charter_join.html", status=200 if request.method == "GET" else 400,
                                     closed_reason=refusal, form=None, **context)
        if request.method != "POST":
            return self.render_route(request, "charter_join.html", form=AdhesionForm(kind=kind), closed_reason=None,
                                     **context)
        form = AdhesionForm(request.POST, request.FILES, kind=kind)
        if form.is_valid():
            data = form.adhesion_data()
            ip = _ip(request)
            if hit(RATE_SCOPE, ip=ip or "", email=data["email"]):
                form.add_error(None, _("Too many adhesions were sent from your connection or your e-mail address. "
                                       "Nothing was stored: please try again in an hour."))
            else:
                try:
                    adhesion = services.join(self, kind, data, ip=ip, language=get_language())
                except ValidationError as error:
                    form.add_error(None, error.messages)
                else:
                    return HttpResponseRedirect(self.route_path("adhesion", adhesion.access_token) + "?joined=1")
        return self.render_route(request, "charter_join.html", status=400, form=form, closed_reason=None,
                                 files_lost=bool(request.FILES), **context)

    @path("confirm/<str:token>/", name="confirm")
    def confirm(self, request, token):
        from participation.charter import services
        from participation.charter.models import Adhesion
        from participation.core.verification import read_token

        pk = read_token(token, "adhesion", Adhesion)
        adhesion = self.charter_adhesions().filter(pk=pk).first() if pk else None
        if adhesion is None:
            return private_response(self.render_route(request, "charter_confirm.html", status=400, state="invalid"))
        if request.method == "POST":
            state = services.confirm(adhesion)
        elif adhesion.email_verified_at:
            state = "already"
        else:
            state = "ask" if adhesion.status == "unverified" else "closed"
        adhesion.refresh_from_db()
        return private_response(self.render_route(
            request, "charter_confirm.html", state=state, adhesion=adhesion,
            status=400 if state == "closed" and request.method == "POST" else 200,
            private_url=self.route_path("adhesion", adhesion.access_token),
        ))

    # --- the adherent's private page ---------------------------------------------------------

    def adhesion_by_token(self, request, token: str):
        return self.private_record(request, self.charter_adhesions().select_related("site"), token)

    def private_context(self, adhesion) -> dict:
        from participation.charter.workflow import WITHDRAWABLE, AdhesionStatus

        token = adhesion.access_token
        history = list(adhesion.history.filter(is_public=True).order_by("at", "pk"))
        for entry in history:
            entry.status_label = adhesion.workflow.label_of(entry.to_status)
        return {
            "adhesion": adhesion,
            "history": history,
            "can_withdraw": adhesion.status in WITHDRAWABLE,
            "can_complete": adhesion.status == AdhesionStatus.INFORMATION,
            "has_certificate": adhesion.is_association and adhesion.status == AdhesionStatus.VALID,
            "private_url": self.route_path("adhesion", token),
            "withdraw_url": self.route_path("withdraw", token),
            "complete_url": self.route_path("complete", token),
            "certificate_url": self.route_path("certificate", token),
            "register_url": self.route_path("register"),
        }

    @path("adhesion/<str:token>/", name="adhesion")
    def adhesion(self, request, token):
        adhesion = self.adhesion_by_token(request, token)
        return private_response(self.render_route(
            request, "charter_adhesion.html", joined=request.GET.get("joined") == "1", **self.private_context(adhesion),
        ))

    @path("adhesion/<str:token>/complete/", name="complete")
    def complete(self, request, token):
        from participation.charter import services
        from participation.charter.forms import CompleteForm

        adhesion = self.adhesion_by_token(request, token)
        context = self.private_context(adhesion)
        if not context["can_complete"]:
            return private_response(self.render_route(
                request, "charter_adhesion.html", status=409 if request.method == "POST" else 200,
                error=_("This adhesion is not waiting for information."), **context,
            ))
        if request.method != "POST":
            form = CompleteForm(instance=adhesion)
        else:
            form = CompleteForm(request.POST, request.FILES, instance=adhesion)
            if form.is_valid():
                try:
                    services.complete(adhesion, form.completed_data(), form.cleaned_data.get("document"))
                except PermissionDenied as error:
                    form.add_error(None, str(error))
                except ValidationError as error:
                    form.add_error(None, error.messages)
                else:
                    messages.success(request, _("Thank you: your file is completed and sent again to the commune."))
                    return HttpResponseRedirect(context["private_url"])
        return private_response(self.render_route(
            request, "charter_complete.html", status=400 if form.errors else 200, form=form,
            files_lost=bool(request.FILES) and bool(form.errors), **context,
        ))

    @path("adhesion/<str:token>/withdraw/", name="withdraw")
    def withdraw(self, request, token):
        from participation.charter import services
        from participation.charter.workflow import WITHDRAWABLE

        adhesion = self.adhesion_by_token(request, token)
        if adhesion.status == "withdrawn":
            state = "already"
        elif adhesion.status not in WITHDRAWABLE:
            state = "closed"
        elif request.method == "POST":
            try:
                services.withdraw(adhesion)
            except PermissionDenied:
                state = "closed"
            else:
                state = "counted"
        else:
            state = "ask"
        return private_response(self.render_route(
            request, "charter_withdraw.html", state=state, adhesion=adhesion,
            status=400 if state == "closed" and request.method == "POST" else 200,
            private_url=self.route_path("adhesion", token),
        ))

    # Wagtail serves only paths of "/"-ended segments without dots: not "certificate.pdf"
    @path("adhesion/<str:token>/certificate/", name="certificate")
    def certificate(self, request, token):
        from participation.charter.certificate import certificate_pdf

        adhesion = self.adhesion_by_token(request, token)
        if not (adhesion.is_association and adhesion.status == "valid"):
            raise Http404
        response = HttpResponse(certificate_pdf(adhesion), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{adhesion.reference}.pdf"'
        return private_response(response)

    # --- the public register and monitoring ----------------------------------------------------

    @path("register/", name="register")
    def register(self, request):
        from base.pagination import paginate
        from participation.charter.services import closed_reason

        valid = self.charter_adhesions().filter(status="valid")
        associations = valid.filter(kind="association").only(
            "pk", "association_name", "activity", "validated_at", "kind"
        ).order_by("association_name", "pk")
        named = list(
            valid.filter(kind="citizen", show_name=True, erased_at__isnull=True).order_by("name", "pk")
            .values_list("name", flat=True)[:500]
        )
        return self.render_route(
            request, "charter_register.html", associations=paginate(request, associations, PER_PAGE),
            counts=self.adherent_counts(), named_citizens=named, closed_reason=closed_reason(self), **self.links(),
        )

    @path("monitoring/", name="monitoring")
    def monitoring(self, request):
        from participation.charter.indicators import monitoring

        charter = self.canonical()
        site = self.commune_site(request)
        return self.render_route(
            request, "charter_monitoring.html", trends=monitoring(site, charter.adopted_on),
            cell=list(self.cell_members.all()), **self.links(),
        )
