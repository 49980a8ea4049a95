import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField

from base.blocks import ContentStreamBlock
from base.models import SearchablePage
from base.pagination import paginate

CARD_RENDITION = "fill-480x270"


def with_card_images(articles):
    """Articles with their card image and its rendition fetched in two queries."""
    from django.db.models import Prefetch
    from wagtail.images import get_image_model

    images = get_image_model().objects.prefetch_renditions(CARD_RENDITION)
    return articles.prefetch_related(Prefetch("image", queryset=images))


class NewsIndexPage(RoutablePageMixin, SearchablePage):
    """Lists the commune's news, newest first, with an RSS feed at `rss/`."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = SearchablePage.content_panels + [FieldPanel("intro")]
    subpage_types = ["news.NewsPage"]
    search_text_fields = ("intro",)

    class Meta:
        verbose_name = _("news index")

    def articles(self):
        return with_card_images(NewsPage.objects.live().public().child_of(self)).order_by("-date", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = paginate(request, self.articles())
        return context

    @path("rss/", name="rss")
    def rss(self, request):
        from news.feeds import NewsFeed

        return NewsFeed(self)(request)


class NewsPage(SearchablePage):
    date = models.DateField(_("date"), default=datetime.date.today)
    intro = models.TextField(_("summary"), max_length=400)
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image_alt = models.CharField(_("image alternative text"), max_length=250, blank=True)
    body = StreamField(ContentStreamBlock(), verbose_name=_("body"), blank=True, use_json_field=True)

    content_panels = SearchablePage.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("image_alt"),
        FieldPanel("body"),
    ]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types: list[str] = []
    search_text_fields = ("intro", "body")

    class Meta:
        verbose_name = _("news article")
