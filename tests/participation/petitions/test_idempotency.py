"""Retried POSTs of the petitions' forms (participation.core.idempotency): signing a petition
served from the page cache (each visitor gets their own token there) and sent twice stores one
signature, sends one confirmation e-mail and answers the same redirect with the same message;
starting a petition twice stores one petition."""
import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from participation.petitions.models import Petition, Signature
from tests.conftest import HOST_A
from tests.participation.petitions.test_public import _sign_data, _start_data, _url
from tests.participation.retry import post_twice, same_answer, token_in


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_signature_sent_twice_from_a_cached_page_is_stored_once(petitions_a, make_petition, settings,
                                                                   django_capture_on_commit_callbacks):
    settings.JAMAA_PAGE_CACHE_SECONDS = 600
    petition = make_petition(petitions_a, "open")
    detail = _url(petitions_a, "detail", petition.pk)
    first_visitor = Client(HTTP_HOST=HOST_A).get(detail)
    signer = Client(HTTP_HOST=HOST_A)
    page = signer.get(detail)
    assert page["X-Page-Cache"] == "hit" and token_in(page) != token_in(first_visitor)

    data = _sign_data(submission_token=token_in(page))
    first, retry = post_twice(signer, _url(petitions_a, "sign", petition.pk), data, django_capture_on_commit_callbacks)
    assert same_answer(first, retry) and first["Location"] == detail
    assert Signature.objects.filter(petition=petition).count() == 1
    assert [m.to for m in mail.outbox].count(["nadia@example.ma"]) == 1
    shown = [str(m) for m in signer.get(detail).context["messages"]]
    assert len(shown) == 2 and shown[0] == shown[1]  # the message of each answer, the retry's the same


def test_a_petition_started_twice_is_stored_once(petitions_a, client_a, django_capture_on_commit_callbacks):
    token = token_in(client_a.get(_url(petitions_a, "start")))
    data = _start_data(submission_token=token)
    first, retry = post_twice(client_a, _url(petitions_a, "start"), data, django_capture_on_commit_callbacks)
    assert same_answer(first, retry) and "/started/" in first["Location"]
    assert Petition.objects.filter(title=data["title"]).count() == 1
