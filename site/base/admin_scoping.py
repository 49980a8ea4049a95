"""Wagtail's own admin screens, kept to the staff member's commune where Wagtail or
wagtail-localize check less than the rest of the admin (found by
tests/site/test_access_walk.py, wired in base/wagtail_hooks.py):

- wagtail-localize lets anyone holding its global ``submit_translation`` permission
  translate, or update the translations of, any page or snippet — another commune's
  included, creating pages in that commune's trees. Here one may only do so for what one
  may edit.
- The admin API of images and documents lists every collection's files; the choosers and
  listings show only the collections the staff member may use. Here the API does too.
- The page chooser lists every commune's pages, drafts included: other communes' live pages
  stay (a link to them is fine), their drafts do not.
"""
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail_localize.views.submit_translations import SubmitPageTranslationView, SubmitSnippetTranslationView
from wagtail_localize.views.update_translations import UpdateTranslationsView


def may_edit(user, instance) -> bool:
    """Whether `user` may edit the page or snippet `instance` (its permission policy: for the
    plugins' per-commune snippets, that includes the commune)."""
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_edit()
    return policy_registry.get_by_type(type(instance)).user_has_permission_for_instance(user, "change", instance)


class _EditableSourceMixin:
    def get_object(self):
        obj = super().get_object()
        source = obj.get_source_instance() if hasattr(obj, "get_source_instance") else obj
        if not may_edit(self.request.user, source):
            raise PermissionDenied
        return obj


class CheckedSubmitPageTranslationView(_EditableSourceMixin, SubmitPageTranslationView):
    pass


class CheckedSubmitSnippetTranslationView(_EditableSourceMixin, SubmitSnippetTranslationView):
    pass


class CheckedUpdateTranslationsView(_EditableSourceMixin, UpdateTranslationsView):
    pass


class _UsableCollectionsMixin:
    def get_queryset(self):
        user = self.request.user
        usable = policy_registry.get_by_type(self.model).instances_user_has_any_permission_for(
            user, ["choose", "add", "change"]
        )
        return super().get_queryset().filter(pk__in=usable.values("pk"))


class ScopedImagesAdminAPIViewSet(_UsableCollectionsMixin, ImagesAdminAPIViewSet):
    pass


class ScopedDocumentsAdminAPIViewSet(_UsableCollectionsMixin, DocumentsAdminAPIViewSet):
    pass


def chooser_pages(pages, request):
    """Live pages of any commune, and the pages the staff member may explore (their drafts)."""
    user = request.user
    if user.is_superuser:
        return pages
    explorable = policy_registry.get_by_type(Page).explorable_instances(user)
    return pages.filter(Q(live=True) | Q(pk__in=explorable.values("pk")))
