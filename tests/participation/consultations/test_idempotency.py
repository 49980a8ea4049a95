"""Retried POSTs of a consultation's forms (participation.core.idempotency): answers sent twice
are one response (the retry is not refused as a second answer from the same address) and the
retry shows the same message with the same reference; a comment sent twice is one comment."""
import pytest
from django.core.cache import cache

from participation.consultations.models import Response, SectionComment
from tests.participation.consultations.conftest import CAPTCHA, form_data
from tests.participation.consultations.test_public import _path
from tests.participation.retry import post_twice, same_answer, token_in


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_answers_sent_twice_are_one_response_with_one_reference(client_a, open_a, django_capture_on_commit_callbacks):
    url = _path(open_a, "answer")
    data = form_data(open_a, submission_token=token_in(client_a.get(url)))
    first, retry = post_twice(client_a, url, data, django_capture_on_commit_callbacks)
    assert same_answer(first, retry)
    (response,) = Response.objects.filter(consultation=open_a)
    shown = [str(m) for m in client_a.get(first["Location"]).context["messages"]]
    assert len(shown) == 2 and shown[0] == shown[1] and response.reference in shown[0]


def test_a_comment_sent_twice_is_one_comment(client_a, open_a, django_capture_on_commit_callbacks):
    url = _path(open_a, "comment", open_a.sections[1][0])
    data = {"name": "كريم", "email": "karim@example.ma", "comment": "أقترح إضافة قيمة التضامن.", "consent": "on",
            **CAPTCHA, "submission_token": token_in(client_a.get(url))}
    first, retry = post_twice(client_a, url, data, django_capture_on_commit_callbacks)
    assert same_answer(first, retry)
    assert SectionComment.objects.filter(consultation=open_a).count() == 1
