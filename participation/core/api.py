"""The public read-only API at /api/v1/ (django-ninja): each plugin's router is
mounted under its slug (/api/v1/<slug>/). Only public records, never personal
data: plugin routers return schemas that list their public fields one by one.

The OpenAPI schema is at /api/v1/openapi.json. The interactive docs page
(/api/v1/docs) exists only when "ninja" is in INSTALLED_APPS, so that it is served
from our own static files: without it ninja would load Swagger UI from a CDN and
tell a third party about every visitor.
"""
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from ninja import NinjaAPI, Router

from participation.core.apps import plugins


def build_api() -> NinjaAPI:
    """A NinjaAPI with one router per installed plugin that declares `api_router`.

    Works with no plugin router at all (the API then only serves its schema), and can
    be called more than once (tests): ninja routers are templates bound per API.
    """
    api = NinjaAPI(
        title="Jamaa — citizen participation",
        version="1",
        urls_namespace="participation_api",
        description=(
            "Public records of the commune's participation plugins, for the commune answering on the "
            "request's host name. Read-only; no personal data."
        ),
        docs_url="/docs" if apps.is_installed("ninja") else None,
    )
    for plugin in plugins():
        router = plugin.get_api_router()
        if router is None:
            continue
        if not isinstance(router, Router):
            raise ImproperlyConfigured(f"{plugin.name}.api_router must name a ninja Router, not {type(router).__name__}.")
        api.add_router(f"/{plugin.slug}/", router)
    return api
