"""Hostile input on a consultation's public forms (answering, commenting on a section,
replying): never a 500, and nothing stored that fails validation
(tests/support/hostile.py)."""
import pytest

from participation.consultations.forms import CommentForm
from participation.consultations.models import Answer, QuestionKind, Response, SectionComment
from participation.consultations.services import COMMENT_MAX
from participation.core.text import clean_line, clean_long_text
from tests.participation.consultations.conftest import CAPTCHA, form_data, make_consultation
from tests.support import hostile


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.JAMAA_RATE_LIMITS = {"ip": (10**9, 60), "email": (10**9, 60)}


@pytest.fixture
def associations_a(demo):
    return make_consultation(demo.site_a, audience="associations")


def _check_answer(row):
    row.full_clean()
    cleaner = clean_line if row.question.kind == QuestionKind.SHORT_TEXT else clean_long_text
    assert row.text == cleaner(row.text)
    if row.question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        assert row.choice in row.question.option_list


def _answer_checks(page) -> dict:
    def check_response(row):
        hostile.assert_valid_row(row, line_fields=("association_name",))
        assert row.email == row.email.strip().lower()

    return {Response: check_response, Answer: _check_answer}


@pytest.mark.parametrize("audience", ["everyone", "associations"])
def test_answering_with_hostile_input(demo, audience):
    page = make_consultation(demo.site_a, audience=audience)
    valid = form_data(page) | {"website": ""}
    if page.for_associations:
        valid["association_name"] = "جمعية الأمل"
    valid = {k: v for k, v in valid.items() if k not in CAPTCHA}
    client, url, checks = hostile.hostile_client(), page.route_path("answer"), _answer_checks(page)
    examples = hostile.settings.default.max_examples // 2
    hostile.fuzz(hostile.spoiled(valid), lambda data: hostile.send(client, url, checks, data | CAPTCHA), examples=examples)


def test_answering_with_invalid_utf8(open_a):
    valid = form_data(open_a)
    hostile.fuzz_raw(hostile.hostile_client(), open_a.route_path("answer"), valid, _answer_checks(open_a))


def _comment_checks() -> dict:
    form = CommentForm()

    def check(row):
        hostile.assert_valid_row(row, line_fields=("user_name",), long_fields=("comment",))
        assert form.fields["name"].clean(row.user_name) == row.user_name
        assert 0 < len(row.comment) <= COMMENT_MAX

    return {SectionComment: check}


@pytest.fixture
def published_comment(open_a):
    section_id = open_a.sections[0][0]
    return SectionComment.objects.create(
        content_object=open_a, site_id=1, consultation=open_a, commune=open_a.get_site(), section_id=section_id,
        user_name="قارئ", user_email="reader@example.ma", comment="تعليق منشور.", is_public=True,
    )


def test_commenting_with_hostile_input(open_a, published_comment):
    section_id = published_comment.section_id
    client, url, checks = hostile.hostile_client(), open_a.route_path("comment", section_id), _comment_checks()
    valid = {"name": "أمينة", "email": "amina@example.ma", "comment": "أقترح توضيح آليات التتبع في هذا القسم.",
             "consent": "on", "website": "", "parent": str(published_comment.pk)}
    hostile.fuzz(hostile.spoiled(valid), lambda data: hostile.send(client, url, checks, data | CAPTCHA))


def test_commenting_with_invalid_utf8(open_a, published_comment):
    valid = {"name": "أمينة", "email": "amina@example.ma", "comment": "أقترح توضيح آليات التتبع في هذا القسم.",
             "consent": "on", "website": "", "parent": str(published_comment.pk)} | CAPTCHA
    hostile.fuzz_raw(hostile.hostile_client(), open_a.route_path("comment", published_comment.section_id), valid,
                     _comment_checks())


@pytest.mark.parametrize("parent", ["²", "①", "99999999999999999999999", "9" * 5000, "-1", "0"])
def test_a_reply_to_a_comment_that_cannot_exist_is_refused_not_a_server_error(open_a, published_comment, parent):
    client, url = hostile.hostile_client(), open_a.route_path("comment", published_comment.section_id)
    before = SectionComment.objects.count()
    assert client.get(url, {"reply": parent}).status_code == 400
    data = {"name": "أمينة", "email": "amina@example.ma", "comment": "تعليق.", "consent": "on", "parent": parent} | CAPTCHA
    assert client.post(url, data).status_code == 400
    assert SectionComment.objects.count() == before
