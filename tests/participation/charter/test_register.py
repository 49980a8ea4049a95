"""The public register of adherents and the certificate: associations with their name, field
and date; citizens counted, named only with their consent; never an e-mail, a phone, a
receipt number, a representative or a document — in the HTML and in the API. The
certificate (PDF) only for a validated association, from its private link."""
import pytest

from participation.charter import services
from participation.core import services as core_services
from tests.participation.charter.conftest import association_data, citizen_data
from tests.participation.charter.helpers import html, path_of, reload


def valid_association(charter, superuser, **data):
    adhesion = services.join(charter, "association", association_data(**data))
    services.confirm(adhesion)
    return core_services.perform(reload(adhesion), "validate", superuser)


def valid_citizen(charter, **data):
    adhesion = services.join(charter, "citizen", citizen_data(**data))
    services.confirm(adhesion)
    return reload(adhesion)


@pytest.fixture
def adherents(charter_a, superuser):
    association = valid_association(charter_a, superuser, association_name="جمعية السجل العمومي",
                                    registration_number="REG-SECRET-77", email="assoc.private@example.ma",
                                    name="ممثل سري", phone="0699999999", seat="عنوان خاص")
    pending = services.join(charter_a, "association", association_data(association_name="جمعية في الانتظار"))
    named = valid_citizen(charter_a, name="مواطنة مسماة", show_name=True, email="named.citizen@example.ma")
    anonymous = valid_citizen(charter_a, name="مواطن غير مسمى", show_name=False, email="anon.citizen@example.ma",
                              neighbourhood="حي سري")
    unconfirmed = services.join(charter_a, "citizen", citizen_data(name="مواطن لم يؤكد", show_name=True))
    return association, pending, named, anonymous, unconfirmed


def test_the_register_shows_only_what_is_public(charter_a, client_a, adherents):
    association, pending, named, anonymous, unconfirmed = adherents
    response = client_a.get(path_of(charter_a, "register/"))
    assert response.status_code == 200
    text = html(response)
    assert association.association_name in text and association.get_activity_display() in text
    assert named.name in text
    for private in (association.email, association.registration_number, association.name, association.phone,
                    association.seat, pending.association_name, anonymous.name, anonymous.email, anonymous.neighbourhood,
                    unconfirmed.name, named.email, "@example.ma", association.access_token):
        assert private not in text, private
    # counted all the same
    counts = response.context["counts"]
    assert counts["citizens"] >= 2 and counts["associations"] >= 1


def test_the_charter_page_does_not_leak_either(charter_a, client_a, adherents):
    text = html(client_a.get(path_of(charter_a)))
    for adhesion in adherents:
        assert adhesion.email not in text


def test_the_api_has_no_personal_data(client_a, client_b, adherents):
    association, pending, named, anonymous, unconfirmed = adherents
    response = client_a.get("/api/v1/charter/associations", {"limit": 100})
    assert response.status_code == 200
    body = response.content.decode()
    names = [item["name"] for item in response.json()["items"]]
    assert association.association_name in names and pending.association_name not in names
    assert set(response.json()["items"][0]) == {"name", "field", "field_label", "member_since"}
    for private in (association.email, association.registration_number, association.name, association.phone,
                    named.name, anonymous.name, "@example.ma"):
        assert private not in body, private
    counts = client_a.get("/api/v1/charter/register").json()
    assert set(counts) == {"associations", "citizens"} and counts["citizens"] >= 2
    # the other commune's register is its own
    assert association.association_name not in client_b.get("/api/v1/charter/associations").content.decode()


@pytest.mark.parametrize("query", [{"limit": 0}, {"limit": 1000}, {"offset": -1}, {"limit": "x"}])
def test_bad_api_parameters_are_422(client_a, demo, query):
    assert client_a.get("/api/v1/charter/associations", query).status_code == 422


def test_certificate_of_a_validated_association(charter_a, charter_b, client_a, client_b, superuser):
    association = valid_association(charter_a, superuser)
    certificate = path_of(charter_a, f"adhesion/{association.access_token}/certificate/")
    response = client_a.get(certificate)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and b"%%EOF" in response.content[-1024:]
    assert "no-store" in response["Cache-Control"] and response["X-Robots-Tag"] == "noindex, nofollow"
    assert 'href="' + certificate in html(client_a.get(path_of(charter_a, f"adhesion/{association.access_token}/")))
    # the private link only, on its own commune's page
    assert client_b.get(path_of(charter_b, f"adhesion/{association.access_token}/certificate/")).status_code == 404
    # none once withdrawn
    services.withdraw(association)
    assert client_a.get(certificate).status_code == 404


def test_no_certificate_before_validation_or_for_a_citizen(charter_a, client_a, superuser):
    pending = services.join(charter_a, "association", association_data())
    services.confirm(pending)
    citizen = valid_citizen(charter_a)
    for adhesion in (pending, citizen):
        assert client_a.get(path_of(charter_a, f"adhesion/{adhesion.access_token}/certificate/")).status_code == 404


def test_certificate_in_french(charter_a, superuser):
    from django.utils import translation

    from participation.charter.certificate import certificate_pdf

    association = valid_association(charter_a, superuser)
    with translation.override("fr"):
        assert certificate_pdf(association).startswith(b"%PDF-")


def test_the_register_costs_the_same_queries_as_adherents_grow(charter_b, client_b, superuser):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    path = path_of(charter_b, "register/")
    for n in range(3):
        valid_association(charter_b, superuser, association_name=f"جمعية قليلة {n}")
    client_b.get(path)
    with CaptureQueriesContext(connection) as few:
        assert client_b.get(path).status_code == 200
    for n in range(60):
        valid_association(charter_b, superuser, association_name=f"جمعية كثيرة {n:02}")
        valid_citizen(charter_b, show_name=bool(n % 2))
    with CaptureQueriesContext(connection) as many:
        response = client_b.get(path)
    assert response.status_code == 200 and response.context["counts"]["associations"] >= 63
    assert len(many) == len(few)
