"""The public side through HTTP: the index, a consultation in each phase, answering
(without JavaScript: plain forms), the e-mailed links (GET shows a button, POST acts),
changing answers, commenting on a section, reporting; spam and forged targets refused
with nothing stored; no personal data on public pages or in the API."""
import re

import pytest
from django.core import mail

from participation.consultations import services
from participation.consultations.models import Response, SectionComment
from tests.conftest import HOST_A
from tests.participation.consultations.conftest import CAPTCHA, form_data, make_consultation

pytestmark = pytest.mark.django_db


def _path(page, name, *args):
    return page.route_path(name, *args)


def _link(message, route):
    return re.search(rf"https?://\S+/{route}/\S+", message.body).group(0).split(HOST_A, 1)[1]


def test_the_index_lists_open_upcoming_and_closed(client_a, demo):
    open_ = make_consultation(demo.site_a)
    upcoming = make_consultation(demo.site_a, opens_in=5, closes_in=20)
    closed = make_consultation(demo.site_a, opens_in=-30, closes_in=-3)
    index = open_.get_parent().specific
    html = client_a.get(index.get_url()).content.decode()
    for page in (open_, upcoming, closed):
        assert page.title in html
    assert html.index(open_.title) < html.index(upcoming.title) < html.index(closed.title)
    assert client_a.get(index.get_url() + "?page=abc").status_code == 200


def test_the_page_shows_the_phase_and_what_one_can_do(client_a, demo):
    open_ = make_consultation(demo.site_a)
    html = client_a.get(open_.url).content.decode()
    assert _path(open_, "answer") in html and _path(open_, "comment", open_.sections[0][0]) in html
    announced = make_consultation(demo.site_a, opens_in=5, closes_in=20)
    html = client_a.get(announced.url).content.decode()
    assert _path(announced, "answer") not in html and "/comment/" not in html
    closed = make_consultation(demo.site_a, opens_in=-30, closes_in=-3)
    html = client_a.get(closed.url).content.decode()
    assert "<caption>" in html and _path(closed, "answer") not in html and "/comment/" not in html


def test_answering_confirming_and_changing_without_javascript(client_a, open_a, django_capture_on_commit_callbacks):
    form = client_a.get(_path(open_a, "answer")).content.decode()
    assert 'name="captcha_1"' in form and 'name="website"' in form
    assert 'id="answer-notice"' in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(_path(open_a, "answer"), form_data(open_a))
    assert response.status_code == 302
    record = Response.objects.get(consultation=open_a)
    (message,) = mail.outbox
    confirm = _link(message, "confirm")
    assert client_a.get(confirm).status_code == 200 and Response.objects.get(pk=record.pk).status == "pending"
    assert client_a.post(confirm).status_code == 200 and Response.objects.get(pk=record.pk).status == "confirmed"
    change = _link(message, "change")
    page = client_a.get(change)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    data = {k: v for k, v in form_data(open_a).items() if k.startswith("q")}
    data[next(k for k in data if k.startswith("q") and data[k] == "نعم")] = "لا"
    assert client_a.post(change, data).status_code == 302
    assert "لا" in services.current_answers(record).values()


@pytest.mark.parametrize(
    ("changes", "status"),
    [({"website": "http://spam.example"}, 400), ({"captcha_1": "WRONG"}, 400), ({"consent": None}, 400),
     ({"email": "not-an-address"}, 400)],
)
def test_spam_and_bad_input_store_nothing(client_a, open_a, changes, status):
    response = client_a.post(_path(open_a, "answer"), form_data(open_a, **changes))
    assert response.status_code == status and not Response.objects.filter(consultation=open_a).exists()
    assert mail.outbox == []
    assert "أقترح لقاءات في الأحياء." in response.content.decode()  # the form keeps what was typed


def test_answering_a_closed_consultation_is_refused_with_a_message(client_a, demo):
    closed = make_consultation(demo.site_a, opens_in=-30, closes_in=-3)
    for method in ("get", "post"):
        response = getattr(client_a, method)(_path(closed, "answer"), form_data(closed) if method == "post" else None)
        assert response.status_code == 409 and 'role="alert"' in response.content.decode()
    assert not Response.objects.filter(consultation=closed).exists()


def test_a_second_answer_from_the_same_address_is_refused(client_a, open_a, django_capture_on_commit_callbacks):
    client_a.post(_path(open_a, "answer"), form_data(open_a))
    response = client_a.post(_path(open_a, "answer"), form_data(open_a, email="AMINA@example.ma"))
    assert response.status_code == 409 and Response.objects.filter(consultation=open_a).count() == 1


def test_commenting_on_a_section_and_moderation(client_a, open_a, superuser, django_capture_on_commit_callbacks):
    section = open_a.sections[1][0]
    url = _path(open_a, "comment", section)
    data = {"name": "كريم", "email": "karim@example.ma", "comment": "أقترح إضافة قيمة التضامن.", "consent": "on", **CAPTCHA}
    with django_capture_on_commit_callbacks(execute=True):
        assert client_a.post(url, data).status_code == 302
    comment = SectionComment.objects.get(consultation=open_a)
    assert comment.section_id == section and not comment.is_public
    assert "أقترح إضافة قيمة التضامن" not in client_a.get(open_a.url).content.decode()
    confirm = _link(mail.outbox[0], "comment-confirm")
    assert client_a.post(confirm).status_code == 200
    services.approve_comment(comment, superuser)
    html = client_a.get(open_a.url).content.decode()
    assert "أقترح إضافة قيمة التضامن" in html and "karim@example.ma" not in html
    # a reply, then a report
    reply = client_a.get(url + f"?reply={comment.pk}")
    assert reply.status_code == 200 and f'name="parent" value="{comment.pk}"' in reply.content.decode()
    report = _path(open_a, "report_comment", comment.pk)
    assert client_a.get(report).status_code == 200 and client_a.post(report).status_code == 302
    assert SectionComment.objects.get(pk=comment.pk).flag_count == 1


def test_forged_and_spam_comments_store_nothing(client_a, open_a, open_b):
    data = {"name": "x", "email": "x@example.ma", "comment": "نص", "consent": "on", **CAPTCHA}
    before = SectionComment.objects.count()
    assert client_a.post(_path(open_a, "comment", "no-such-section"), data).status_code == 404
    assert client_a.post(_path(open_a, "comment", open_b.sections[0][0]), data).status_code == 404
    assert client_a.post(_path(open_a, "comment", open_a.sections[0][0]), data | {"parent": "999999"}).status_code == 400
    assert client_a.post(_path(open_a, "comment", open_a.sections[0][0]), data | {"website": "x"}).status_code == 400
    assert client_a.post(_path(open_a, "comment", open_a.sections[0][0]), data | {"captcha_1": "WRONG"}).status_code == 400
    assert SectionComment.objects.count() == before


def test_invalid_links_are_a_clear_400(client_a, open_a):
    for name in ("confirm_response", "confirm_comment"):
        response = client_a.get(_path(open_a, name, "forged-token"))
        assert response.status_code == 400
    assert client_a.get(_path(open_a, "change", "forged")).status_code == 404


def test_no_personal_data_on_public_pages_or_in_the_api(client_a, demo, superuser):
    page = make_consultation(demo.site_a)
    response = services.submit_response(page, services.ResponseData(
        email="secret.person@example.ma", answers={q.pk: v for q, v in zip(page.questions.all(), ["نعم", ["الموقع"], 3, "", "رأيي السري"], strict=True)},
    ))
    services.confirm_response(response)
    comment = services.post_comment(page, page.sections[0][0], services.CommentData("سلمى", "salma.secret@example.ma", "تعليق"))
    services.confirm_comment(comment)
    services.approve_comment(comment, superuser)
    page.closes_on = page.opens_on  # now closed: results shown
    page.save_revision().publish()
    bodies = [client_a.get(page.url).content.decode(), client_a.get(page.get_parent().url).content.decode()]
    for url in ("/api/v1/consultations/", f"/api/v1/consultations/{page.pk}", f"/api/v1/consultations/{page.pk}/results"):
        api = client_a.get(url)
        assert api.status_code == 200, url
        bodies.append(api.content.decode())
    for body in bodies:
        assert "secret" not in body and "رأيي السري" not in body and response.reference not in body
    results = client_a.get(f"/api/v1/consultations/{page.pk}/results").json()
    assert results["responses"] == 1 and results["questions"][0]["rows"][0] == {"label": "نعم", "count": 1, "percent": 100.0}


def test_results_of_an_open_consultation_are_not_in_the_api(client_a, open_a):
    assert client_a.get(f"/api/v1/consultations/{open_a.pk}/results").status_code == 404
    assert client_a.get("/api/v1/consultations/99999999999999999999").status_code in (404, 422)


def test_the_demo_has_the_charter_consultation_with_results_and_a_report(client_a, demo):
    from participation.consultations.models import ConsultationPage

    charter = ConsultationPage.objects.descendant_of(demo.site_a.root_page).get(slug="charter-consultation")
    assert str(charter.phase) == "reported" and charter.report_document is not None
    assert 30 <= Response.objects.filter(consultation=charter, status="confirmed").count() <= 42
    html = client_a.get(charter.url).content.decode()
    assert "<caption>" in html and 'id="report-heading"' in html
    plan = ConsultationPage.objects.descendant_of(demo.site_a.root_page).get(slug="action-plan-consultation")
    assert plan.is_open and plan.questions.count() == 4


def test_the_demo_seed_loads_twice_without_duplicates(demo):
    from home.models import HomePage
    from participation.consultations.seeds import seed

    home = HomePage.objects.get(pk=demo.site_a.root_page_id)
    assert seed(demo.site_a, home) == 0
