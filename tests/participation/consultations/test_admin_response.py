"""A response's page in the admin shows its answers question by question; written answers
only to the staff who may export them (as the export itself)."""
import pytest
from django.urls import reverse

from participation.consultations import services
from tests.participation.consultations.conftest import questions_by_kind, valid_answers
from tests.participation.matrix import client_for

pytestmark = pytest.mark.django_db


def test_the_answers_are_shown_question_by_question(open_a):
    response = services.submit_response(open_a, services.ResponseData(email="reader@example.ma", answers=valid_answers(open_a)))
    url = reverse("participation_consultations_response:inspect", args=[response.pk])
    questions = questions_by_kind(open_a)

    html = client_for("a_participation").get(url).content.decode()  # holds the export permission
    for question in questions.values():
        if question.kind != "short_text":  # optional, not answered
            assert question.label in html
    assert "اللقاءات" in html and "الموقع" in html  # both options of the multiple choice
    assert "أقترح لقاءات في الأحياء." in html

    html = client_for("a_editor").get(url).content.decode()  # may view answers, not export them
    assert questions["single"].label in html and "نعم" in html
    assert "أقترح لقاءات في الأحياء." not in html
