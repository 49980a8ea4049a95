"""The public read-only API at /api/v1/ (django-ninja): each plugin's router is
mounted under its slug (/api/v1/<slug>/). Only public records, never personal
data: plugin routers return schemas that list their public fields one by one.

The OpenAPI schema is at /api/v1/openapi.json. The interactive docs page
(/api/v1/docs) exists only when "ninja" is in INSTALLED_APPS, so that it is served
from our own static files: without it ninja would load Swagger UI from a CDN and
tell a third party about every visitor.
"""
import re

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from ninja import Field, NinjaAPI, Router, Schema
from ninja.pagination import LimitOffsetPagination

from participation.core.apps import plugins
from participation.core.params import MAX_ID  # noqa: F401 (the plugins' API bounds their ids with it)

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_OFFSET = 1_000_000  # beyond any real list; bounds the SQL OFFSET (a huge one is a 422, never a 500)
REFERENCE = re.compile(r"[A-Z0-9-]{1,32}")  # anything else cannot be a reference: 404 without a query


def text_filter(max_length: int, description: str = ""):
    """An optional text parameter of a query string: bounded, and without NUL, which PostgreSQL
    cannot compare (a 500); either is a 422."""
    return Field(None, max_length=max_length, pattern=r"^[^\x00]*$", description=description)


class Pagination(LimitOffsetPagination):
    """limit/offset with bounds checked by the schema: out of range is a 422."""

    class Input(Schema):
        limit: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page.")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip.")

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_PAGE_SIZE, **kwargs)


#: the answers every operation may give besides its 200, as ninja gives them
NOT_FOUND = {"description": "No public record with this id or reference in the commune of the host name.",
             "content": {"application/json": {"schema": {
                 "type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}}}}
INVALID = {"description": "A parameter is out of its bounds or malformed (the detail says which).",
           "content": {"application/json": {"schema": {
               "type": "object", "properties": {"detail": {"type": "array", "items": {"type": "object"}}},
               "required": ["detail"]}}}}


class PublicAPI(NinjaAPI):
    """Declares in the OpenAPI schema the 404 of an operation with a path parameter (an unknown or
    unpublished record) and the 422 of one with parameters, so that clients know them."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                parameters = operation.get("parameters", [])
                responses = operation.setdefault("responses", {})
                if any(p.get("in") == "path" for p in parameters):
                    responses.setdefault("404", NOT_FOUND)
                if parameters:
                    responses.setdefault("422", INVALID)
        return schema


def build_api() -> NinjaAPI:
    """A NinjaAPI with one router per installed plugin that declares `api_router`.

    Works with no plugin router at all (the API then only serves its schema), and can
    be called more than once (tests): ninja routers are templates bound per API.
    """
    api = PublicAPI(
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
