"""The agent's management page renews its private link like every plugin's."""
from django.test import Client

from tests.participation.core.test_private_links import renews_by_email


def test_the_management_link_is_renewed_by_email(petitions_a, make_petition, django_capture_on_commit_callbacks):
    petition = make_petition(petitions_a, "open")
    renews_by_email(Client(HTTP_HOST=petitions_a.get_site().hostname), petition, django_capture_on_commit_callbacks)
