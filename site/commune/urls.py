from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from base import views as base_views
from participation.core.api import build_api
from search import views as search_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("captcha/", include("captcha.urls")),
    path("api/v1/", build_api().urls),
    path("robots.txt", base_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", base_views.sitemap, name="sitemap"),
    path("favicon.ico", base_views.favicon, name="favicon"),
]

urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "base.views.page_not_found"
handler500 = "base.views.server_error"
