"""Site-wide views: robots.txt, sitemap.xml, favicon and the error pages."""
import sys

from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.shortcuts import redirect
from django.template import loader
from django.templatetags.static import static
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from wagtail.models import Site

from base.sitemaps import CommuneSitemap

RETRY_AFTER_SECONDS = 30


@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /*/search/", "", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def sitemap(request):
    return django_sitemap(request, sitemaps={"pages": CommuneSitemap(request)})


def favicon(request):
    return redirect(static("img/favicon.svg"), permanent=True)


def page_not_found(request, exception=None):
    """404 in the active language, inside the commune's layout."""
    site = Site.find_for_request(request)
    template = loader.get_template("404.html")
    return HttpResponseNotFound(template.render({"request_path": request.path, "site": site}, request))


def server_error(request):
    """500 that cannot fail in turn: no database access, only the active language.

    When the database is what failed (stopped, restarting, unreachable), the answer is a 503 that
    says so and asks to try again shortly: nothing was stored (each submission is one
    transaction), and the site recovers by itself when the database returns (Django opens a new
    connection for the next request)."""
    language = get_language() or "ar"
    context = {"LANGUAGE_CODE": language, "LANGUAGE_BIDI": language == "ar"}
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        response = HttpResponse(loader.get_template("503.html").render(context), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render(context))
