"""The host site's per-commune settings, without importing the host's code.

Plugins need a few of the commune's settings (its e-mail, its CNDP reference for
the 09-08 notice). The host names its BaseSiteSetting model in
JAMAA_COMMUNE_SETTINGS_MODEL ("app_label.Model"); in Jamaa that is base.CommuneSettings.
"""
from django.apps import apps
from django.conf import settings


def commune_settings(site):
    """The commune's settings object for `site`, or None when the host has none."""
    label = getattr(settings, "JAMAA_COMMUNE_SETTINGS_MODEL", "")
    if not label or site is None:
        return None
    return apps.get_model(label).for_site(site)
