"""Retried POSTs of the access-to-information forms (participation.core.idempotency): a request
sent twice is stored once with one reference; on the private follow-up page, whose three forms
carry a prefix, a complaint or a message sent twice is recorded once."""
import pytest
from django.core.cache import cache

from participation.information.models import InformationMessage, InformationRequest
from participation.information.workflow import RequestStatus
from tests.participation.information.test_public import _form_data, _url
from tests.participation.retry import post_twice, same_answer, token_in


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_request_sent_twice_is_stored_once(information_a, client_a, django_capture_on_commit_callbacks):
    token = token_in(client_a.get(_url(information_a, "submit")))
    data = _form_data(submission_token=token)
    first, retry = post_twice(client_a, _url(information_a, "submit"), data, django_capture_on_commit_callbacks)
    assert same_answer(first, retry) and "/thanks/" in first["Location"]
    assert InformationRequest.objects.filter(subject=data["subject"]).count() == 1


def test_a_message_and_a_complaint_sent_twice_are_recorded_once(information_a, client_a, make_request,
                                                                django_capture_on_commit_callbacks):
    record = make_request(information_a, "take", "answer")
    url = _url(information_a, "followup", record.access_token)
    page = client_a.get(url)
    message = {"action": "message", "message-text": "شكرا، هل يمكن الحصول على نسخة ورقية؟",
               "message-submission_token": token_in(page, "message-")}
    first, retry = post_twice(client_a, url, message, django_capture_on_commit_callbacks)
    assert same_answer(first, retry) and InformationMessage.objects.filter(request=record).count() == 1

    complaint = {"action": "complain", "complaint-text": "الجواب ناقص: لم تُرسل مبالغ الصفقات المطلوبة.",
                 "complaint-submission_token": token_in(page, "complaint-")}
    first, retry = post_twice(client_a, url, complaint, django_capture_on_commit_callbacks)
    assert same_answer(first, retry)  # the retry is not refused as a second complaint
    record.refresh_from_db()
    assert record.status == RequestStatus.COMPLAINT
    assert record.history.filter(to_status=RequestStatus.COMPLAINT).count() == 1
