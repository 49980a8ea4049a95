"""The moderators' daily digest: each moderator hears once a day of the comments waiting
in their own communes (confirmed and undecided, or reported), never of other communes',
and nothing is sent when the queue is empty."""
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from participation.consultations import moderation, services
from participation.consultations.models import SectionComment

pytestmark = pytest.mark.django_db


def _comment(page, text, *, confirm=True):
    comment = services.post_comment(page, page.draft[0].id, services.CommentData(name="سعاد", email="souad@example.ma", text=text))
    if confirm:
        services.confirm_comment(comment)
    return comment


def _queue_of(username):
    email = get_user_model().objects.get(username=username).email
    return next((q for q in moderation.queues() if q.email == email), None)


def test_each_moderator_hears_of_the_comments_waiting_in_their_communes(open_a, open_b):
    SectionComment.objects.all().delete()  # start from an empty queue (the demo has comments)
    waiting = _comment(open_a, "تعليق ينتظر المراجعة.")
    _comment(open_a, "تعليق لم يؤكد بعد.", confirm=False)  # not confirmed: not for the moderators yet
    published = _comment(open_a, "تعليق منشور ثم مبلغ عنه.")
    moderator = get_user_model().objects.get(username="a_participation")
    services.approve_comment(published, moderator)
    services.flag_comment(published)
    rejected = _comment(open_a, "رسالة مزعجة.")
    services.reject_comment(rejected, moderator)

    queue_a = _queue_of("a_participation")
    assert [c.pk for c in queue_a.items] == [waiting.pk, published.pk]
    assert _queue_of("b_participation") is None  # nothing waits in commune B

    _comment(open_b, "تعليق في الجماعة الثانية.")
    assert [c.comment for c in _queue_of("b_participation").items] == ["تعليق في الجماعة الثانية."]
    assert len(_queue_of("a_participation").items) == 2


def test_the_digest_e_mail_lists_them_with_links_to_the_queue(open_a, mailoutbox):
    SectionComment.objects.all().delete()
    _comment(open_a, "تعليق ينتظر المراجعة.")
    reported = _comment(open_a, "تعليق مبلغ عنه.")
    services.approve_comment(reported, get_user_model().objects.get(username="a_participation"))
    services.flag_comment(reported)

    out = StringIO()
    call_command("send_moderation_digest", stdout=out)

    moderator = get_user_model().objects.get(username="a_participation").email
    message = next(m for m in mailoutbox if m.to == [moderator])
    assert "تعليق ينتظر المراجعة." in message.body and "تعليق مبلغ عنه." in message.body
    assert "?state=awaiting" in message.body and "?state=reported" in message.body
    assert open_a.title in message.body
    assert "2" in message.subject
    assert "sent" in out.getvalue()


def test_nothing_is_sent_when_nothing_waits(open_a, mailoutbox):
    SectionComment.objects.all().delete()
    _comment(open_a, "تعليق لم يؤكد.", confirm=False)
    out = StringIO()
    call_command("send_moderation_digest", "--dry-run", stdout=out, verbosity=1)
    call_command("send_moderation_digest", stdout=out)
    assert mailoutbox == []
    assert "0 digest(s) due" in out.getvalue()
