"""Which communes a staff member may see and act on.

A staff member works for the communes (Wagtail Sites) whose page trees their
groups hold page permissions on — the same permissions that let them edit the
plugin pages there. Superusers see every commune. Every listing, export, detail
and API view of every plugin goes through `scope()` or `can_act_on()`.
"""
from wagtail.models import GroupPagePermission, Page, Site

_CACHE_ATTR = "_jamaa_site_ids"


def _site_trees():
    """{site id: [paths of the site's root page and of its translations]} (two queries)."""
    sites = list(Site.objects.select_related("root_page"))
    keys = {s.root_page.translation_key for s in sites}
    roots = Page.objects.filter(translation_key__in=keys).values_list("translation_key", "path")
    paths_by_key: dict = {}
    for key, path in roots:
        paths_by_key.setdefault(key, []).append(path)
    return {s.pk: paths_by_key.get(s.root_page.translation_key, [s.root_page.path]) for s in sites}


def site_ids_for_user(user) -> set[int] | None:
    """Ids of the communes the user works for; None means all (superuser)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    granted = GroupPagePermission.objects.filter(group__user=user).values_list("page__path", flat=True).distinct()
    granted = list(granted)
    ids = set()
    for site_id, paths in _site_trees().items():
        for root in paths:
            if any(root.startswith(g) or g.startswith(root) for g in granted):
                ids.add(site_id)
                break
    setattr(user, _CACHE_ATTR, ids)
    return ids


def scope(queryset, user, site_field: str = "site"):
    """The part of `queryset` the user may see (records of their communes)."""
    ids = site_ids_for_user(user)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{site_field}__in": ids})


def can_act_on(user, record, site_field: str = "site") -> bool:
    ids = site_ids_for_user(user)
    return ids is None or getattr(record, f"{site_field}_id") in ids
