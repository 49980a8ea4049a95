"""RSS of a news index: the 20 latest articles of that index only (so of one commune)."""
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self.index_page.title

    # Absolute links everywhere: Django would otherwise prefix relative ones with the domain of
    # django.contrib.sites (one for the whole installation), not this commune's.
    def link(self):
        return self.request.build_absolute_uri(self.index_page.get_url(self.request))

    def feed_url(self):
        return self.request.build_absolute_uri()

    def description(self):
        return self.index_page.intro

    def items(self):
        return self.index_page.articles()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return self.request.build_absolute_uri(item.get_url(self.request))

    def item_pubdate(self, item):
        import datetime

        return datetime.datetime.combine(item.date, datetime.time(9, 0))
