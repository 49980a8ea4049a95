"""The host site's per-commune settings, without importing the host's code.

Plugins need a few of the commune's settings (its e-mail, its CNDP reference for
the 09-08 notice). The host names its BaseSiteSetting model in
JAMAA_COMMUNE_SETTINGS_MODEL ("app_label.Model"); in Jamaa that is base.CommuneSettings.
"""
from django.apps import apps
from django.conf import settings


def commune_settings(site, request=None):
    """The commune's settings object for `site`, or None when the host has none.

    With the request of a page of that commune, the object Wagtail keeps on the
    request is used, so a page's templates and views read the settings once."""
    label = getattr(settings, "JAMAA_COMMUNE_SETTINGS_MODEL", "")
    if not label or site is None:
        return None
    model = apps.get_model(label)
    if request is not None:
        from wagtail.models import Site

        if getattr(Site.find_for_request(request), "pk", None) == site.pk:
            return model.for_request(request)
    return model.for_site(site)
