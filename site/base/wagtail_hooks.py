"""Wiring only: Wagtail's own admin screens kept to the staff member's commune
(base/admin_scoping.py says why)."""
from django.urls import path
from wagtail import hooks

from base import admin_scoping


@hooks.register("register_admin_urls", order=-1)
def register_checked_translation_urls():
    """Registered before wagtail-localize's own URLs, on the same paths, so that these checked
    views answer them (wagtail-localize's URL names still reverse to these paths)."""
    return [
        path("localize/submit/page/<int:page_id>/", admin_scoping.CheckedSubmitPageTranslationView.as_view(),
             name="jamaa_submit_page_translation"),
        path("localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
             admin_scoping.CheckedSubmitSnippetTranslationView.as_view(), name="jamaa_submit_snippet_translation"),
        path("localize/update/<int:translation_source_id>/", admin_scoping.CheckedUpdateTranslationsView.as_view(),
             name="jamaa_update_translations"),
    ]


@hooks.register("construct_admin_api", order=1)  # after wagtail.images and wagtail.documents register theirs
def scope_media_admin_api(router):
    router.register_endpoint("images", admin_scoping.ScopedImagesAdminAPIViewSet)
    router.register_endpoint("documents", admin_scoping.ScopedDocumentsAdminAPIViewSet)


@hooks.register("construct_page_chooser_queryset")
def hide_other_communes_drafts(pages, request):
    return admin_scoping.chooser_pages(pages, request)
