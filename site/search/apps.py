from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Site search: Arabic normalisation, the Elasticsearch backend with its
    database fallback, and the search page."""

    name = "search"
    label = "sitesearch"
    verbose_name = _("Search")
