"""Demo staff: one group per role and commune, scoped to that commune's pages and
collection, and one account per group. Development only: the passwords are public.

Groups are found by name and their permissions (pages, collection, site settings)
completed when missing, so a group also gets the trees of translations added since
the last load. Accounts are created only when missing and never changed afterwards.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import GroupCollectionPermission, GroupPagePermission, GroupSitePermission, Page, Site
from wagtail.users.models import UserProfile

DEMO_PASSWORD = "jamaa-demo-2026"
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "jamaa-admin-2026"
ADMIN_EMAIL = "admin@jamaa.example"

CHOOSE_MEDIA = ("wagtailimages.choose_image", "wagtaildocs.choose_document")
MANAGE_MEDIA = CHOOSE_MEDIA + (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
)
#: Every demo group may enter the admin and submit pages it can edit for translation.
GLOBAL_PERMISSIONS = ("wagtailadmin.access_admin", "wagtail_localize.submit_translation")


@dataclass(frozen=True)
class Role:
    key: str
    name_ar: str
    page_permissions: tuple[str, ...]
    collection_permissions: tuple[str, ...]
    site_permissions: tuple[str, ...] = ()
    model_permissions: tuple[str, ...] = ()  # beyond the plugins' own (ParticipationAppConfig.role_permissions)


ROLES = (
    # The editor also keeps the commune's settings (identity, contacts) up to date, on its own Site only.
    Role("editor", "محرر", ("add", "change", "publish", "lock", "unlock"), MANAGE_MEDIA, ("base.change_communesettings",)),
    # The three officers draft pages for the editor to publish; their plugins add their own permissions.
    Role("participation", "مكلف بالمشاركة المواطنة", ("add", "change"), CHOOSE_MEDIA),
    Role("information", "مكلف بالحق في الحصول على المعلومات", ("add", "change"), CHOOSE_MEDIA + ("wagtaildocs.add_document",)),
    # The bureau, for the council's president (the controller under law 09-08), reads who accessed personal data.
    Role("bureau", "مكتب المجلس", ("add", "change"), CHOOSE_MEDIA,
         model_permissions=("participation_core.view_personaldataaccess",)),
)


@dataclass
class Account:
    username: str
    password: str
    groups: str
    created: bool


def group_name(role: Role, commune_name: str) -> str:
    return f"{role.name_ar} – {commune_name}"


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    if dotted == "wagtail_localize.submit_translation":
        # Created by a data migration of wagtail-localize, not by a model's Meta: recreate it
        # the same way if a flushed database lost it.
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model="translation")
        return Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": "Can submit translations"}
        )[0]
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_permission(kind: str) -> Permission:
    return Permission.objects.get(content_type=ContentType.objects.get_for_model(Page), codename=f"{kind}_page")


def ensure_groups(commune_name: str, home: Page, collection, site: Site) -> dict[str, Group]:
    """The commune's groups, with page permissions on the home page and each of its translations."""
    roots = [home, *home.get_translations()]
    groups = {}
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=group_name(role, commune_name))
        group.permissions.add(*(_permission(p) for p in GLOBAL_PERMISSIONS + role.model_permissions))
        for root in roots:
            for kind in role.page_permissions:
                GroupPagePermission.objects.get_or_create(group=group, page=root, permission=_page_permission(kind))
        for dotted in role.collection_permissions:
            GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=_permission(dotted))
        for dotted in role.site_permissions:
            GroupSitePermission.objects.get_or_create(group=group, site=site, permission=_permission(dotted))
        groups[role.key] = group
    grant_plugin_permissions(groups, site)
    return groups


def grant_plugin_permissions(groups: dict[str, Group], site: Site | None = None):
    """Each participation plugin declares the model permissions of each demo role
    (ParticipationAppConfig.role_permissions) and the permissions on the commune's own
    settings (role_site_permissions); give them to the commune's groups.
    A codename is the plugin's own, or "app_label.codename" (e.g. the core's services)."""
    from participation.core.apps import plugins

    def dotted(plugin, codename):
        return codename if "." in codename else f"{plugin.label}.{codename}"

    for plugin in plugins():
        for role_key, codenames in getattr(plugin, "role_permissions", {}).items():
            if role_key in groups:
                groups[role_key].permissions.add(*(_permission(dotted(plugin, c)) for c in codenames))
        for role_key, codenames in getattr(plugin, "role_site_permissions", {}).items():
            if role_key in groups and site is not None:
                for codename in codenames:
                    GroupSitePermission.objects.get_or_create(
                        group=groups[role_key], site=site, permission=_permission(dotted(plugin, codename))
                    )


def ensure_users(prefix: str, people: dict, groups: dict[str, Group], email_domain: str) -> list[Account]:
    """One account per role, `<prefix>_<role>`, created with the demo password if missing."""
    User = get_user_model()
    accounts = []
    for role in ROLES:
        username = f"{prefix}_{role.key}"
        person = people.get(role.key, {})
        created = not User.objects.filter(username=username).exists()
        if created:
            user = User.objects.create_user(
                username=username,
                email=f"{username.replace('_', '.')}@{email_domain}",
                password=DEMO_PASSWORD,
                first_name=person.get("first_name", ""),
                last_name=person.get("last_name", ""),
                is_staff=True,
            )
            user.groups.add(groups[role.key])
            _prefer_arabic(user)
        accounts.append(Account(username, DEMO_PASSWORD, groups[role.key].name, created))
    return accounts


def ensure_superuser() -> Account:
    User = get_user_model()
    created = not User.objects.filter(username=ADMIN_USERNAME).exists()
    if created:
        user = User.objects.create_superuser(ADMIN_USERNAME, ADMIN_EMAIL, ADMIN_PASSWORD)
        _prefer_arabic(user)
    return Account(ADMIN_USERNAME, ADMIN_PASSWORD, "superuser", created)


def _prefer_arabic(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "ar"
    profile.save(update_fields=["preferred_language"])
