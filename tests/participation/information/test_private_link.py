"""The requester's follow-up page (an idempotent form view) renews its private link like every plugin's."""
from django.test import Client

from tests.participation.core.test_private_links import renews_by_email


def test_the_followup_link_is_renewed_by_email(information_a, make_request, django_capture_on_commit_callbacks):
    record = make_request(information_a, "take")
    renews_by_email(Client(HTTP_HOST=information_a.get_site().hostname), record, django_capture_on_commit_callbacks)
