import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField

from base.blocks import ContentStreamBlock
from base.models import SearchablePage
from base.pagination import paginate


class NewsIndexPage(RoutablePageMixin, SearchablePage):
    """Lists the commune's news, newest first, with an RSS feed at `rss/`."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = SearchablePage.content_panels + [FieldPanel("intro")]
    subpage_types = ["news.NewsPage"]
    search_text_fields = ("intro",)

    class Meta:
        verbose_name = _("news index")

    def articles(self):
        return NewsPage.objects.live().public().child_of(self).select_related("image").order_by("-date", "-pk")

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
