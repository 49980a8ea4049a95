"""An embed finder for tests: the real ones call video sites outside this machine."""
from wagtail.embeds.finders.base import EmbedFinder


class FakeEmbedFinder(EmbedFinder):
    def accept(self, url):
        return url.startswith("https://video.example/")

    def find_embed(self, url, max_width=None, max_height=None):
        return {"title": "video", "type": "video", "html": '<div class="fake-embed"></div>', "width": 640, "height": 360}


embed_finder_class = FakeEmbedFinder
