"""`manage.py load_demo`: idempotent, two separate communes, live translations,
staff whose permissions stop at their own commune."""
import io
import json
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Locale,
    Page,
    Revision,
    Site,
)

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "demo"
ROLES = ("editor", "participation", "information", "bureau")


def _snapshot():
    """Everything the loader creates, with the ids and revisions that would change if it touched them."""
    from django.contrib.auth.models import Group
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from base.models import CommuneSettings

    User = get_user_model()
    return {
        "pages": list(Page.objects.order_by("path").values_list("pk", "path", "slug", "title", "live", "latest_revision_id")),
        "revisions": Revision.objects.count(),
        "images": list(get_image_model().objects.order_by("pk").values_list("pk", "title", "file", "collection_id")),
        "documents": list(get_document_model().objects.order_by("pk").values_list("pk", "title", "file", "collection_id")),
        "collections": list(Collection.objects.order_by("path").values_list("pk", "name")),
        "users": list(User.objects.order_by("pk").values_list("pk", "username", "password", "is_staff", "is_superuser")),
        "groups": list(Group.objects.order_by("pk").values_list("pk", "name")),
        "group_permissions": sorted(Group.permissions.through.objects.values_list("group_id", "permission_id")),
        "page_permissions": sorted(GroupPagePermission.objects.values_list("group_id", "page_id", "permission_id")),
        "site_permissions": sorted(GroupSitePermission.objects.values_list("group_id", "site_id", "permission_id")),
        "collection_permissions": sorted(
            GroupCollectionPermission.objects.values_list("group_id", "collection_id", "permission_id")
        ),
        "sites": list(Site.objects.order_by("pk").values()),
        "settings": list(CommuneSettings.objects.order_by("pk").values()),
        "locales": sorted(Locale.objects.values_list("language_code", flat=True)),
    }


def _trees(site):
    """The commune's pages in every language: the Arabic home's tree and those of its translations."""
    homes = Page.objects.filter(translation_key=site.root_page.translation_key)
    pages = Page.objects.none()
    for home in homes:
        pages |= Page.objects.descendant_of(home, inclusive=True)
    return pages


# --- idempotency ---------------------------------------------------------------------------


def test_loading_again_creates_and_changes_nothing(demo):
    before = _snapshot()
    call_command("load_demo", verbosity=0)
    assert _snapshot() == before
    assert len(before["sites"]) == 2
    assert len(before["pages"]) > 60


def test_a_missing_page_is_recreated_and_staff_edits_are_kept(demo):
    from base.models import CommuneSettings
    from news.models import NewsPage

    home = demo.site_a.root_page
    about = Page.objects.child_of(home).get(slug="la-commune").specific
    about.title = "عن الجماعة"
    about.save_revision().publish()
    settings = CommuneSettings.for_site(demo.site_a)
    settings.tagline_ar = "شعار عدله المحرر"
    settings.save()
    deleted = NewsPage.objects.descendant_of(home).get(slug="horaires-etat-civil")
    deleted_title = deleted.title
    deleted.delete()

    call_command("load_demo", verbosity=0)

    assert Page.objects.child_of(home).get(slug="la-commune").title == "عن الجماعة"
    assert CommuneSettings.for_site(demo.site_a).tagline_ar == "شعار عدله المحرر"
    recreated = NewsPage.objects.descendant_of(home).get(slug="horaires-etat-civil")
    assert recreated.live and recreated.title == deleted_title


def test_the_command_prints_sites_admin_and_accounts(demo, monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8123/ar/" in text and "http://localhost:8123/ar/" in text
    assert "http://127.0.0.1:8123/admin/" in text
    for username in ("admin", "a_editor", "b_bureau"):
        assert username in text
    assert "jamaa-demo-2026" in text and "jamaa-admin-2026" in text

    quiet = io.StringIO()
    call_command("load_demo", verbosity=0, stdout=quiet)
    assert quiet.getvalue() == ""


def test_fixtures_hold_no_primary_keys_and_no_embeds():
    def walk(value):
        if isinstance(value, dict):
            assert not {"pk", "id"} & value.keys(), value
            assert value.get("type") != "embed"
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    paths = sorted(FIXTURES.glob("*.json"))
    assert len(paths) == 2
    for path in paths:
        walk(json.loads(path.read_text(encoding="utf-8")))


# --- two communes --------------------------------------------------------------------------


def test_two_sites_with_their_own_roots_settings_and_collections(demo):
    from wagtail.images import get_image_model

    from base.demo.sites import WELCOME_TITLE
    from base.models import CommuneSettings
    from home.models import HomePage

    a, b = demo.site_a, demo.site_b
    assert (a.hostname, a.port, a.is_default_site) == ("127.0.0.1", 80, True)
    assert (b.hostname, b.port, b.is_default_site) == ("localhost", 80, False)
    assert Site.objects.count() == 2
    assert not Page.objects.filter(title=WELCOME_TITLE).exists()
    for site in (a, b):
        assert isinstance(site.root_page.specific, HomePage)
        assert site.root_page.locale.language_code == "ar"
        assert site.root_page.get_parent().is_root()
    assert not b.root_page.is_descendant_of(a.root_page) and not a.root_page.is_descendant_of(b.root_page)

    settings_a, settings_b = CommuneSettings.for_site(a), CommuneSettings.for_site(b)
    assert settings_a.name_ar != settings_b.name_ar
    assert settings_a.name_fr and settings_a.name_zgh and settings_a.cndp_reference
    assert settings_a.population < 35_000 and not settings_a.has_arrondissements
    assert settings_a.colour_primary == CommuneSettings._meta.get_field("colour_primary").default
    assert settings_b.colour_primary == "#1d4e89"
    assert settings_a.logo and settings_b.logo and settings_a.logo.collection != settings_b.logo.collection

    collections = {settings_a.name_ar, settings_b.name_ar}
    assert set(Collection.objects.filter(name__in=collections).values_list("name", flat=True)) == collections
    # every image used by a commune comes from its own collection
    assert not get_image_model().objects.filter(collection__depth=1).exists()


def test_each_commune_has_the_expected_page_tree(demo):
    from contact.models import ContactPage
    from council.models import CouncilPage
    from events.models import EventPage
    from library.models import OfficialDocumentPage
    from news.models import NewsPage
    from services.models import ServicePage

    home = demo.site_a.root_page
    live = lambda model: model.objects.live().descendant_of(home)  # noqa: E731
    assert live(NewsPage).count() == 6
    assert live(ServicePage).count() == 6
    assert live(OfficialDocumentPage).count() >= 10
    assert live(OfficialDocumentPage).filter(document__isnull=False).count() >= 3
    assert 2 <= live(OfficialDocumentPage).filter(is_key=True).count() <= 3
    assert len({d.year for d in live(OfficialDocumentPage).values_list("date", flat=True)}) >= 3
    assert live(EventPage).filter(start__gte=_now()).exists() and live(EventPage).filter(start__lt=_now()).exists()
    council = live(CouncilPage).get()
    assert council.members.filter(role="president").count() == 1 and council.committees.count() >= 3
    assert {"ordinary"} <= set(council.sessions.values_list("kind", flat=True))
    contact = live(ContactPage).get()
    assert list(contact.form_fields.values_list("clean_name", flat=True)) == ["name", "email", "subject", "message"]
    assert contact.to_address and contact.from_address
    menus = Page.objects.child_of(home).filter(show_in_menus=True)
    assert menus.count() >= 8 and not menus.filter(search_description="").exists()

    titles = " ".join(Page.objects.descendant_of(home).values_list("title", flat=True))
    for letter in ("أ", "إ", "ة", "ى"):
        assert letter in titles
    assert NewsPage.objects.live().descendant_of(demo.site_b.root_page).count() == 3


def _now():
    from django.utils import timezone

    return timezone.now()


# --- translations --------------------------------------------------------------------------


def test_french_and_tamazight_translations_are_live(demo):
    from contact.models import ContactPage
    from events.models import EventIndexPage
    from library.models import DocumentLibraryPage
    from news.models import NewsIndexPage, NewsPage
    from services.models import ServiceIndexPage, ServicePage

    fr, zgh = Locale.objects.get(language_code="fr"), Locale.objects.get(language_code="zgh")
    home = demo.site_a.root_page
    fr_home = home.get_translation(fr)
    assert fr_home.live and fr_home.get_parent().is_root() and fr_home.title != home.title
    assert demo.site_a.root_page_id == home.pk  # the site keeps pointing at the Arabic home

    for model in (NewsIndexPage, EventIndexPage, ServiceIndexPage, DocumentLibraryPage, ContactPage):
        source = model.objects.descendant_of(home).get()
        translation = source.get_translation(fr)
        assert translation.live and translation.title != source.title
        assert translation.is_descendant_of(fr_home)
    about = Page.objects.child_of(home).get(slug="la-commune")
    assert about.get_translation(fr).live
    assert NewsPage.objects.live().descendant_of(fr_home).count() >= 2
    assert ServicePage.objects.live().descendant_of(fr_home).count() >= 2
    fr_contact = ContactPage.objects.descendant_of(fr_home).get()
    assert fr_contact.form_fields.get(clean_name="email").label == "Adresse e-mail"

    zgh_home = home.get_translation(zgh)
    assert zgh_home.live and re.search("[\u2d30-\u2d7f]", zgh_home.title)
    assert about.get_translation(zgh).live

    assert demo.site_b.root_page.get_translation(fr).live


def test_translated_home_pages_are_served_under_their_language_prefix(demo, client):
    for host, prefix, expected in (("127.0.0.1", "/fr/", "Aïn Zitoune"), ("127.0.0.1", "/zgh/", "ⴰⵏⵙⵓⴼ"),
                                   ("localhost", "/fr/", "Aït Ouassif"), ("127.0.0.1", "/ar/", "عين الزيتون")):
        response = client.get(prefix, HTTP_HOST=host)
        assert response.status_code == 200
        assert expected in response.content.decode()


# --- staff ---------------------------------------------------------------------------------


def test_demo_accounts_enter_the_admin_in_arabic(demo):
    User = get_user_model()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("jamaa-admin-2026")
    for prefix in ("a", "b"):
        for role in ROLES:
            user = User.objects.get(username=f"{prefix}_{role}")
            assert user.is_staff and not user.is_superuser
            assert user.check_password("jamaa-demo-2026")
            assert user.has_perm("wagtailadmin.access_admin")
            assert user.wagtail_userprofile.preferred_language == "ar"
            assert user.groups.count() == 1


@pytest.mark.parametrize("own, other", [("a", "b"), ("b", "a")])
def test_page_permissions_stop_at_the_own_commune(demo, own, other):
    User = get_user_model()
    sites = {"a": demo.site_a, "b": demo.site_b}
    own_pages, other_pages = list(_trees(sites[own])), list(_trees(sites[other]))
    assert any(p.locale.language_code == "fr" for p in own_pages)  # translations are covered too

    editor = User.objects.get(username=f"{own}_editor")
    for page in own_pages:
        permissions = page.permissions_for_user(editor)
        assert permissions.can_edit() and permissions.can_publish(), page.url_path
    for page in other_pages:
        assert not page.permissions_for_user(editor).can_edit(), page.url_path

    for role in ROLES[1:]:
        officer = User.objects.get(username=f"{own}_{role}")
        assert all(p.permissions_for_user(officer).can_edit() for p in own_pages)
        assert not any(p.permissions_for_user(officer).can_publish() for p in own_pages)
        assert not any(p.permissions_for_user(officer).can_edit() for p in other_pages)
        assert officer.has_perm("wagtail_localize.submit_translation")


def test_editors_manage_media_in_their_own_collection_only(demo):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    from base.models import CommuneSettings

    User = get_user_model()
    name_a, name_b = CommuneSettings.for_site(demo.site_a).name_ar, CommuneSettings.for_site(demo.site_b).name_ar
    editor_a = User.objects.get(username="a_editor")
    for policy in (policy_registry.get_by_type(get_image_model()), policy_registry.get_by_type(get_document_model())):
        names = set(policy.collections_user_has_permission_for(editor_a, "add").values_list("name", flat=True))
        assert names == {name_a}
        assert name_b not in set(policy.collections_user_has_permission_for(editor_a, "choose").values_list("name", flat=True))


def test_editors_change_the_settings_of_their_own_site_only(demo):
    from wagtail.permission_policies.sites import SitePermissionPolicy

    from base.models import CommuneSettings

    policy = SitePermissionPolicy(CommuneSettings)
    User = get_user_model()
    editor_a, officer_a = User.objects.get(username="a_editor"), User.objects.get(username="a_participation")
    assert policy.user_has_any_permission_for_instance(editor_a, ["change"], demo.site_a)
    assert not policy.user_has_any_permission_for_instance(editor_a, ["change"], demo.site_b)
    assert not policy.user_has_any_permission_for_instance(officer_a, ["change"], demo.site_a)


# --- the fixture format --------------------------------------------------------------------


def test_references_resolve_to_ids_dates_and_translations(demo):
    import datetime

    from base.demo.refs import DemoFixtureError, Refs

    fr = Locale.objects.get(language_code="fr")
    home = demo.site_a.root_page
    refs = Refs(today=datetime.date(2026, 3, 1), pages={"home": home}, documents={})
    assert refs.resolve("@page:home") == home.pk
    assert refs.resolve({"page": "@page:home"}, fr) == {"page": home.get_translation(fr).pk}
    assert refs.resolve('<a linktype="page" id="@page:home">') == f'<a linktype="page" id="{home.pk}">'
    assert refs.resolve("@date:-1") == datetime.date(2026, 2, 28)
    start = refs.resolve("@datetime:+2 18:30")
    assert (start.date(), start.hour, start.utcoffset() is not None) == (datetime.date(2026, 3, 3), 18, True)
    assert refs.resolve("@date is not a reference") == "@date is not a reference"
    with pytest.raises(DemoFixtureError):
        refs.resolve("@doc:missing")
