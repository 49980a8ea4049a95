"""A consultation translated into French presents the draft in French; its questions,
comments and results are the original's (one consultation, not two), and the French list
shows each consultation once."""
import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Locale

from participation.consultations import services
from participation.consultations.models import ConsultationPage
from tests.participation.consultations.conftest import make_consultation, valid_answers

pytestmark = pytest.mark.django_db


def _french(page) -> ConsultationPage:
    translation = page.copy_for_translation(Locale.objects.get(language_code="fr"), alias=False).specific
    translation.title = "Consultation de test"
    raw = list(translation.draft.raw_data)
    raw[0]["value"] = {"heading": "Présentation", "body": "<p>Le texte en français.</p>"}
    translation.draft = raw
    translation.save()
    translation.save_revision().publish()
    return ConsultationPage.objects.get(pk=translation.pk)


def test_the_translation_shows_the_originals_comments_and_sends_participants_to_it(client, open_a):
    french = _french(open_a)
    comment = services.post_comment(open_a, open_a.draft[0].id, services.CommentData(name="سعاد", email="s@example.ma", text="ملاحظة على التقديم."))
    services.confirm_comment(comment)
    services.approve_comment(comment, get_user_model().objects.get(username="a_participation"))

    html = client.get(french.route_path("index")).content.decode()
    assert "Le texte en français." in html and 'lang="fr"' in html
    assert "ملاحظة على التقديم." in html  # the comment made on the original, under the same section
    assert open_a.route_path("answer") in html  # answering happens on the original

    for route in ("answer", "comment"):
        args = (open_a.draft[0].id,) if route == "comment" else ()
        response = client.get(french.route_path(route, *args))
        assert response.status_code == 302 and response["Location"] == open_a.route_path(route, *args)
    assert french.canonical().pk == open_a.pk and open_a.canonical().pk == open_a.pk


def test_the_translation_shows_the_originals_results(client, demo):
    page = make_consultation(demo.site_a, opens_in=-10, closes_in=5)
    response = services.submit_response(page, services.ResponseData(email="r@example.ma", answers=valid_answers(page)), day=None)
    services.confirm_response(response)
    french = _french(page)
    ConsultationPage.objects.filter(pk__in=[page.pk, french.pk]).update(closes_on=page.opens_on)  # now closed

    html = client.get(french.route_path("index")).content.decode()
    assert "هل المسودة واضحة؟" in html  # the original's question, with its result
    assert "100" in html


def test_the_french_list_shows_each_consultation_once(client, demo, open_a):
    other = make_consultation(demo.site_a)
    french = _french(open_a)
    index = french.get_parent().specific
    listed = list(index.consultations())
    assert french in listed and open_a not in listed  # the translation stands for the original
    assert other in listed  # not translated: the original is listed
