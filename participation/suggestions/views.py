"""Routes of the suggestions box page (mixed into SuggestionBoxPage).

The citizen's side, all without JavaScript:

- ``index``            intro, public figures and the filterable public list;
- ``submit``           the form (captcha, honeypot, rate limit) → the service → redirect;
- ``receipt``          the reference and the private follow-up link;
- ``followup``         private: status, public history, answer (never cached, never indexed);
- ``detail``/``support``  a published suggestion and the form to support it;
- ``confirm_support``  the e-mailed link: GET shows a button, only its POST counts;
- ``rss``              the latest published suggestions with their answers.

Models and forms are imported inside the methods: models.py imports this module.
Views never change a status or store anything themselves: they call
participation.suggestions.services.
"""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.contrib.routable_page.models import path

from participation.core.antiabuse import hit
from participation.core.antiabuse import valid_client_ip as _ip
from participation.core.idempotency import idempotent
from participation.core.routes import PluginPageRoutes
from participation.core.views import private_response

RATE_SCOPE = "suggestions"
SUPPORT_RATE_SCOPE = "suggestions-support"
PER_PAGE = 10
TEMPLATES = "participation_suggestions/"


class SuggestionBoxRoutes(PluginPageRoutes):
    templates = TEMPLATES

    def suggestions(self, request):
        """Every suggestion of this page's commune (whatever the box or language it came through)."""
        from participation.suggestions.models import Suggestion

        return Suggestion.objects.filter(site=self.commune_site(request))

    def published(self, request):
        return self.suggestions(request).filter(is_public=True)

    def category_names(self, request, categories=None) -> dict:
        """{translation key: name in the active language} of the commune's categories (one query):
        a suggestion sent in another language shows its category in the visitor's."""
        from participation.suggestions.forms import localized_categories

        categories = categories if categories is not None else localized_categories(self.commune_site(request))
        return {c.translation_key: c.name for c in categories}

    def localize_category(self, suggestions, names):
        for suggestion in suggestions:
            suggestion.category_name = names.get(suggestion.category.translation_key, suggestion.category.name)

    # --- the public list ---------------------------------------------------------------

    @path("", name="index")
    def index(self, request):
        from base.pagination import paginate
        from participation.suggestions.forms import PublicFilterForm, localized_categories

        site = self.commune_site(request)
        categories = list(localized_categories(site))
        published = self.published(request)
        neighbourhoods = (
            published.exclude(neighbourhood="").order_by("neighbourhood").values_list("neighbourhood", flat=True).distinct()
        )
        form = PublicFilterForm(request.GET or None, categories=categories, neighbourhoods=list(neighbourhoods))
        listed = published.select_related("category").order_by("-created_at", "-pk")
        if form.is_bound and form.is_valid():
            listed = form.filter(listed)
        items = paginate(request, listed, per_page=PER_PAGE)
        self.localize_category(items, self.category_names(request, categories))
        return self.render_route(
            request,
            "suggestion_box_page.html",
            filter_form=form,
            suggestions=items,
            filtered=form.is_bound and any(request.GET.get(k) for k in form.fields),
            **self.figures(request),
        )

    def figures(self, request) -> dict:
        """Counts by status and the average days to a first answer: two aggregate queries."""
        from participation.suggestions.models import Suggestion
        from participation.suggestions.workflow import SuggestionStatus

        received = self.suggestions(request).exclude(status=SuggestionStatus.SPAM)  # spam is not a citizen's message
        counts = dict(received.order_by().values_list("status").annotate(n=Count("pk")))
        statuses = [(label, counts[value]) for value, label in Suggestion.workflow.statuses.choices if counts.get(value)]
        delay = ExpressionWrapper(F("first_answered_at") - F("created_at"), output_field=DurationField())
        average = (
            self.published(request).filter(first_answered_at__isnull=False).aggregate(average=Avg(delay))["average"]
        )
        return {
            "status_counts": statuses,
            "total_count": sum(counts.values()),
            "average_days": round(average.total_seconds() / 86400, 1) if average is not None else None,
        }

    # --- submitting ---------------------------------------------------------------------

    @path("new/", name="submit")
    @idempotent
    def submit(self, request):
        from participation.suggestions import services
        from participation.suggestions.forms import SuggestionForm

        site = self.commune_site(request)
        if request.method != "POST":
            return self.render_route(request, "suggestion_form.html", form=SuggestionForm(site=site))
        form = SuggestionForm(request.POST, request.FILES, site=site)
        status = 200
        if form.is_valid():
            ip = _ip(request)
            if hit(RATE_SCOPE, ip=ip or "", email=form.cleaned_data["email"]):
                form.add_error(None, _("Too many messages were sent from your connection or your e-mail address. "
                                       "Nothing was stored: please try again in an hour."))
                status = 429
            else:
                try:
                    suggestion = services.submit_suggestion(self, form.suggestion_data(), ip=ip, language=get_language())
                except ValidationError as error:
                    form.add_error(None, error.messages)
                else:
                    return HttpResponseRedirect(self.route_path("receipt", suggestion.access_token))
        return self.render_route(request, "suggestion_form.html", status=status, form=form, photo_lost=bool(request.FILES))

    @path("thanks/<str:token>/", name="receipt")
    def receipt(self, request, token):
        suggestion = self.private_record(request, self.suggestions(request).select_related("category"), token)
        followup_url = request.build_absolute_uri(self.route_path("followup", token))
        return private_response(self.render_route(request, "suggestion_receipt.html", suggestion=suggestion, followup_url=followup_url))

    @path("followup/<str:token>/", name="followup")
    def followup(self, request, token):
        suggestion = self.private_record(request, self.suggestions(request).select_related("category", "merged_into"), token)
        self.localize_category([suggestion], self.category_names(request))
        history = list(suggestion.history.filter(is_public=True).order_by("at", "pk"))
        for entry in history:
            entry.status_label = suggestion.workflow.label_of(entry.to_status)
        merged_into = suggestion.merged_into
        return private_response(
            self.render_route(
                request,
                "suggestion_followup.html",
                suggestion=suggestion,
                history=history,
                merged_into=merged_into if merged_into and merged_into.is_public else None,
                merged_reference=merged_into.reference if merged_into else "",
            )
        )

    # --- a published suggestion and its supports -------------------------------------------

    def published_or_404(self, request, pk):
        suggestion = self.published(request).filter(pk=pk).select_related("category").first()
        if suggestion is None:
            raise Http404
        return suggestion

    @path("<int:pk>/", name="detail")
    def detail(self, request, pk, support_form=None):
        from participation.suggestions.forms import SupportForm

        suggestion = self.published_or_404(request, pk)
        self.localize_category([suggestion], self.category_names(request))
        return self.render_route(
            request, "suggestion_detail.html", suggestion=suggestion, support_form=support_form or SupportForm()
        )

    @path("<int:pk>/support/", name="support")
    @idempotent
    def support(self, request, pk):
        from participation.suggestions import services
        from participation.suggestions.forms import SupportForm

        suggestion = self.published_or_404(request, pk)
        detail_url = self.route_path("detail", suggestion.pk)
        if request.method != "POST":
            return HttpResponseRedirect(detail_url)
        form = SupportForm(request.POST)
        if form.is_valid():
            email = form.cleaned_data["email"]
            if hit(SUPPORT_RATE_SCOPE, ip=_ip(request) or "", email=email):
                form.add_error(None, _("Too many requests were sent from your connection or your e-mail address. "
                                       "Please try again in an hour."))
            else:
                # The same answer whether or not this address already supports it: nothing leaks.
                services.request_support(suggestion, email)
                messages.success(
                    request,
                    _("Thank you. Check your e-mail: your support counts once you confirm it with the link we sent you."),
                )
                return HttpResponseRedirect(detail_url)
        return self.detail(request, pk, support_form=form)

    @path("confirm/<str:token>/", name="confirm_support")
    def confirm_support(self, request, token):
        from participation.core.verification import read_token
        from participation.suggestions import services
        from participation.suggestions.models import SuggestionSupport

        pk = read_token(token, "support", SuggestionSupport)
        support = None
        if pk is not None:
            support = (
                SuggestionSupport.objects.filter(
                    pk=pk, suggestion__site=self.commune_site(request), suggestion__is_public=True
                )
                .select_related("suggestion")
                .first()
            )
        context = {"token_valid": support is not None, "suggestion": support.suggestion if support else None}
        if support is None:
            return private_response(self.render_route(request, "support_confirm.html", status=400, state="invalid", **context))
        if request.method == "POST":
            counted = services.confirm_support(support)
            state = "counted" if counted else "already"
        else:
            state = "already" if support.verified_at else "ask"
        context["detail_url"] = self.route_path("detail", support.suggestion_id)
        return private_response(self.render_route(request, "support_confirm.html", state=state, **context))

    # --- RSS ------------------------------------------------------------------------------

    @path("rss/", name="rss")
    def rss(self, request):
        from participation.suggestions.feeds import SuggestionFeed

        return SuggestionFeed(self)(request)

