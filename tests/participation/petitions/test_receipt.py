"""The receipt (وصل) of a filed petition: one source of content (receipt_rows) for
the printable HTML page and the PDF, in the agent's language, with the refusal
deadline of article 125."""
from datetime import date
from html import unescape

import pytest
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from base.models import CommuneSettings
from participation.petitions import rules
from participation.petitions.models import PetitionSettings
from participation.petitions.receipt import receipt_closing, receipt_pdf, receipt_rows


def _values(rows):
    return dict(rows)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_rows_of_a_citizens_petition(petitions_a, make_petition, language):
    petition = make_petition(petitions_a, "filed", threshold=3)
    names = CommuneSettings.for_site(petitions_a.get_site())
    with translation.override(language):
        rows = _values(receipt_rows(petition))
        filed = date_format(petition.filed_on, "DATE_FORMAT")
        deadline = date_format(rules.refusal_deadline(petition.filed_on), "DATE_FORMAT")
        assert rows[gettext("Commune")] == (names.name_ar if language == "ar" else names.name_fr)
        assert rows[gettext("Reference")] == petition.reference
        assert rows[gettext("Filed on")] == filed
        assert rows[gettext("Type of petition")] == str(petition.get_kind_display())
        assert rows[gettext("Subject")] == petition.title
        assert rows[gettext("Agent")] == petition.name
        counted = rows[gettext("Valid signatures counted")]
        assert counted.startswith("3") and "3" in counted
        assert rows[gettext("Last day to notify a refusal, with its reasons")] == deadline
        assert any("125" in line for line in receipt_closing(petition))
    assert petition.deadline == rules.refusal_deadline(petition.filed_on)


def test_rows_of_an_associations_petition(petitions_a, make_petition):
    petition = make_petition(petitions_a, "filed", kind="association", association_name="جمعية الأمل للتنمية",
                             association_declared_on=date(2015, 1, 1), association_seat_in_commune=True)
    with translation.override("ar"):
        rows = _values(receipt_rows(petition))
        assert rows[gettext("Association")] == "جمعية الأمل للتنمية"
        assert rows[gettext("Represented by")] == petition.name
        assert gettext("Valid signatures counted") not in rows  # art. 124: no threshold


def test_the_communes_refusal_delay_is_the_one_printed(petitions_a, make_petition):
    settings = PetitionSettings.for_site(petitions_a.get_site())
    settings.refusal_deadline_months = 2
    settings.save()
    petition = make_petition(petitions_a, "filed")
    assert petition.deadline == rules.add_months(petition.filed_on, 2)
    with translation.override("fr"):
        rows = _values(receipt_rows(petition))
        assert rows[gettext("Last day to notify a refusal, with its reasons")] == date_format(petition.deadline, "DATE_FORMAT")
        assert any(" 2 " in line for line in receipt_closing(petition))


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_pdf_in_each_language(petitions_a, make_petition, language):
    petition = make_petition(petitions_a, "filed")
    with translation.override(language):
        pdf = receipt_pdf(petition)
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000


def test_html_receipt_shows_the_same_rows(petitions_a, make_petition, client_a):
    petition = make_petition(petitions_a, "filed")
    html = unescape(client_a.get(petitions_a.route_path("receipt", petition.access_token)).content.decode())
    with translation.override("ar"):
        for label, value in receipt_rows(petition):
            assert label in html and value in html, label
        for line in receipt_closing(petition):
            assert line in html
    assert petition.agent_cin not in html and petition.email not in html
