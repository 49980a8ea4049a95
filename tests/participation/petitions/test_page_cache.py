"""A petition's page served from the page cache (base/page_cache.py), as when a petition goes
viral: each visitor gets their own CSRF token and captcha in the cached page, can sign from
it, and a confirmed signature refreshes the count on every instance (the cache's generation)."""
import re

import pytest
from captcha.models import CaptchaStore
from django.core.cache import cache
from django.test import Client

from participation.core.encrypted import lookup_hash
from participation.petitions import services
from participation.petitions.models import Signature
from tests.conftest import HOST_A
from tests.participation.petitions.conftest import signatory
from tests.participation.petitions.test_public import _sign_data, _url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.JAMAA_PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def _visitor():
    return Client(HTTP_HOST=HOST_A, enforce_csrf_checks=True)


def _fields(html: str) -> dict:
    return {
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1),
        "captcha_0": re.search(r'name="captcha_0" value="([^"]*)"', html).group(1),
    }


def test_each_visitor_of_a_cached_petition_gets_their_own_token_and_captcha_and_can_sign(
    petitions_a, make_petition, django_capture_on_commit_callbacks
):
    petition = make_petition(petitions_a, "open")
    url = _url(petitions_a, "detail", petition.pk)
    first = _visitor().get(url)
    assert first["X-Page-Cache"] == "miss"

    visitor = _visitor()
    served = visitor.get(url)
    assert served["X-Page-Cache"] == "hit"
    mine, theirs = _fields(served.content.decode()), _fields(first.content.decode())
    assert mine["captcha_0"] != theirs["captcha_0"] and CaptchaStore.objects.filter(hashkey=mine["captcha_0"]).exists()
    assert f"/captcha/image/{mine['captcha_0']}/" in served.content.decode()
    assert "csrftoken" in served.cookies  # the cookie that goes with the token in the page

    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(_url(petitions_a, "sign", petition.pk), _sign_data(**mine))
    assert response.status_code == 302, response.content.decode()[:500]
    assert Signature.objects.filter(petition=petition, cin_hash=lookup_hash("CD123456")).exists()


def test_a_confirmed_signature_refreshes_the_cached_count(petitions_a, make_petition, django_capture_on_commit_callbacks):
    petition = make_petition(petitions_a, "open", threshold=7)
    url = _url(petitions_a, "detail", petition.pk)
    assert 'value="0"' in _visitor().get(url).content.decode()  # the progress bar: 0 of 7
    assert _visitor().get(url)["X-Page-Cache"] == "hit"

    signature = services.sign(petition, signatory())
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_signature(signature)  # a counter updated in the database, no save()

    fresh = _visitor().get(url)
    assert fresh["X-Page-Cache"] == "miss"
    assert '<progress max="7" value="1"' in fresh.content.decode()
    assert _visitor().get(url)["X-Page-Cache"] == "hit"


def test_with_the_database_down_a_cached_form_is_served_without_a_captcha_key(
    petitions_a, make_petition, monkeypatch
):
    from base import page_cache

    petition = make_petition(petitions_a, "open")
    url = _url(petitions_a, "detail", petition.pk)
    _visitor().get(url)

    def down():
        raise ConnectionError("database down")

    monkeypatch.setattr(CaptchaStore, "generate_key", staticmethod(down))
    served = _visitor().get(url)
    assert served.status_code == 200 and served["X-Page-Cache"] == "hit"
    assert 'name="captcha_0" value=""' in served.content.decode()  # the form then fails the captcha, with its message
    assert "Content-Length" not in served or int(served["Content-Length"]) == len(served.content)
    assert page_cache.CAPTCHA_MARKER not in served.content
