"""Each e-mail about a request for information renders in Arabic and French, reaches
the right people, puts the reference and the private link first, and tells the
requester what each step means (the question, the new deadline, the answer, the
grounds of a refusal and how to complain, the next remedy)."""
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from base.models import CommuneSettings
from participation.core import services
from participation.information import notifications
from participation.information import services as information_services
from participation.information.rules import RefusalGround
from tests.conftest import HOST_A
from tests.participation.information.conftest import ANSWERS

LANGUAGES = ["ar", "fr"]
OFFICER = "officer@ain-zitoune.example"


@pytest.fixture
def officer_email(information_a):
    settings = CommuneSettings.for_site(information_a.get_site())
    settings.information_officer_email = OFFICER
    settings.save()
    return OFFICER


def _in_language(record, language):
    record.language = language
    record.save(update_fields=["language"])
    return record


def _commune_name(page, language):
    names = CommuneSettings.for_site(page.get_site())
    return names.name_ar if language == "ar" else names.name_fr


def _build(cls, record):
    message = cls(record).build()
    assert message is not None
    return message


def _date(day, language):
    with translation.override(language):
        return date_format(day, "DATE_FORMAT")


def _private_first(message, page, record):
    lines = message.body.splitlines()
    assert record.reference in lines[0] and record.reference in message.subject
    followup = page.route_path("followup", record.access_token)
    assert lines[1].endswith(followup) and HOST_A in lines[1]


def _no_identity(message, record):
    for value in (record.id_number, record.address, record.phone):
        assert value not in message.body and value not in message.subject


@pytest.mark.parametrize("language", LANGUAGES)
def test_received(information_a, make_request, language):
    record = _in_language(make_request(information_a), language)
    message = _build(notifications.Received, record)
    assert message.to == [record.email]
    _private_first(message, information_a, record)
    assert _date(record.deadline, language) in message.body and _date(record.received_on, language) in message.body
    assert _commune_name(information_a, language) in message.body
    _no_identity(message, record)


STEPS = {
    "clarification": ("take", "ask_clarification"),
    "extended": ("take", "extend"),
    "answered": ("take", "answer"),
    "partially_answered": ("take", "answer_partially"),
    "refused": ("take", "refuse"),
    "transferred": ("take", "transfer"),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("status", STEPS)
def test_status_changed_tells_what_the_step_means(information_a, make_request, language, status):
    record = _in_language(make_request(information_a, *STEPS[status]), language)
    assert record.status == status
    message = _build(notifications.StatusChanged, record)
    assert message.to == [record.email]
    _private_first(message, information_a, record)
    with translation.override(language):
        assert str(record.get_status_display()) in message.subject
    assert _commune_name(information_a, language) in message.body
    _no_identity(message, record)
    body = message.body
    values = ANSWERS[STEPS[status][-1]]
    if status == "clarification":
        assert values["clarification_question"] in body
    elif status == "extended":
        assert values["extension_reason"] in body and _date(record.deadline, language) in body
    elif status in ("answered", "partially_answered"):
        assert values["public_answer"] in body and _date(record.complaint_deadline(), language) in body
        with translation.override(language):
            assert gettext("Any documents given in answer can be downloaded from your follow-up page (the link "
                           "above).") in body
        if status == "partially_answered":
            assert values["redaction_note"] in body
    elif status == "refused":
        assert values["refusal_reason"] in body and _date(record.complaint_deadline(), language) in body
        with translation.override(language):
            assert str(RefusalGround.PRIVATE_LIFE.label) in body
            assert str(RefusalGround.DEFENCE.label) not in body
    elif status == "transferred":
        assert values["transferred_to"] in body


@pytest.mark.parametrize("language", LANGUAGES)
def test_complaint_and_its_answer_give_the_next_remedy(information_a, make_request, superuser, language):
    record = make_request(information_a, "take", "answer")
    record = information_services.complain(record, "الجواب غير كامل ولا يتضمن نفقات التجهيز.")
    record = _in_language(record, language)
    message = _build(notifications.StatusChanged, record)
    assert message.to == [record.email] and _date(record.deadline, language) in message.body

    record = services.perform(record, "answer_complaint", superuser, complaint_answer="ستتوصلون بالوثائق الناقصة.")
    record = _in_language(record, language)
    message = _build(notifications.StatusChanged, record)
    assert "ستتوصلون بالوثائق الناقصة." in message.body
    assert record.cdai_deadline() == timezone.localdate() + timedelta(days=30)
    commission = {"ar": "لجنة الحق في الحصول على المعلومات", "fr": "CDAI"}[language]
    assert _date(record.cdai_deadline(), language) in message.body and commission in message.body


def test_staff_mails_reach_the_officer_the_handlers_and_the_head(information_a, make_request, officer_email, superuser):
    users = get_user_model().objects
    a_information, b_information = users.get(username="a_information"), users.get(username="b_information")
    a_bureau, b_bureau = users.get(username="a_bureau"), users.get(username="b_bureau")

    record = make_request(information_a, urgent=True, urgency_justification="حياة شخص في خطر.")
    message = _build(notifications.NewForStaff, record)
    commune = CommuneSettings.for_site(information_a.get_site()).email
    assert commune in message.to and record.email not in message.to
    assert record.reference in message.subject and record.reference in message.body.splitlines()[0]
    assert f"/inspect/{record.pk}/" in message.body and record.email not in message.body
    _no_identity(message, record)

    for cls in (notifications.ClarifiedForStaff, notifications.DeadlineReminder):
        message = _build(cls, record)
        assert OFFICER in message.to and a_information.email in message.to
        assert b_information.email not in message.to and record.email not in message.to
        assert record.reference in message.subject and f"/inspect/{record.pk}/" in message.body
        with translation.override("ar"):
            assert date_format(record.deadline, "DATE_FORMAT") in message.body
        _no_identity(message, record)
    assert str(record.days_left()) in _build(notifications.DeadlineReminder, record).subject

    complained = make_request(information_a, "take", "answer")
    complained = information_services.complain(complained, "الجواب لا يجيب عن طلبي.")
    message = _build(notifications.ComplaintForHead, complained)
    assert a_bureau.email in message.to and OFFICER in message.to
    assert b_bureau.email not in message.to and complained.email not in message.to
    with translation.override("ar"):
        assert date_format(complained.deadline, "DATE_FORMAT") in message.body
    _no_identity(message, complained)


@pytest.mark.parametrize("language", LANGUAGES)
def test_messages_reach_the_other_side(information_a, make_request, officer_email, superuser, language):
    record = _in_language(make_request(information_a, "take"), language)
    question = information_services.send_message(record, "متى أتوصل بالجواب؟")
    message = _build(notifications.MessageForStaff, question)
    assert OFFICER in message.to and record.email not in message.to
    assert record.reference in message.subject and f"/inspect/{record.pk}/" in message.body
    _no_identity(message, record)

    reply = information_services.send_message(record, "خلال الأسبوع المقبل.", user=superuser)
    message = _build(notifications.MessageForRequester, reply)
    assert message.to == [record.email] and "خلال الأسبوع المقبل." in message.body
    _private_first(message, information_a, record)
    with translation.override(language):
        assert gettext("Reply from your follow-up page (the link above).") in message.body
    _no_identity(message, record)
