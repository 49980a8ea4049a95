"""The plugin contract: a plugin is a Django app whose AppConfig subclasses
ParticipationAppConfig and declares, on the class, what it brings. The core finds
plugins through Django's app registry; nothing is listed in settings."""
from importlib import import_module

from django.apps import AppConfig, apps
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


class ParticipationAppConfig(AppConfig):
    """Base class of every plugin's AppConfig.

    Override points (all optional, dotted paths resolved lazily so that a plugin
    never imports the admin or the API at start-up):

    - ``page_models``: names of the plugin's Wagtail page models; staff scoping is
      based on permissions held on these pages.
    - ``viewsets``: dotted path of a list of Wagtail admin viewsets.
    - ``api_router``: dotted path of a django-ninja Router mounted at /api/v1/<label>/.
    - ``personal_data``: {model name: (field, ...)} of personal fields, for export,
      erasure and retention (LEGAL.md §4).
    - ``demo_seed``: dotted path of a callable(site, home_page) loading demo content.
    - ``indicators``: dotted path of a list of ``core.indicators.ComputedIndicator``,
      the figures the plugin computes for the charter's monitoring.
    - ``cleanup_targets``: dotted path of a list of ``core.cleanup.CleanupTarget``, the
      records staff may invalidate in bulk when spam got through.
    """

    default = False  # the base class is never an app's config itself...
    default_auto_field = "django.db.models.BigAutoField"
    page_models: tuple[str, ...] = ()
    viewsets: str | None = None
    api_router: str | None = None
    personal_data: dict[str, tuple[str, ...]] = {}  # noqa: RUF012 (read-only declaration)
    demo_seed: str | None = None
    indicators: str | None = None
    cleanup_targets: str | None = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "default" not in cls.__dict__:  # ...but a plugin's subclass is, found by Django in its apps.py
            cls.default = True

    @property
    def slug(self) -> str:
        """Short name used in URLs (api/v1/<slug>/): the label without its prefix."""
        return self.label.removeprefix("participation_")

    def get_page_models(self):
        return [self.get_model(name) for name in self.page_models]

    def get_viewsets(self):
        return list(import_string(self.viewsets)) if self.viewsets else []

    def get_api_router(self):
        return import_string(self.api_router) if self.api_router else None

    def get_personal_data_models(self):
        """[(model, fields)] of the models holding personal data."""
        return [(self.get_model(name), fields) for name, fields in self.personal_data.items()]

    def get_indicators(self):
        return list(import_string(self.indicators)) if self.indicators else []

    def get_cleanup_targets(self):
        return list(import_string(self.cleanup_targets)) if self.cleanup_targets else []

    def get_demo_seed(self):
        return import_string(self.demo_seed) if self.demo_seed else None


def plugins() -> list[ParticipationAppConfig]:
    """The installed participation plugins, in INSTALLED_APPS order."""
    return [config for config in apps.get_app_configs() if isinstance(config, ParticipationAppConfig)]


def submission_models() -> list:
    """The concrete citizens' records (Submission subclasses) of all plugins."""
    from participation.core.models import Submission

    return [model for plugin in plugins() for model in plugin.get_models() if issubclass(model, Submission)]


class CoreConfig(AppConfig):
    name = "participation.core"
    label = "participation_core"
    verbose_name = _("Citizen participation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        import_module("participation.core.checks")
