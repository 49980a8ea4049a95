"""The requester's identity number (CIN or residence card) is encrypted at rest (issue 9):
participation/core/encrypted.py; the petitions' tests (test_cin_at_rest.py) cover the rest."""
import pytest

from participation.information.models import InformationRequest
from tests.participation.petitions.test_cin_at_rest import stored

pytestmark = pytest.mark.django_db


def test_the_information_requests_identity_number_is_encrypted(make_request, information_a):
    record = make_request(information_a, id_number="KZ778899")
    assert "KZ778899" not in stored(InformationRequest, "id_number", record.pk)
    assert InformationRequest.objects.get(pk=record.pk).id_number == "KZ778899"
