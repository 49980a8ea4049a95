"""Joining the charter: the forms (association with its document, citizen), the e-mail
confirmation (a link that only shows a button; its POST confirms), the staff's decision
(valid / rejected with a reason / information requested, then completed and sent again),
withdrawal at any time, and duplicates refused (registration number, e-mail) by the
service and by the database."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from participation.charter import services
from participation.charter.models import Adhesion
from participation.core import services as core_services
from participation.core.verification import make_token
from tests.participation.charter.conftest import (
    PDF,
    as_upload,
    association_data,
    association_form,
    citizen_data,
    citizen_form,
    pdf_file,
    png_bytes,
)
from tests.participation.charter.helpers import confirm_path, html, path_of, reload


def test_an_association_joins_confirms_and_is_validated(
    charter_a, client_a, superuser, mailoutbox, django_capture_on_commit_callbacks
):
    join = path_of(charter_a, "join/association/")
    response = client_a.get(join)
    assert response.status_code == 200
    text = html(response)
    # the commitments of the associations are shown next to the checkbox
    assert charter_a.commitments_of("associations")[0] in text and 'name="accept"' in text
    assert 'enctype="multipart/form-data"' in text and 'name="captcha_1"' in text

    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(join, association_form(1) | {"document": pdf_file()})
    assert response.status_code == 302, response.context["form"].errors
    adhesion = Adhesion.objects.get(email="association1@example.ma")
    assert adhesion.status == "unverified" and adhesion.kind == "association"
    assert adhesion.registration_number == "T-1" and adhesion.document.name.startswith("charter/")
    assert adhesion.document.name.endswith(".pdf")
    assert adhesion.commitments.splitlines() == charter_a.commitments_of("associations")
    assert response["Location"].startswith(path_of(charter_a, f"adhesion/{adhesion.access_token}/"))
    private = client_a.get(response["Location"])
    assert private.status_code == 200 and adhesion.reference in html(private)
    assert "no-store" in private["Cache-Control"] and private["X-Robots-Tag"] == "noindex, nofollow"
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["association1@example.ma"]

    # the link only shows a button (mail scanners follow links)
    link = confirm_path(mailoutbox[0])
    response = client_a.get(link)
    assert response.status_code == 200 and reload(adhesion).status == "unverified"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(link)
    assert response.status_code == 200
    adhesion = reload(adhesion)
    assert adhesion.status == "pending" and adhesion.email_verified_at is not None
    assert [e.action for e in adhesion.history.all()] == ["submit", "verify_association"]
    assert client_a.post(link).context["state"] == "already"

    with django_capture_on_commit_callbacks(execute=True):
        core_services.perform(adhesion, "validate", superuser)
    adhesion = reload(adhesion)
    assert adhesion.status == "valid" and adhesion.validated_at and adhesion.is_public
    assert any("certificate" in m.body for m in mailoutbox if m.to == ["association1@example.ma"])


def test_a_citizen_is_valid_once_the_email_is_confirmed(charter_a, client_a, mailoutbox, django_capture_on_commit_callbacks):
    join = path_of(charter_a, "join/citizen/")
    text = html(client_a.get(join))
    assert charter_a.commitments_of("citizens")[0] in text and 'name="document"' not in text
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(join, citizen_form(2, email="Citizen2@Example.ma"))
    assert response.status_code == 302
    adhesion = Adhesion.objects.get(email="citizen2@example.ma")
    assert adhesion.status == "unverified" and not adhesion.show_name
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post(confirm_path(mailoutbox[0]))
    adhesion = reload(adhesion)
    assert adhesion.status == "valid" and adhesion.validated_at is not None


@pytest.mark.parametrize("token", ["nonsense", "a" * 300, make_token.__name__, "x-y_z"])
def test_bad_confirmation_links(charter_a, client_a, token):
    response = client_a.post(path_of(charter_a, f"confirm/{token}/"))
    assert response.status_code == 400 and response.context["state"] == "invalid"


def test_a_link_of_another_commune_or_purpose_is_not_valid(charter_a, charter_b, client_a, client_b):
    adhesion = services.join(charter_a, "citizen", citizen_data())
    # the right link on the other commune's page
    assert client_b.post(path_of(charter_b, f"confirm/{make_token('adhesion', adhesion)}/")).status_code == 400
    # a token for another purpose
    assert client_a.post(path_of(charter_a, f"confirm/{make_token('sign', adhesion)}/")).status_code == 400
    assert reload(adhesion).status == "unverified"


def test_staff_reject_with_a_reason(charter_a, superuser, mailoutbox, django_capture_on_commit_callbacks):
    adhesion = services.join(charter_a, "association", association_data())
    services.confirm(adhesion)
    with pytest.raises(ValidationError):
        core_services.perform(reload(adhesion), "reject", superuser)
    assert reload(adhesion).status == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        core_services.perform(reload(adhesion), "reject", superuser, rejection_reason="الوصل غير مطابق.")
    adhesion = reload(adhesion)
    assert adhesion.status == "rejected" and not adhesion.is_public
    assert "الوصل غير مطابق." in mailoutbox[-1].body


def test_information_requested_then_completed(charter_a, client_a, superuser, mailoutbox, django_capture_on_commit_callbacks):
    adhesion = services.join(charter_a, "association", association_data())
    services.confirm(adhesion)
    with django_capture_on_commit_callbacks(execute=True):
        core_services.perform(reload(adhesion), "request_information", superuser,
                              information_requested="أرسلوا الوصل النهائي.")
    assert reload(adhesion).status == "information"
    assert "أرسلوا الوصل النهائي." in mailoutbox[-1].body
    complete = path_of(charter_a, f"adhesion/{adhesion.access_token}/complete/")
    page = client_a.get(complete)
    assert page.status_code == 200 and "أرسلوا الوصل النهائي." in html(page)
    old_document = reload(adhesion).document.name
    data = {"association_name": "جمعية مصححة", "registration_number": adhesion.registration_number,
            "registration_date": "2019-03-25", "seat": "مقر جديد", "activity": "culture", "name": "ممثل", "phone": ""}
    # a document that is not one is refused, nothing changes
    response = client_a.post(complete, data | {"document": as_upload(b"MZ\x90\x00 not a pdf", "receipt.pdf")})
    assert response.status_code == 400 and "document" in response.context["form"].errors
    assert reload(adhesion).status == "information"
    response = client_a.post(complete, data | {"document": as_upload(png_bytes(), "scan.png", "image/png")})
    assert response.status_code == 302
    adhesion = reload(adhesion)
    assert adhesion.status == "pending" and adhesion.association_name == "جمعية مصححة"
    assert adhesion.document.name != old_document and adhesion.document.name.endswith(".png")
    # completing again is refused (not waiting for information any more)
    assert client_a.post(complete, data).status_code == 409


def test_withdrawal_at_any_time(charter_a, client_a, django_capture_on_commit_callbacks, mailoutbox):
    adhesion = services.join(charter_a, "citizen", citizen_data(show_name=True))
    services.confirm(adhesion)
    withdraw = path_of(charter_a, f"adhesion/{adhesion.access_token}/withdraw/")
    response = client_a.get(withdraw)
    assert response.status_code == 200 and response.context["state"] == "ask"
    assert reload(adhesion).status == "valid"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(withdraw)
    assert response.context["state"] == "counted"
    adhesion = reload(adhesion)
    assert adhesion.status == "withdrawn" and adhesion.withdrawn_at and not adhesion.is_public
    assert client_a.post(withdraw).context["state"] == "already"
    assert adhesion.name not in html(client_a.get(path_of(charter_a, "register/")))
    # the e-mail is free again
    assert services.join(charter_a, "citizen", citizen_data(email=adhesion.email)).status == "unverified"


def test_unknown_private_links(charter_a, client_a):
    for route in ("adhesion/nope/", "adhesion/nope/withdraw/", "adhesion/nope/complete/", "adhesion/nope/certificate/"):
        assert client_a.get(path_of(charter_a, route)).status_code == 404
        assert client_a.post(path_of(charter_a, route)).status_code == 404


# --- duplicates --------------------------------------------------------------------------------


def test_one_adhesion_per_registration_number_in_a_commune(charter_a, charter_b, client_a):
    services.join(charter_a, "association", association_data(registration_number="AZ-2020-011 b", email="first@example.ma"))
    with pytest.raises(ValidationError) as refused:
        services.join(charter_a, "association", association_data(registration_number="  az-2020-011   B ",
                                                                 email="second@example.ma"))
    assert refused.value.messages[0] == services.duplicate_number_message()
    # through the form: a clear message, the form refilled, nothing stored
    response = client_a.post(path_of(charter_a, "join/association/"),
                             association_form(registration_number="AZ-2020-011 B", email="third@example.ma",
                                              association_name="اسم مكرر") | {"document": pdf_file()})
    assert response.status_code == 400
    with translation.override("ar"):
        assert services.duplicate_number_message() in response.context["form"].non_field_errors()
    assert 'value="اسم مكرر"' in html(response)
    assert Adhesion.objects.filter(registration_number="AZ-2020-011 B").count() == 1
    # another commune is another register
    assert services.join(charter_b, "association", association_data(registration_number="AZ-2020-011 B")).pk


def test_one_adhesion_per_email_in_a_commune(charter_a):
    services.join(charter_a, "citizen", citizen_data(email="same@example.ma"))
    with pytest.raises(ValidationError) as refused:
        services.join(charter_a, "association", association_data(email="SAME@example.ma"))
    assert refused.value.messages[0] == services.duplicate_email_message()
    assert Adhesion.objects.filter(email__iexact="same@example.ma").count() == 1


def test_the_database_refuses_duplicates_that_slip_past_the_check(charter_a):
    first = services.join(charter_a, "association", association_data(registration_number="DB-1"))
    twin = Adhesion(site=first.site, charter=charter_a, kind="association", status="unverified", reference="ADH-X-1",
                    association_name="x", registration_number="DB-1", email="other-db@example.ma", name="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    twin = Adhesion(site=first.site, charter=charter_a, kind="citizen", status="valid", reference="ADH-X-2",
                    email=first.email.upper(), name="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_an_unconfirmed_adhesion_past_its_link_does_not_block(charter_a):
    stale = services.join(charter_a, "association", association_data(registration_number="STALE-1"))
    Adhesion.objects.filter(pk=stale.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    fresh = services.join(charter_a, "association", association_data(registration_number="STALE-1"))
    assert reload(stale).status == "expired" and fresh.status == "unverified"


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("changes", "field"), [
    ({"association_name": ""}, "association_name"),
    ({"registration_number": ""}, "registration_number"),
    ({"registration_date": "2019-02-30"}, "registration_date"),
    ({"registration_date": "not a date"}, "registration_date"),
    ({"registration_date": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()}, "registration_date"),
    ({"activity": "weapons"}, "activity"),
    ({"email": "not-an-address"}, "email"),
    ({"accept": ""}, "accept"),
    ({"consent": ""}, "consent"),
    ({"captcha_1": "WRONG"}, "captcha"),
    ({"website": "http://spam"}, None),
    ({"association_name": "x" * 500}, "association_name"),
])
def test_bad_association_input_keeps_the_form_and_stores_nothing(charter_a, client_a, changes, field):
    response = client_a.post(path_of(charter_a, "join/association/"), association_form() | changes | {"document": pdf_file()})
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors if field is None else field in form.errors
    assert field is None or 'aria-invalid="true"' in html(response)
    assert not Adhesion.objects.filter(charter=charter_a, kind="association", created_at__gte=timezone.now()
                                       - datetime.timedelta(minutes=5)).exists()


@pytest.mark.parametrize(("content", "name"), [
    (b"<html><script>alert(1)</script></html>", "statuts.pdf"),
    (b"MZ\x90\x00\x03", "statuts.pdf"),
    (b"", "empty.pdf"),
])
def test_the_document_is_checked_by_its_content(charter_a, client_a, content, name):
    response = client_a.post(path_of(charter_a, "join/association/"),
                             association_form() | {"document": as_upload(content, name, "application/pdf")})
    assert response.status_code == 400 and "document" in response.context["form"].errors
    assert response.context["files_lost"] in (True, False)
    assert not Adhesion.objects.filter(charter=charter_a, created_at__gte=timezone.now() - datetime.timedelta(minutes=5)).exists()


def test_a_missing_document_is_refused(charter_a, client_a):
    response = client_a.post(path_of(charter_a, "join/association/"), association_form())
    assert response.status_code == 400 and "document" in response.context["form"].errors


def test_garbage_posts_never_fail(charter_a, client_a):
    for route in ("join/association/", "join/citizen/", "confirm/x/", "register/", "monitoring/", ""):
        response = client_a.post(path_of(charter_a, route), {"registration_date": "\x00", "activity": ["a", "b"],
                                                              "document": "not a file", "email": "@@"})
        assert response.status_code < 500
    assert client_a.get(path_of(charter_a, "join/nonsense/")).status_code == 404
    assert client_a.get(path_of(charter_a, "register/"), {"page": "-1x"}).status_code == 200


def test_adhesion_closed(charter_a, client_a):
    charter_a.adhesion_open = False
    charter_a.save_revision().publish()
    response = client_a.post(path_of(charter_a, "join/citizen/"), citizen_form())
    assert response.status_code == 400 and response.context["closed_reason"]
    with pytest.raises(ValidationError):
        services.join(charter_a, "citizen", citizen_data())


def test_a_pdf_upload_is_stored_privately(charter_a):
    adhesion = services.join(charter_a, "association", association_data())
    assert adhesion.document.read().startswith(b"%PDF") and PDF.startswith(b"%PDF")
    assert "statutes" not in adhesion.document.name
