"""sitemap.xml of the requesting commune only: its page tree in every language."""
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class CommuneSitemap(Sitemap):
    def items(self):
        site = self.get_wagtail_site()
        roots = site.root_page.get_translations(inclusive=True)
        pages = Page.objects.none()
        for root in roots:
            pages |= Page.objects.descendant_of(root, inclusive=True)
        return pages.live().public().order_by("path").defer_streamfields().specific()
