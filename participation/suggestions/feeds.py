"""RSS of a suggestions box: the 20 latest published suggestions of its commune
with their answers. Never any personal data (no names, even when shown on the site)."""
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

FEED_LENGTH = 20


class SuggestionFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, page):
        super().__init__()
        self.page = page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self.page.title

    # Absolute links everywhere: Django would otherwise prefix relative ones with the domain of
    # django.contrib.sites (one for the whole installation), not this commune's.
    def link(self):
        return self.request.build_absolute_uri(self.page.get_url(self.request))

    def feed_url(self):
        return self.request.build_absolute_uri()

    def description(self):
        return _("The latest published suggestions and the commune's answers.")

    def items(self):
        items = list(self.page.published(self.request).select_related("category").order_by("-created_at", "-pk")[:FEED_LENGTH])
        self.page.localize_category(items, self.page.category_names(self.request))
        return items

    def item_title(self, item):
        return f"{item.reference} – {item.title}"

    def item_description(self, item):
        parts = [item.text]
        if item.public_answer:
            parts.append(_("Answer of the commune: %(answer)s") % {"answer": item.public_answer})
        return "\n\n".join(parts)

    def item_link(self, item):
        return self.request.build_absolute_uri(self.page.get_url(self.request) + self.page.reverse_subpage("detail", args=[item.pk]))

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.category_name]
