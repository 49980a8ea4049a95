"""The commune's home page: identity, quick links, latest news, upcoming events,
key documents. Each list is one query (select_related / prefetch on the cards)."""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from base.models import SearchablePage


class QuickLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"))
    description = blocks.CharBlock(label=_("description"), required=False)
    page = blocks.PageChooserBlock(label=_("page"))

    class Meta:
        icon = "link"
        label = _("Quick link")


class HomePage(SearchablePage):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    hero_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("hero image"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    service_links = StreamField(
        [("link", QuickLinkBlock())], verbose_name=_("quick links to services"), blank=True, use_json_field=True
    )
    participation_links = StreamField(
        [("link", QuickLinkBlock())], verbose_name=_("quick links to participation"), blank=True, use_json_field=True
    )

    content_panels = SearchablePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("service_links"),
        FieldPanel("participation_links"),
    ]
    search_text_fields = ("intro",)
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from events.models import EventPage
        from library.models import OfficialDocumentPage
        from news.models import NewsPage, with_card_images

        context = super().get_context(request, *args, **kwargs)
        private = Page.objects.all().private_q()  # read the view restrictions once, not once per list
        context["latest_news"] = (
            with_card_images(NewsPage.objects.live().exclude(private).descendant_of(self)).order_by("-date", "-pk")[:3]
        )
        context["upcoming_events"] = (
            EventPage.objects.live().exclude(private).descendant_of(self).filter(start__gte=timezone.now()).order_by("start")[:3]
        )
        context["key_documents"] = (
            OfficialDocumentPage.objects.live().exclude(private).descendant_of(self).filter(is_key=True)
            .select_related("document").order_by("-date", "-pk")[:4]
        )
        return context
