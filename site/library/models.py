"""The document library: the commune's official documents by category and year.

It is also the proactive-publication register of law 31.13 (art. 10): budgets,
council decisions and minutes, the action programme are published here unasked.
"""
import datetime

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from base.models import SearchablePage
from base.pagination import paginate


class DocumentCategory(models.TextChoices):
    DECISION = "decision", _("Council decisions")
    MINUTES = "minutes", _("Minutes of sessions")
    BUDGET = "budget", _("Budgets and accounts")
    ACTION_PROGRAMME = "programme", _("Action programme")
    PROCUREMENT = "procurement", _("Tenders and competitions")
    REPORT = "report", _("Reports and studies")
    OTHER = "other", _("Other documents")


class LibraryFilterForm(forms.Form):
    """GET filters of the library; works without JavaScript."""

    category = forms.ChoiceField(label=_("Category"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, data, *, years):
        super().__init__(data)
        self.fields["category"].choices = [("", _("All categories")), *DocumentCategory.choices]
        self.fields["year"].choices = [("", _("All years")), *((y, y) for y in years)]


class DocumentLibraryPage(SearchablePage):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = SearchablePage.content_panels + [FieldPanel("intro")]
    subpage_types = ["library.OfficialDocumentPage"]
    search_text_fields = ("intro",)

    class Meta:
        verbose_name = _("document library")

    def documents(self):
        return OfficialDocumentPage.objects.live().public().child_of(self).select_related("document")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        documents = self.documents()
        years = sorted({d.year for d in documents.dates("date", "year")}, reverse=True)
        form = LibraryFilterForm(request.GET or None, years=years)
        if form.is_valid():
            if form.cleaned_data["category"]:
                documents = documents.filter(category=form.cleaned_data["category"])
            if form.cleaned_data["year"]:
                documents = documents.filter(date__year=form.cleaned_data["year"])
        context["filter_form"] = form
        context["documents"] = paginate(request, documents.order_by("-date", "-pk"), per_page=20)
        return context


class OfficialDocumentPage(SearchablePage):
    category = models.CharField(_("category"), max_length=20, choices=DocumentCategory.choices)
    date = models.DateField(_("date"), default=datetime.date.today)
    reference = models.CharField(_("reference number"), max_length=100, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("file"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_key = models.BooleanField(_("key document"), default=False, help_text=_("Shown on the home page."))

    content_panels = SearchablePage.content_panels + [
        FieldPanel("category"),
        FieldPanel("date"),
        FieldPanel("reference"),
        FieldPanel("summary"),
        FieldPanel("document"),
        FieldPanel("is_key"),
    ]
    search_fields = SearchablePage.search_fields + [index.FilterField("category"), index.FilterField("date")]
    parent_page_types = ["library.DocumentLibraryPage"]
    subpage_types: list[str] = []
    search_text_fields = ("reference", "summary")

    class Meta:
        verbose_name = _("official document")
