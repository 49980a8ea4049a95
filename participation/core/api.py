"""The public read-only API at /api/v1/ (django-ninja): each plugin's router is
mounted under its slug. Only public records, never personal data: plugin routers
return schemas that list public fields explicitly."""
from ninja import NinjaAPI

from participation.core.apps import plugins


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="Jamaa — citizen participation",
        version="1",
        urls_namespace="participation_api",
        description="Public records of the communes' participation plugins. Read-only; no personal data.",
        docs_url="/docs",
    )
    for plugin in plugins():
        router = plugin.get_api_router()
        if router is not None:
            api.add_router(f"/{plugin.slug}/", router)
    return api
