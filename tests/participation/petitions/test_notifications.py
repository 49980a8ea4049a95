"""Each petition e-mail renders in Arabic and French, reaches the right people, and
puts the reference and the links first."""
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from base.models import CommuneSettings
from participation.core import services
from participation.petitions import notifications
from participation.petitions import services as petition_services
from participation.petitions.models import PetitionSettings
from participation.petitions.rules import InadmissibilityGround
from tests.conftest import HOST_A
from tests.participation.petitions.conftest import signatory

LANGUAGES = ["ar", "fr"]


def _in_language(petition, language):
    petition.language = language
    petition.save(update_fields=["language"])
    return petition


def _commune_name(page, language):
    names = CommuneSettings.for_site(page.get_site())
    return names.name_ar if language == "ar" else names.name_fr


def _build(cls, record):
    message = cls(record).build()
    assert message is not None
    return message


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("status, cls", [
    ("preparation", notifications.Received),
    ("open", notifications.Opened),
    ("withdrawn", notifications.Withdrawn),
    ("open", notifications.ThresholdReached),
    ("admissible", notifications.StatusChanged),
])
def test_mails_to_the_agent(petitions_a, make_petition, superuser, language, status, cls):
    petition = make_petition(petitions_a, "open" if status == "withdrawn" else status)
    if status == "withdrawn":
        petition = services.perform(petition, "withdraw", services.CITIZEN)
    petition = _in_language(petition, language)
    message = _build(cls, petition)
    assert message.to == [petition.email]
    lines = message.body.splitlines()
    assert petition.reference in lines[0] and petition.reference in message.subject
    manage = petitions_a.route_path("manage", petition.access_token)
    assert any(line.endswith(manage) and HOST_A in line for line in lines[:3])
    assert _commune_name(petitions_a, language) in message.body
    assert petition.agent_cin not in message.body


@pytest.mark.parametrize("language", LANGUAGES)
def test_status_changed_gives_the_reasons_of_a_refusal(petitions_a, make_petition, superuser, language):
    petition = make_petition(petitions_a, "filed")
    petition = services.perform(
        petition, "declare_inadmissible", superuser,
        inadmissibility_grounds=["powers", "courts"], inadmissibility_reason="الموضوع معروض على المحكمة الإدارية.",
    )
    message = _build(notifications.StatusChanged, _in_language(petition, language))
    with translation.override(language):
        assert str(InadmissibilityGround.POWERS.label) in message.body
        assert str(InadmissibilityGround.COURTS.label) in message.body
        assert str(InadmissibilityGround.CONSTANTS.label) not in message.body
        assert str(petition.get_status_display()) in message.subject
    assert "الموضوع معروض على المحكمة الإدارية." in message.body

    refused = make_petition(petitions_a, "not_opened")
    message = _build(notifications.StatusChanged, _in_language(refused, language))
    assert "خارج اختصاصات المجلس." in message.body
    with translation.override(language):
        assert str(InadmissibilityGround.POWERS.label) in message.body


@pytest.mark.parametrize("language", LANGUAGES)
def test_status_changed_gives_the_committee_the_session_and_the_decision(petitions_a, make_petition, superuser, language):
    petition = make_petition(petitions_a, "scheduled")
    message = _build(notifications.StatusChanged, _in_language(petition, language))
    with translation.override(language):
        assert date_format(date(2027, 2, 1), "DATE_FORMAT") in message.body
    assert "لجنة المرافق العمومية" in message.body
    from django.core.files.base import ContentFile

    petition = services.perform(petition, "decide", superuser, decision="accepted",
                                deliberation=ContentFile(b"%PDF-1.4 deliberation", name="deliberation.pdf"))
    message = _build(notifications.StatusChanged, _in_language(petition, language))
    with translation.override(language):
        assert str(petition.get_decision_display()) in message.body


@pytest.mark.parametrize("language", LANGUAGES)
def test_filed_mail_carries_the_receipt_as_pdf(petitions_a, make_petition, language):
    petition = _in_language(make_petition(petitions_a, "filed"), language)
    message = _build(notifications.Filed, petition)
    assert message.to == [petition.email]
    (attachment,) = message.attachments
    assert attachment[0] == f"{petition.reference}.pdf" and attachment[1].startswith(b"%PDF")
    with translation.override(language):
        assert date_format(petition.deadline, "DATE_FORMAT") in message.body
        assert date_format(petition.filed_on, "DATE_FORMAT") in message.body


def test_staff_mails_reach_the_commune_and_the_bureau(petitions_a, make_petition):
    settings = PetitionSettings.for_site(petitions_a.get_site())
    settings.bureau_email = "bureau@ain-zitoune.example"
    settings.save()
    petition = make_petition(petitions_a, "preparation")
    message = _build(notifications.NewForStaff, petition)
    assert "contact@ain-zitoune.example" in message.to and petition.email not in message.to
    assert f"/inspect/{petition.pk}/" in message.body and petition.reference in message.body.splitlines()[0]
    assert petition.agent_cin not in message.body and petition.email not in message.body

    filed = make_petition(petitions_a, "filed")
    users = get_user_model().objects
    a_bureau, b_bureau = users.get(username="a_bureau"), users.get(username="b_bureau")
    for cls in (notifications.FiledForBureau, notifications.DeadlineReminder):
        message = _build(cls, filed)
        assert "bureau@ain-zitoune.example" in message.to and a_bureau.email in message.to
        assert b_bureau.email not in message.to and filed.email not in message.to
        assert filed.reference in message.subject and f"/inspect/{filed.pk}/" in message.body
        with translation.override("ar"):
            assert date_format(filed.deadline, "DATE_FORMAT") in message.body
    days = filed.days_left()
    message = _build(notifications.DeadlineReminder, filed)
    assert str(days) in message.subject


@pytest.mark.parametrize("language", LANGUAGES)
def test_signature_confirmation_in_the_signatorys_language(petitions_a, make_petition, language):
    petition = make_petition(petitions_a, "open")
    with translation.override(language):
        signature = petition_services.sign(petition, signatory())
    assert signature.language == language
    message = _build(notifications.ConfirmSignature, signature)
    assert message.to == [signature.email] and petition.reference in message.subject
    first = message.body.splitlines()[0]
    assert "/confirm/" in first and HOST_A in first
    assert "/withdraw/" in message.body and petitions_a.route_path("detail", petition.pk) in message.body
    assert _commune_name(petitions_a, language) in message.body
    assert signature.cin not in message.body and petition.email not in message.body
    with translation.override(language):
        assert gettext("If you did not sign it, ignore this e-mail: nothing is counted without your confirmation. "
                       "The link expires in 7 days.") in message.body
