"""Middleware of the commune site."""
from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, except for the machine-facing URLs outside the language
    prefixes (the public API and the admin): there a 404 stays a 404 with its JSON body. Django's would
    answer it with a redirect to /ar/<path> (the Wagtail catch-all makes every such path
    look valid), which ends on an HTML page no API client expects."""

    unprefixed_paths = ("/api/", "/admin/")

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(self.unprefixed_paths):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", get_language())
            return response
        return super().process_response(request, response)


class PermissionsPolicyMiddleware:
    """Sends settings.JAMAA_PERMISSIONS_POLICY (Django has no setting for this header): the
    camera, microphone, location... stay off even if a script or an embed asks for them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.JAMAA_PERMISSIONS_POLICY)
        return response
