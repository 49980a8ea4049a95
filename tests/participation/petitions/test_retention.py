"""A signature never confirmed counts for nothing: once its e-mail link expired, the
retention purge anonymises its CIN, name and address (core.personal_data,
``Signature.awaiting_confirmation``); confirmed signatures stay while the petition is handled."""
from datetime import timedelta

import pytest
from django.utils import timezone

from participation.core import personal_data
from participation.petitions import services
from participation.petitions.models import Signature
from tests.participation.petitions.conftest import signatory

pytestmark = pytest.mark.django_db


def test_an_unconfirmed_signature_loses_its_cin_once_the_link_expired(demo, make_petition, petitions_a):
    petition = make_petition(petitions_a, status="open")
    stale = services.sign(petition, signatory())
    confirmed = services.sign(petition, signatory())
    services.confirm_signature(confirmed)
    Signature.objects.filter(pk__in=[stale.pk, confirmed.pk]).update(created_at=timezone.now() - timedelta(days=9))

    personal_data.purge()

    stale.refresh_from_db()
    confirmed.refresh_from_db()
    assert stale.cin == f"{personal_data.ERASED_NAME}{stale.pk}" and stale.name == stale.address == personal_data.ERASED_NAME
    assert confirmed.name != personal_data.ERASED_NAME  # counted: kept while the petition is handled
