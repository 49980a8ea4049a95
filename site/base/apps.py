from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BaseConfig(AppConfig):
    """Shared pieces of the commune website: site settings, the block catalogue,
    page mixins, language links, robots/sitemap and error pages."""

    name = "base"
    verbose_name = _("Commune website")

    def ready(self):
        from base import page_cache

        page_cache.connect()
