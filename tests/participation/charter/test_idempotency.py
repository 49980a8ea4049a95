"""An association's adhesion to the charter sent twice with its document
(participation.core.idempotency): one adhesion; the same bytes, file included, are the same
submission; another document with the same token is another submission."""
from django.core.cache import cache

from participation.charter.models import Adhesion
from tests.participation.charter.conftest import PDF, association_form, pdf_file
from tests.participation.charter.helpers import path_of
from tests.participation.retry import same_answer, token_in


def test_an_adhesion_sent_twice_with_its_document_is_one_adhesion(client_a, charter_a, django_capture_on_commit_callbacks):
    cache.clear()
    url = path_of(charter_a, "join/association/")
    token = token_in(client_a.get(url))
    answers = []
    for _ in range(2):  # a browser's retry sends the same bytes, the file included
        with django_capture_on_commit_callbacks(execute=True):
            answers.append(client_a.post(url, association_form(4, submission_token=token) | {"document": pdf_file()}))
    assert same_answer(*answers) and answers[0]["Location"].endswith("?joined=1")
    assert Adhesion.objects.filter(email=association_form(4)["email"]).count() == 1

    other = client_a.post(url, association_form(4, submission_token=token) | {"document": pdf_file(content=PDF + b"%")})
    assert other.status_code == 400 and other.context["form"].errors  # a new submission, refused as a duplicate
