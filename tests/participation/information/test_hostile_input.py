"""Hostile input on the access-to-information forms (the request; the requester's message,
clarification and complaint on the private follow-up page): never a 500, and nothing
stored that fails validation (tests/support/hostile.py)."""
import pytest

from participation.information.forms import ComplaintForm, MessageForm, RequestForm
from participation.information.models import InformationMessage, InformationRequest
from tests.support import hostile

CAPTCHA = {"captcha_0": "any-key", "captcha_1": "PASSED"}
REQUEST = {
    "subject": "ميزانية الجماعة لسنة 2026",
    "information_requested": "أطلب نسخة من الميزانية المصادق عليها لسنة 2026 مع تفصيل نفقات التجهيز.",
    "delivery_form": "electronic",
    "urgent": "on",
    "urgency_justification": "حياة شخص مهددة بسبب انهيار وشيك لبناية.",
    "name": "ليلى المنصوري",
    "address": "زنقة الياسمين 12، عين الزيتون",
    "id_number": "BE 654321",
    "email": "leila@example.ma",
    "phone": "0622222222",
    "consent": "on",
    "website": "",
}
REQUEST_LINES = ("subject", "name", "address", "id_number", "phone")
REQUEST_LONG = ("information_requested", "urgency_justification", "complaint")


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.JAMAA_RATE_LIMITS = {"ip": (10**9, 60), "email": (10**9, 60)}


def _request_checks() -> dict:
    form = RequestForm()
    return {InformationRequest: lambda row: hostile.assert_valid_row(
        row, form, line_fields=REQUEST_LINES, long_fields=REQUEST_LONG)}


def test_requesting_with_hostile_input(information_a):
    client, url, checks = hostile.hostile_client(), information_a.route_path("submit"), _request_checks()
    hostile.fuzz(hostile.spoiled(REQUEST), lambda data: hostile.send(client, url, checks, data | CAPTCHA))


def test_requesting_with_invalid_utf8(information_a):
    hostile.fuzz_raw(hostile.hostile_client(), information_a.route_path("submit"), REQUEST | CAPTCHA, _request_checks())


def _reload(record):
    return InformationRequest.objects.get(pk=record.pk)


def test_complaining_and_writing_with_hostile_input(information_a, make_request):
    """The private page's forms: a message to the officer, then a complaint once answered."""
    record = make_request(information_a, "take", "answer")
    client, url = hostile.hostile_client(), information_a.route_path("followup", record.access_token)
    message_form = MessageForm(prefix="message")
    checks = {InformationMessage: lambda row: hostile.assert_valid_row(row, message_form, long_fields=("text",))}
    complaint_form = ComplaintForm()

    def check(data):
        hostile.send(client, url, checks, data)
        stored = _reload(record)
        if stored.complaint:
            hostile.stored("complaint")
            stored.full_clean()
            assert complaint_form.fields["text"].clean(stored.complaint) == stored.complaint
            hostile.assert_clean_text(stored, long_fields=("complaint",))

    texts = {"complaint-text": "لم يتضمن الجواب تفاصيل نفقات التجهيز التي طلبتها.",
             "message-text": "هل يمكن إرسال الجواب بصيغة PDF؟"}
    examples = hostile.settings.default.max_examples // 2
    for action in ("message", "complain"):
        hostile.fuzz(hostile.spoiled({"action": action} | texts), check, examples=examples)
