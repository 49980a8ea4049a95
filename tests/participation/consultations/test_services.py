"""Answering, changing answers, one answer per verified e-mail, results, and comments
(moderation, reports, forged targets) through the service layer."""
import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participation.consultations import services
from participation.consultations.models import Answer, Response, SectionComment
from participation.consultations.results import results
from tests.participation.consultations.conftest import make_consultation, questions_by_kind, valid_answers

pytestmark = pytest.mark.django_db


def _answer(page, email="amina@example.ma", **overrides):
    return services.submit_response(page, services.ResponseData(email=email, answers=valid_answers(page, **overrides)))


# --- answering -------------------------------------------------------------------------------


def test_an_answer_is_stored_pending_and_counts_once_confirmed(open_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _answer(open_a, email=" Amina@Example.MA ")
    assert response.status == "pending" and response.email == "amina@example.ma"
    assert response.reference.startswith("CNS-") and response.site_id == open_a.get_site().pk
    assert response.answers.count() == 5  # single, two options of the multiple choice, rating, long text
    (message,) = mail.outbox
    assert message.to == ["amina@example.ma"] and "/confirm/" in message.body and response.access_token in message.body
    assert results(open_a).responses == 0
    assert services.confirm_response(response) == "counted"
    response.refresh_from_db()
    assert response.status == "confirmed" and response.email_verified_at is not None
    assert services.confirm_response(response) == "already"
    assert results(open_a).responses == 1


def test_one_response_per_email_the_second_is_refused_and_the_link_sent_again(open_a, django_capture_on_commit_callbacks):
    _answer(open_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.Refused) as refused:
        _answer(open_a, email="AMINA@example.ma")
    assert refused.value.code == "duplicate"
    assert Response.objects.filter(consultation=open_a).count() == 1
    (message,) = mail.outbox
    assert message.to == ["amina@example.ma"] and "/change/" in message.body


@pytest.mark.parametrize(("opens_in", "closes_in", "code"), [(3, 10, "not_open"), (-20, -1, "closed")])
def test_answering_outside_the_open_phase_is_refused_and_nothing_stored(demo, opens_in, closes_in, code):
    page = make_consultation(demo.site_a, opens_in=opens_in, closes_in=closes_in)
    with pytest.raises(services.Refused) as refused:
        _answer(page)
    assert refused.value.code == code
    assert not Response.objects.filter(consultation=page).exists()
    assert not Answer.objects.filter(question__page=page).exists()


def test_bad_answers_are_refused_beside_their_question(open_a):
    q = questions_by_kind(open_a)
    bad = {q["single"].pk: "خيار مزور", q["multiple"].pk: ["الموقع", "مزور"], q["rating"].pk: 9}
    with pytest.raises(ValidationError) as error:
        services.submit_response(open_a, services.ResponseData(email="a@example.ma", answers=bad))
    assert set(error.value.message_dict) == {f"q{q['single'].pk}", f"q{q['multiple'].pk}", f"q{q['rating'].pk}"}
    with pytest.raises(ValidationError) as error:
        services.submit_response(open_a, services.ResponseData(email="a@example.ma", answers={}))
    assert set(error.value.message_dict) == {f"q{q['single'].pk}", f"q{q['rating'].pk}"}  # the required ones
    assert not Response.objects.filter(consultation=open_a).exists()


def test_associations_identify_themselves(demo):
    page = make_consultation(demo.site_a, audience="associations")
    with pytest.raises(ValidationError):
        _answer(page)
    response = services.submit_response(
        page, services.ResponseData(email="asso@example.ma", answers=valid_answers(page), association_name="جمعية الأمل")
    )
    assert response.association_name == "جمعية الأمل"


def test_answers_can_be_changed_while_open_only(demo):
    page = make_consultation(demo.site_a)
    response = _answer(page)
    q = questions_by_kind(page)
    services.change_answers(response, valid_answers(page, **{str(q["single"].pk): "لا"}) | {q["single"].pk: "لا"})
    assert services.current_answers(response)[q["single"].pk] == "لا"
    later = page.closes_on + datetime.timedelta(days=1)
    with pytest.raises(services.Refused):
        services.change_answers(response, valid_answers(page), day=later)
    assert services.current_answers(response)[q["single"].pk] == "لا"
    assert services.confirm_response(response, day=later) == "closed"


# --- results ---------------------------------------------------------------------------------


def _answered(page, n, start=0):
    q = questions_by_kind(page)
    for i in range(start, start + n):
        answers = {q["single"].pk: ["نعم", "لا"][i % 2], q["multiple"].pk: ["اللقاءات", "الموقع"] if i % 3 == 0 else ["العرائض"],
                   q["rating"].pk: 1 + i % 5}
        response = services.submit_response(page, services.ResponseData(email=f"p{i}@example.ma", answers=answers))
        services.confirm_response(response)


def test_results_counts_percentages_and_average(demo):
    page = make_consultation(demo.site_a)
    _answered(page, 6)
    _answer(page, email="unconfirmed@example.ma")  # not confirmed: not counted
    data = results(page)
    assert data.responses == 6
    single, multiple, rating, short, long_ = data.questions
    assert [(r.label, r.count, r.percent) for r in single.rows] == [("نعم", 3, 50.0), ("إلى حد ما", 0, 0.0), ("لا", 3, 50.0)]
    assert {r.label: r.count for r in multiple.rows} == {"اللقاءات": 2, "الموقع": 2, "العرائض": 4}
    assert multiple.respondents == 6 and [r.percent for r in multiple.rows] == [33.3, 33.3, 66.7]
    assert [r.count for r in rating.rows] == [2, 1, 1, 1, 1] and rating.average == 2.67  # ratings 1,2,3,4,5,1
    assert long_.text_count == 0 and short.respondents == 0


def test_results_cost_the_same_queries_whatever_the_number_of_answers(demo):
    page = make_consultation(demo.site_a)
    _answered(page, 2)
    with CaptureQueriesContext(connection) as few:
        results(page)
    _answered(page, 20, start=2)
    with CaptureQueriesContext(connection) as many:
        data = results(page)
    assert data.responses == 22
    assert len(many.captured_queries) == len(few.captured_queries) <= 6


# --- comments --------------------------------------------------------------------------------


def _comment(page, section=0, parent=None, email="karim@example.ma", **kwargs):
    data = services.CommentData(name="كريم", email=email, text="تعليق على هذا الجزء.")
    return services.post_comment(page, page.sections[section][0], data, parent_id=parent, **kwargs)


def test_a_comment_is_public_only_once_confirmed_and_approved(open_a, superuser, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        comment = _comment(open_a)
    assert not comment.is_public and comment.commune_id == open_a.get_site().pk
    (message,) = mail.outbox
    assert message.to == ["karim@example.ma"] and "/comment-confirm/" in message.body
    assert open_a.published_comments() == {}
    with pytest.raises(services.services.TransitionNotAllowed):
        services.approve_comment(comment, superuser)  # not confirmed yet
    assert services.confirm_comment(comment) == "counted"
    comment.refresh_from_db()
    assert open_a.published_comments() == {}  # confirmed, awaiting moderation
    services.approve_comment(comment, superuser)
    assert [c.pk for c in open_a.published_comments()[comment.section_id]] == [comment.pk]


def test_a_rejected_comment_is_never_shown(open_a, superuser):
    comment = _comment(open_a)
    services.confirm_comment(comment)
    services.reject_comment(SectionComment.objects.get(pk=comment.pk), superuser)
    comment.refresh_from_db()
    assert comment.is_removed and not comment.is_public and open_a.published_comments() == {}


def test_replies_are_threaded_in_their_section(open_a, superuser):
    first = _comment(open_a)
    services.confirm_comment(first)
    services.approve_comment(first, superuser)
    reply = _comment(open_a, parent=first.pk, email="salma@example.ma")
    services.confirm_comment(reply)
    services.approve_comment(reply, superuser)
    reply.refresh_from_db()
    assert (reply.thread_id, reply.parent_id, reply.level) == (first.pk, first.pk, 1)
    assert [c.pk for c in open_a.published_comments()[first.section_id]] == [first.pk, reply.pk]
    with pytest.raises(services.Refused) as refused:  # deeper than COMMENTS_XTD_MAX_THREAD_LEVEL
        _comment(open_a, parent=reply.pk)
    assert refused.value.code == "too_deep"


def test_forged_targets_are_refused_and_nothing_stored(open_a, open_b, superuser):
    elsewhere = _comment(open_b)
    services.confirm_comment(elsewhere)
    services.approve_comment(elsewhere, superuser)
    before = SectionComment.objects.count()
    data = services.CommentData(name="x", email="x@example.ma", text="نص")
    cases = [
        ("00000000-0000-0000-0000-000000000000", None, "bad_section"),  # no such section
        (open_b.sections[0][0], None, "bad_section"),  # another consultation's (another commune's) section
        (open_a.sections[0][0], elsewhere.pk, "bad_parent"),  # a reply to a comment of another consultation
        (open_a.sections[1][0], 10**9, "bad_parent"),
    ]
    for section_id, parent, code in cases:
        with pytest.raises(services.Refused) as refused:
            services.post_comment(open_a, section_id, data, parent_id=parent)
        assert refused.value.code == code
    assert SectionComment.objects.count() == before


def test_comments_only_while_open(demo):
    page = make_consultation(demo.site_a, opens_in=-30, closes_in=-2)
    with pytest.raises(services.Refused) as refused:
        _comment(page)
    assert refused.value.code == "closed" and not SectionComment.objects.filter(consultation=page).exists()


def test_reports_put_a_comment_back_in_the_queue_and_hide_it_after_a_few(open_a, superuser):
    comment = _comment(open_a)
    services.confirm_comment(comment)
    services.approve_comment(comment, superuser)
    for _ in range(services.FLAGS_TO_HIDE - 1):
        services.flag_comment(comment)
    comment.refresh_from_db()
    assert comment.flag_count == services.FLAGS_TO_HIDE - 1 and comment.is_public
    services.flag_comment(comment)
    comment.refresh_from_db()
    assert not comment.is_public and open_a.published_comments() == {}
    services.approve_comment(comment, superuser)  # the moderator keeps it
    comment.refresh_from_db()
    assert comment.is_public and comment.flag_count == 0


def test_moderation_is_scoped_to_the_staff_s_communes(open_a, django_user_model):
    from django.contrib.auth.models import Group

    comment = _comment(open_a)
    services.confirm_comment(comment)
    other = django_user_model.objects.get(username="b_participation")
    with pytest.raises(PermissionDenied):
        services.approve_comment(comment, other)
    own = django_user_model.objects.get(username="a_participation")
    assert Group.objects.filter(user=own).exists()
    services.approve_comment(comment, own)
    comment.refresh_from_db()
    assert comment.is_public and comment.moderated_by == own and comment.moderated_at <= timezone.now()
