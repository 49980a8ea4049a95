"""A citizen's photo is seen by the staff handling the suggestion only: the inspect view links
to the core's checked view (never to the store's URL, which nginx refuses), each download is
logged, and other communes, other roles and anonymous visitors get nothing."""
import io

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from participation.core.models import PersonalDataAccess
from tests.participation.suggestions.test_admin import (
    INSPECT,
    commune_a,  # noqa: F401 (fixture)
    final_status,
    officer_a,  # noqa: F401 (fixture)
    officer_client,  # noqa: F401 (fixture)
    user,
)

DOCUMENT = "participation_suggestions_suggestion:document"


def _jpeg() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(output, "JPEG")
    return output.getvalue()


@pytest.fixture
def with_photo(commune_a):  # noqa: F811
    record = commune_a.suggestion()
    record.photo.save("lamp.jpg", ContentFile(_jpeg()), save=True)
    return record


def _client(username):
    client = Client()
    client.force_login(user(username))
    return client


def test_the_inspect_view_links_the_photo_through_the_checked_view(officer_client, with_photo):  # noqa: F811
    html = officer_client.get(reverse(INSPECT, args=[with_photo.pk])).content.decode()
    assert reverse(DOCUMENT, args=[with_photo.pk, "photo"]) in html
    assert with_photo.photo.url not in html and "/media/" not in html


def test_staff_of_the_commune_download_it_and_the_access_is_logged(officer_client, officer_a, with_photo):  # noqa: F811
    response = officer_client.get(reverse(DOCUMENT, args=[with_photo.pk, "photo"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == with_photo.photo.open("rb").read()
    assert response["Content-Type"] == "image/jpeg" and "no-store" in response["Cache-Control"]
    assert with_photo.reference in response["Content-Disposition"] and "lamp" not in response["Content-Disposition"]
    entry = PersonalDataAccess.objects.get(user=officer_a, record=with_photo.reference)
    assert (entry.action, entry.detail) == ("download", "photo")


@pytest.mark.parametrize("username, expected", [
    ("b_participation", 404),  # another commune's staff: not found
    ("a_information", "denied"),  # no permission on suggestions: Wagtail's refusal, before any lookup
    ("b_information", "denied"),
    ("anonymous", "login"),
])
def test_no_one_else_gets_it(username, expected, with_photo):
    client = Client() if username == "anonymous" else _client(username)
    url = reverse(DOCUMENT, args=[with_photo.pk, "photo"])
    response = client.get(url)
    if expected == "login":
        assert response.status_code == 302 and reverse("wagtailadmin_login") in response["Location"]
    elif expected == "denied":
        assert response.status_code in (302, 403) and not response.get("Content-Disposition")
        if response.status_code == 302:
            assert reverse("wagtailadmin_login") not in response["Location"]
    else:
        assert final_status(response, client) == expected
    assert not PersonalDataAccess.objects.filter(record=with_photo.reference).exists()


def test_only_the_records_files_are_served(officer_client, commune_a):  # noqa: F811
    without = commune_a.suggestion()
    assert final_status(officer_client.get(reverse(DOCUMENT, args=[without.pk, "photo"])), officer_client) == 404
    for field in ("email", "name", "access_token"):
        assert final_status(officer_client.get(reverse(DOCUMENT, args=[without.pk, field])), officer_client) == 404
