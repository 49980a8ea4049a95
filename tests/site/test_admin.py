"""Staff edit, translate and publish in an Arabic admin, within their own commune."""
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from pages.models import StandardPage
from tests.site.helpers import html_attr, page_of_type


@pytest.fixture
def editor_a(demo):
    return get_user_model().objects.get(username="a_editor")


def _edit_data(page, title):
    return nested_form_data(
        {
            "title": title,
            "slug": page.slug,
            "body": streamfield([("paragraph", rich_text("<p>نص محدث</p>"))]),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )


def test_admin_is_in_arabic_rtl(editor_a, client):
    client.force_login(editor_a)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html_attr(html, "html", "lang") == "ar"
    assert html_attr(html, "html", "dir") == "rtl"
    assert "لوحة التحكم" in html or "الصفحات" in html


def test_editor_edits_and_publishes_a_page_of_their_commune(demo, editor_a, client):
    page = page_of_type(demo.site_a, StandardPage)
    client.force_login(editor_a)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), _edit_data(page, "عن الجماعة — محدث"))
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    assert page.title == "عن الجماعة — محدث"
    assert page.live and not page.has_unpublished_changes


def test_editor_cannot_edit_the_other_commune(demo, editor_a, client):
    page = page_of_type(demo.site_b, StandardPage)
    client.force_login(editor_a)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code in (302, 403)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), _edit_data(page, "اختراق"))
    page.refresh_from_db()
    assert page.title != "اختراق"


def test_editor_can_start_a_translation_with_wagtail_localize(demo, editor_a, client):
    page = page_of_type(demo.site_a, StandardPage)
    client.force_login(editor_a)
    response = client.get(reverse("wagtail_localize:submit_page_translation", args=[page.pk]))
    assert response.status_code == 200
    assert "zgh" in response.content.decode() or "ⵜⴰⵎⴰⵣⵉⵖⵜ" in response.content.decode()


def test_commune_settings_are_editable_in_admin(demo, client):
    admin = get_user_model().objects.get(username="admin")
    client.force_login(admin)
    url = reverse("wagtailsettings:edit", args=["base", "communesettings", demo.site_a.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "name_ar" in response.content.decode()


def test_invalid_colour_is_refused_in_settings(demo):
    from django.core.exceptions import ValidationError

    from base.models import CommuneSettings

    settings = CommuneSettings.for_site(demo.site_a)
    settings.colour_primary = "red;}body{display:none"
    with pytest.raises(ValidationError):
        settings.full_clean()


def test_editor_translates_a_page_into_tamazight(demo, editor_a, client):
    """wagtail-localize creates the zgh copy of an Arabic page, ready to translate."""
    from wagtail.models import Locale

    zgh = Locale.objects.get(language_code="zgh")
    page = next(p for p in StandardPage.objects.descendant_of(demo.site_a.root_page) if not p.has_translation(zgh))
    client.force_login(editor_a)
    response = client.post(reverse("wagtail_localize:submit_page_translation", args=[page.pk]), {"locales": [zgh.pk]})
    assert response.status_code == 302
    assert page.has_translation(zgh)
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[page.get_translation(zgh).pk]))
    assert editor.status_code == 200
