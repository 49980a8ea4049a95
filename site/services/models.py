from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField

from base.blocks import RICH_TEXT_FEATURES, ContentStreamBlock
from base.models import SearchablePage


class ServiceIndexPage(SearchablePage):
    """Services and procedures, grouped by category."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = SearchablePage.content_panels + [FieldPanel("intro")]
    subpage_types = ["services.ServicePage"]
    search_text_fields = ("intro",)

    class Meta:
        verbose_name = _("services index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        services = ServicePage.objects.live().public().child_of(self).order_by("category", "title")
        groups: dict[str, list] = {}
        for service in services:
            groups.setdefault(service.category, []).append(service)
        context["service_groups"] = groups
        return context


class ServicePage(SearchablePage):
    """One administrative procedure, as a citizen needs it at the counter."""

    category = models.CharField(_("category"), max_length=100, help_text=_("e.g. Civil status, Urbanism, Economic activities"))
    summary = models.TextField(_("summary"), max_length=400)
    audience = models.TextField(_("who it is for"), blank=True)
    documents_required = StreamField(
        [("document", blocks.CharBlock(label=_("document")))], verbose_name=_("documents required"), blank=True, use_json_field=True
    )
    fees = models.CharField(_("fees"), max_length=250, blank=True)
    delay = models.CharField(_("processing time"), max_length=250, blank=True)
    office = models.CharField(_("office"), max_length=250, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=250, blank=True)
    steps = StreamField(
        [("step", blocks.TextBlock(label=_("step")))], verbose_name=_("steps"), blank=True, use_json_field=True
    )
    related_forms = StreamField(
        [("form", DocumentChooserBlock(label=_("form")))], verbose_name=_("related forms"), blank=True, use_json_field=True
    )
    notes = RichTextField(_("good to know"), blank=True, features=RICH_TEXT_FEATURES)
    body = StreamField(ContentStreamBlock(), verbose_name=_("more"), blank=True, use_json_field=True)

    content_panels = SearchablePage.content_panels + [
        FieldPanel("category"),
        FieldPanel("summary"),
        FieldPanel("audience"),
        FieldPanel("documents_required"),
        MultiFieldPanel(
            [FieldPanel("fees"), FieldPanel("delay"), FieldPanel("office"), FieldPanel("opening_hours")],
            heading=_("Where and how much"),
        ),
        FieldPanel("steps"),
        FieldPanel("related_forms"),
        FieldPanel("notes"),
        FieldPanel("body"),
    ]
    parent_page_types = ["services.ServiceIndexPage"]
    subpage_types: list[str] = []
    search_text_fields = ("category", "summary", "audience", "documents_required", "steps", "notes", "body")

    class Meta:
        verbose_name = _("service or procedure")
