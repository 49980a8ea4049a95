"""What was never confirmed counts for nothing and is not kept: a pending answer or a comment
whose e-mail link expired is anonymised by the retention purge
(core.personal_data, models' ``awaiting_confirmation``); confirmed ones stay."""
from datetime import timedelta

import pytest
from django.utils import timezone

from participation.consultations import services
from participation.consultations.models import Response, SectionComment
from participation.core import personal_data
from tests.participation.consultations.conftest import valid_answers

pytestmark = pytest.mark.django_db


def _age(queryset, field, days):
    queryset.update(**{field: timezone.now() - timedelta(days=days)})


def _answer(page, email, *, confirm=False, days_ago=0):
    response = services.submit_response(page, services.ResponseData(email=email, answers=valid_answers(page)))
    if confirm:
        services.confirm_response(response)
    _age(Response.objects.filter(pk=response.pk), "created_at", days_ago)
    return response


def _comment(page, email, *, confirm=False, days_ago=0):
    section_id = page.draft[0].id
    comment = services.post_comment(page, section_id, services.CommentData(name="سعاد", email=email, text="ملاحظة مفيدة."))
    if confirm:
        services.confirm_comment(comment)
    _age(SectionComment.objects.filter(pk=comment.pk), "submit_date", days_ago)
    return comment


def test_unconfirmed_answers_and_comments_are_anonymised_once_their_link_expired(open_a):
    stale = _answer(open_a, "stale@example.ma", days_ago=8)
    fresh = _answer(open_a, "fresh@example.ma", days_ago=6)
    counted = _answer(open_a, "counted@example.ma", confirm=True, days_ago=30)
    stale_comment = _comment(open_a, "stale@example.ma", days_ago=8)
    fresh_comment = _comment(open_a, "fresh@example.ma", days_ago=1)
    kept_comment = _comment(open_a, "kept@example.ma", confirm=True, days_ago=30)

    counts = personal_data.purge()

    assert counts["participation_consultations.response"] == 1
    assert counts["participation_consultations.sectioncomment"] == 1
    assert Response.objects.get(pk=stale.pk).email.endswith("@erased.invalid")
    assert Response.objects.get(pk=fresh.pk).email == "fresh@example.ma"
    assert Response.objects.get(pk=counted.pk).email == "counted@example.ma"
    assert SectionComment.objects.get(pk=stale_comment.pk).user_email.endswith("@erased.invalid")
    assert SectionComment.objects.get(pk=fresh_comment.pk).user_email == "fresh@example.ma"
    assert SectionComment.objects.get(pk=kept_comment.pk).user_email == "kept@example.ma"
    assert personal_data.purge() == {}  # done once


def test_comments_are_kept_for_the_retention_period_from_their_submission(open_a, settings):
    settings.JAMAA_RETENTION_DAYS = 730
    old = _comment(open_a, "old@example.ma", confirm=True, days_ago=731)
    recent = _comment(open_a, "recent@example.ma", confirm=True, days_ago=700)
    personal_data.purge()
    assert SectionComment.objects.get(pk=old.pk).user_email.endswith("@erased.invalid")
    assert SectionComment.objects.get(pk=old.pk).user_name == ""
    assert SectionComment.objects.get(pk=recent.pk).user_name == "سعاد"
