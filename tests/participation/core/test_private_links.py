"""Citizens' private links (participation.core.private_links): found by the token's keyed hash
(the token never reaches the database), expire, and are revoked — by the citizen from the page
or by staff from the admin — with the new link e-mailed to the address on file only."""
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from participation.core import encrypted, private_links
from participation.core.models import Submission, SubmissionLogEntry
from participation.suggestions.models import Suggestion
from tests.participation.suggestions.test_admin import (
    INSPECT,
    commune_a,  # noqa: F401 (fixture)
    commune_b,  # noqa: F401 (fixture)
    final_status,
    user,
)

RENEW_ADMIN = "participation_suggestions_suggestion:renew_link"


@pytest.fixture
def record(commune_a):  # noqa: F811
    return commune_a.suggestion()


@pytest.fixture
def citizen(demo):
    return Client(HTTP_HOST=demo.site_a.hostname)


def _url(record) -> str:
    return record.get_followup_url()


def renews_by_email(citizen, record, capture) -> None:
    """The record's private page offers a new link; asking for it e-mails the new link only to
    the record's address, the new one opens the page and the old one is replaced (shared by the
    plugins' tests: their private pages differ, the rule must not)."""
    old_url = record.get_followup_url()
    page = citizen.get(old_url)
    assert page.status_code == 200 and f'name="{private_links.RENEW_FIELD}"' in page.content.decode()
    mail.outbox = []
    assert _renew(citizen, old_url, capture).status_code == 200
    record.refresh_from_db()
    [message] = mail.outbox
    assert message.to == [record.email] and _new_link(message).endswith(record.get_followup_url())
    assert citizen.get(record.get_followup_url()).status_code == 200
    assert citizen.get(old_url).status_code == 410


def _renew(client, url, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url, {private_links.RENEW_FIELD: "1"})


def _new_link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_the_page_is_found_by_the_tokens_hash_and_offers_a_new_link(citizen, record):
    with CaptureQueriesContext(connection) as queries:
        response = citizen.get(_url(record))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert f'name="{private_links.RENEW_FIELD}"' in html
    # the token is compared as a keyed hash: never sent to the database
    assert not any(record.access_token in query["sql"] for query in queries.captured_queries)
    assert any(encrypted.lookup_hash(record.access_token) in query["sql"] for query in queries.captured_queries)


@pytest.mark.parametrize("token", ["x", "a" * 65, "..%2F..%2Fetc", "tok%20en%20with%20spaces%20and%20more", "%D9%A3" * 32,
                                   "a" * 31 + "%00"])
def test_malformed_or_unknown_tokens_are_not_found(citizen, record, token):
    assert citizen.get(_url(record).replace(record.access_token, token)).status_code == 404
    last = record.access_token[-1]
    near_miss = record.access_token[:-1] + ("B" if last == "A" else "A")
    assert citizen.get(_url(record).replace(record.access_token, near_miss)).status_code == 404


def test_the_citizen_revokes_the_link_and_gets_a_new_one_by_email(citizen, record, django_capture_on_commit_callbacks):
    old_url, mail.outbox = _url(record), []
    response = _renew(citizen, old_url, django_capture_on_commit_callbacks)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert record.reference in response.content.decode()
    record.refresh_from_db()
    assert _url(record) != old_url
    [message] = mail.outbox
    assert message.to == [record.email] and record.reference in message.subject
    new_link = _new_link(message)
    assert new_link.endswith(_url(record)) and old_url not in message.body
    replaced = citizen.get(old_url)  # revoked at once: it only says where the new one went
    assert replaced.status_code == 410 and "no-store" in replaced["Cache-Control"]
    assert private_links.RENEW_FIELD not in replaced.content.decode()
    assert record.reference not in replaced.content.decode() and record.email not in replaced.content.decode()
    assert citizen.get(_url(record)).status_code == 200
    entry = SubmissionLogEntry.objects.get(object_id=str(record.pk), action=private_links.LOG_ACTION)
    assert entry.user is None and record.access_token not in str(entry.data)
    assert _renew(citizen, old_url, django_capture_on_commit_callbacks).status_code == 410  # a double click renews nothing
    assert len(mail.outbox) == 1
    cache.delete(private_links.REPLACED_KEY + encrypted.lookup_hash(old_url.rstrip("/").rsplit("/", 1)[1]))
    assert citizen.get(old_url).status_code == 404  # a week later: not found


def test_an_expired_link_answers_410_and_can_send_a_new_one(citizen, record, settings, django_capture_on_commit_callbacks):
    settings.JAMAA_PRIVATE_LINK_DAYS = 30
    Suggestion.objects.filter(pk=record.pk).update(updated_at=timezone.now() - timedelta(days=31))
    response = citizen.get(_url(record))
    assert response.status_code == 410 and "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert f'name="{private_links.RENEW_FIELD}"' in html and "30" in html
    assert record.email not in html and record.title not in html  # nothing of the file is shown
    mail.outbox = []
    assert _renew(citizen, _url(record), django_capture_on_commit_callbacks).status_code == 200
    record.refresh_from_db()
    assert citizen.get(_url(record)).status_code == 200  # the new link is alive again
    assert _new_link(mail.outbox[0]).endswith(_url(record))


def test_a_link_still_in_use_does_not_expire(citizen, record, settings):
    settings.JAMAA_PRIVATE_LINK_DAYS = 30
    Suggestion.objects.filter(pk=record.pk).update(updated_at=timezone.now() - timedelta(days=29))
    assert citizen.get(_url(record)).status_code == 200


def test_after_erasure_the_link_is_dead_and_sends_nothing(citizen, record, django_capture_on_commit_callbacks):
    Suggestion.objects.filter(pk=record.pk).update(erased_at=timezone.now(), email="")
    record.refresh_from_db()
    response = citizen.get(_url(record))
    assert response.status_code == 410 and private_links.RENEW_FIELD not in response.content.decode()
    mail.outbox = []
    assert _renew(citizen, _url(record), django_capture_on_commit_callbacks).status_code == 410
    assert mail.outbox == []


def test_another_communes_host_does_not_find_the_link(demo, record):
    other = Client(HTTP_HOST=demo.site_b.hostname)
    assert final_status(other.get(_url(record)), other) == 404


def test_staff_revoke_the_link_from_the_admin(record, django_capture_on_commit_callbacks, citizen):
    staff = Client()
    staff.force_login(user("a_participation"))
    old_url = _url(record)
    html = staff.get(reverse(INSPECT, args=[record.pk])).content.decode()
    assert reverse(RENEW_ADMIN, args=[record.pk]) in html
    assert staff.get(reverse(RENEW_ADMIN, args=[record.pk])).status_code == 405  # a GET changes nothing
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(reverse(RENEW_ADMIN, args=[record.pk]))
    assert response.status_code == 302 and response["Location"] == reverse(INSPECT, args=[record.pk])
    record.refresh_from_db()
    assert citizen.get(old_url).status_code == 410 and citizen.get(_url(record)).status_code == 200
    assert _new_link(mail.outbox[0]).endswith(_url(record))
    entry = SubmissionLogEntry.objects.get(object_id=str(record.pk), action=private_links.LOG_ACTION)
    assert entry.user.username == "a_participation"


@pytest.mark.parametrize("username, expected", [
    ("b_participation", "hidden"), ("a_information", "denied"), ("a_editor", "denied"), ("anonymous", "login"),
])
def test_no_one_else_revokes_it(record, username, expected):
    client = Client()
    if username != "anonymous":
        client.force_login(user(username))
    before = record.access_token
    response = client.post(reverse(RENEW_ADMIN, args=[record.pk]))
    if expected == "login":
        assert response.status_code == 302 and reverse("wagtailadmin_login") in response["Location"]
    elif expected == "hidden":
        assert final_status(response, client) == 404
    else:
        assert response.status_code in (302, 403) and reverse("wagtailadmin_login") not in response.get("Location", "")
    record.refresh_from_db()
    assert record.access_token == before


def test_links_survive_a_new_hash_key(citizen, record, settings):
    settings.JAMAA_HASH_KEY = "a-new-hash-key-after-a-leak"
    assert citizen.get(_url(record)).status_code == 404  # the stored hash is the old key's
    encrypted.rotate_all(connection)
    assert citizen.get(_url(record)).status_code == 200


def test_every_plugin_declares_a_private_page_that_exists_and_offers_renewal():
    """Each kind of record names the route and page of its private link, and that page's
    template offers the "send me a new link" button."""
    from django.template.loader import get_template

    models = [m for m in apps.get_models() if issubclass(m, Submission)]
    assert len(models) >= 6
    for model in models:
        field = next(model._meta.get_field(name) for name in model.private_page_fields if hasattr(model, name))
        page_model = field.related_model
        assert issubclass(page_model, Page), model
        page_model.get_resolver().reverse(model.private_route, "a" * 32)  # the route exists (no database)
    templates = {
        "participation_suggestions/suggestion_followup.html", "participation_petitions/petition_manage.html",
        "participation_information/information_followup.html", "participation_meetings/meeting_registration.html",
        "participation_charter/charter_adhesion.html", "participation_consultations/response_change.html",
    }
    for name in templates:
        assert "participation_core/private_link_form.html" in get_template(name).template.source, name
