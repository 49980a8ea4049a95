"""A registration to a meeting sent twice (participation.core.idempotency) is one registration,
and the retry is sent to the same private page instead of being refused as a duplicate."""
from django.core.cache import cache

from participation.meetings.models import Registration
from tests.participation.meetings.conftest import form_data
from tests.participation.meetings.test_public import path_of
from tests.participation.retry import post_twice, same_answer, token_in


def test_a_registration_sent_twice_is_one_registration(client_a, meeting, django_capture_on_commit_callbacks):
    cache.clear()
    url = path_of(meeting) + "register/"
    data = form_data(7, submission_token=token_in(client_a.get(url)))
    first, retry = post_twice(client_a, url, data, django_capture_on_commit_callbacks)
    assert same_answer(first, retry) and "/registration/" in first["Location"]
    assert Registration.objects.filter(meeting=meeting).count() == 1
