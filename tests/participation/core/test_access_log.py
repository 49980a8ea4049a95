"""Access to citizens' personal data is logged (participation.core.access_log): one entry per
record viewed, document downloaded or list exported, with who, when, where from, and never
the personal values; the register is read in the admin, scoped to the staff member's communes."""
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from participation.charter.models import Adhesion
from participation.core.access_log import COMMAND_LINE, Action
from participation.core.models import PersonalDataAccess
from participation.petitions.models import Petition, Signature
from participation.suggestions.models import Suggestion
from participation.suggestions.services import submit_suggestion

LOG_INDEX = "participation_core_personaldataaccess:index"
PROXY_CLIENT_IP = "203.0.113.9"  # the test client's REMOTE_ADDR is a trusted proxy: this header is the client


def staff(username) -> Client:
    client = Client(HTTP_X_FORWARDED_FOR=PROXY_CLIENT_IP)
    client.force_login(get_user_model().objects.get(username=username))
    return client


def body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


@pytest.fixture
def suggestion_a(box_a, suggestion_data):
    return submit_suggestion(box_a, suggestion_data, ip="192.0.2.1", language="ar")


def test_viewing_a_record_logs_who_when_and_which_record_but_no_personal_value(demo, suggestion_a):
    response = staff("a_participation").get(reverse("participation_suggestions_suggestion:inspect", args=[suggestion_a.pk]))
    assert response.status_code == 200 and suggestion_a.email in response.content.decode()
    entry = PersonalDataAccess.objects.get()
    assert entry.user.username == entry.username == "a_participation"
    assert entry.site_id == demo.site_a.pk and entry.action == Action.VIEW
    assert entry.content_type.model_class() is Suggestion and entry.record == suggestion_a.reference
    assert entry.ip_address == PROXY_CLIENT_IP and entry.at is not None
    stored = " ".join(str(value) for value in PersonalDataAccess.objects.values_list().get())
    for personal in (suggestion_a.name, suggestion_a.email, suggestion_a.phone):
        assert personal not in stored


def test_an_export_with_contacts_logs_one_entry_per_commune_with_its_rows(demo):
    expected = Adhesion.objects.filter(site=demo.site_a).count()
    assert expected
    response = staff("a_participation").get(reverse("participation_charter_adhesion:index"), {"export": "csv"})
    assert response.status_code == 200 and body(response)
    entry = PersonalDataAccess.objects.get()
    assert (entry.username, entry.action, entry.site_id, entry.rows, entry.detail) == (
        "a_participation", Action.EXPORT, demo.site_a.pk, expected, "csv")
    assert entry.content_type.model_class() is Adhesion


def test_an_export_without_personal_fields_is_not_logged(demo, suggestion_a):
    response = staff("a_participation").get(reverse("participation_suggestions_suggestion:index"), {"export": "csv"})
    assert response.status_code == 200 and body(response)
    assert not PersonalDataAccess.objects.exists()


def test_the_signatures_of_a_petition_seen_then_exported(demo):
    petition = Petition.objects.filter(site=demo.site_a, signatures__isnull=False).distinct().first()
    client = staff("a_bureau")
    assert client.get(reverse("participation_petitions_petition:signatures", args=[petition.pk])).status_code == 200
    response = client.get(reverse("participation_petitions_petition:export_signatures", args=[petition.pk]), {"export": "xlsx"})
    assert response.status_code == 200
    viewed, exported = PersonalDataAccess.objects.order_by("pk")
    assert (viewed.action, viewed.record, viewed.content_type.model_class()) == (Action.VIEW, petition.reference, Signature)
    assert (exported.action, exported.record, exported.rows, exported.detail) == (
        Action.EXPORT, petition.reference, petition.signatures.count(), "xlsx")
    assert {viewed.site_id, exported.site_id} == {demo.site_a.pk}


def test_refused_and_failed_requests_log_nothing(demo, suggestion_a):
    inspect = reverse("participation_suggestions_suggestion:inspect", args=[suggestion_a.pk])
    staff("b_participation").get(inspect)  # another commune's record: 404
    Client().get(inspect)  # anonymous: the login page
    assert not PersonalDataAccess.objects.exists()


def test_the_command_line_export_is_logged_without_the_address(demo, suggestion_a, capsys):
    call_command("personal_data", "export", suggestion_a.email)
    entry = PersonalDataAccess.objects.get()
    assert (entry.username, entry.user, entry.action, entry.rows) == (COMMAND_LINE, None, Action.EXPORT, 1)
    assert suggestion_a.email not in " ".join(str(v) for v in PersonalDataAccess.objects.values_list().get())


def test_the_register_is_scoped_to_the_staff_members_communes(demo, suggestion_a, box_b, category_b, suggestion_data):
    suggestion_b = submit_suggestion(box_b, suggestion_data | {"category": category_b}, language="ar")
    staff("a_participation").get(reverse("participation_suggestions_suggestion:inspect", args=[suggestion_a.pk]))
    staff("b_participation").get(reverse("participation_suggestions_suggestion:inspect", args=[suggestion_b.pk]))
    assert PersonalDataAccess.objects.count() == 2

    page = staff("b_bureau").get(reverse(LOG_INDEX))  # the demo's bureau reads the register of its commune
    assert page.status_code == 200
    html = page.content.decode()
    assert suggestion_b.reference in html and suggestion_a.reference not in html

    superuser = get_user_model().objects.create_superuser("root-access-log", "root@example.ma", "x")
    client = Client()
    client.force_login(superuser)
    html = client.get(reverse(LOG_INDEX)).content.decode()
    assert suggestion_a.reference in html and suggestion_b.reference in html
    filtered = client.get(reverse(LOG_INDEX), {"user": get_user_model().objects.get(username="a_participation").pk})
    assert suggestion_a.reference in filtered.content.decode() and suggestion_b.reference not in filtered.content.decode()
    assert client.get(reverse(LOG_INDEX), {"action": "export", "at_after": "nonsense", "user": "x"}).status_code == 200


def test_the_register_is_closed_to_staff_without_the_permission_and_to_anonymous_visitors(demo):
    response = staff("a_participation").get(reverse(LOG_INDEX))
    assert response.status_code in (302, 403) and "personaldataaccess" not in response.get("Location", "")
    response = Client().get(reverse(LOG_INDEX))
    assert response.status_code == 302 and response["Location"].startswith(reverse("wagtailadmin_login"))


def test_the_register_has_no_add_edit_or_delete_view(demo):
    superuser = get_user_model().objects.create_superuser("root-access-log2", "root2@example.ma", "x")
    client = Client()
    client.force_login(superuser)
    html = client.get(reverse(LOG_INDEX)).content.decode()
    assert "/participation/core/personaldataaccess/add/" not in html
    for suffix in ("add/", "edit/1/", "delete/1/"):
        response = client.get(reverse(LOG_INDEX) + suffix)
        assert response.status_code in (404, 302)
