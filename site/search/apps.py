from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Site search: the query folded like the index (participation.core.search), the
    Elasticsearch backend with its database fallback, and the search page."""

    name = "search"
    label = "sitesearch"
    verbose_name = _("Search")
