"""The citizen's side of access to information (law 31.13): the introduction, the
request (with every kind of bad input, in Arabic and French), the receipt, the
requester's private follow-up (messages both ways, the reply to a clarification,
the complaint and the next remedy, answer files), forged links, the public
register (never who asked, opt-out, search, flat query counts) and the
proactive-publication page."""
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.models import Locale

from base.models import CommuneSettings
from participation.core import services as core_services
from participation.core.calendar import add_working_days, closures_around, working_days_between
from participation.information import services
from participation.information.models import AnswerFile, InformationMessage, InformationRequest, InformationStatusEntry
from participation.information.rules import RefusalGround
from participation.information.workflow import RequestStatus
from tests.site.helpers import html_attr

REFERENCE = re.compile(r"INF-\d{4}-\d{5}")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
CAPTCHA = {"captcha_0": "any-key", "captcha_1": "PASSED"}
ID_MESSAGE = ("Enter the number of your national identity card (CIN) or of your residence card: letters and digits "
              "only, from 4 to 20 characters, for example AB123456.")
IDENTITY = {
    "name": "سعاد الفاسي",
    "email": "souad.identity@example.ma",
    "phone": "0677889900",
    "address": "درب السعادة 44، حي الورود",
    "id_number": "QZ778899",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate limits count in the cache: start every test with none spent."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def information_fr(information_a):
    """The French translation of commune A's information page (the /fr/… addresses)."""
    french = Locale.objects.get(language_code="fr")
    page = information_a.get_translation_or_none(french)
    if page is None:
        page = information_a.copy_for_translation(french)
        page.title = "Accès à l'information"
    if not page.live:
        page.save_revision().publish()
    return page.specific


def _page_in(information_a, information_fr, language):
    return information_a if language == "ar" else information_fr


def _url(page, name, *args):
    return page.route_path(name, *args)


def _form_data(**changes):
    data = {
        "subject": "صفقات تهيئة الطرق لسنة 2025",
        "information_requested": "أطلب لائحة صفقات تهيئة الطرق المبرمة سنة 2025 مع مبالغها.",
        "delivery_form": "electronic",
        "urgency_justification": "",
        "name": "يونس الإدريسي",
        "address": "زنقة الأمل 7، عين الزيتون",
        "id_number": "ab 123456",
        "email": "younes@example.ma",
        "phone": "0611223344",
        "consent": "on",
        **CAPTCHA,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _post(client, url, data, capture):
    with capture(execute=True):
        return client.post(url, data)


def _in(language, message):
    with translation.override(language):
        return gettext(message)


def _shown(html, language, message) -> bool:
    """The translated message is in the page, as {% translate %} writes it or escaped
    (form errors and variables are)."""
    text = _in(language, message)
    return text in html or escape(text) in html


def _date(day, language="ar"):
    with translation.override(language):
        return date_format(day, "DATE_FORMAT")


def _counts():
    return InformationRequest.objects.count(), InformationStatusEntry.objects.count(), InformationMessage.objects.count()


def _pdf(name="answer.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _officer(page, **values):
    settings = CommuneSettings.for_site(page.get_site())
    for name, value in values.items():
        setattr(settings, name, value)
    settings.save()
    return settings


# --- the introduction and the form ---------------------------------------------------------------------


def test_index_gives_the_law_the_periods_the_officer_and_the_links(information_a, client_a):
    _officer(information_a, information_officer_name="خديجة بناني", information_officer_email="info@ain-zitoune.example",
             information_officer_phone="0522 11 22 33")
    response = client_a.get(_url(information_a, "index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    for name in ("submit", "register", "publication"):
        assert _url(information_a, name) in html
    assert "chafafiya.ma" in html and "خديجة بناني" in html and "info@ain-zitoune.example" in html
    assert _shown(html, "ar", "Access is free of charge. Only the cost of reproducing the documents and sending them may be asked "
                     "of you (article 5).")
    with translation.override("ar"):
        assert escape(translation.ngettext(
            "The information officer answers within %(counter)s working day of receiving your request.",
            "The information officer answers within %(counter)s working days of receiving your request.", 20,
        ) % {"counter": 20}) in html


def test_the_form_has_labels_guards_the_notice_and_what_happens_next(information_a, client_a):
    response = client_a.get(_url(information_a, "submit"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "csrfmiddlewaretoken" in html and 'name="captcha_1"' in html and 'name="website"' in html
    for name in ("subject", "information_requested", "urgent", "urgency_justification", "name", "address", "id_number",
                 "email", "phone", "register_opt_out", "consent"):
        assert f'for="id_{name}"' in html, name
    for value in ("electronic", "paper", "on_site"):
        assert f'value="{value}"' in html
    assert "<fieldset" in html and "<legend" in html  # the delivery form is a group of radio buttons
    assert re.search(r'<input[^>]*name="id_number"[^>]*dir="ltr"', html) or re.search(r'dir="ltr"[^>]*name="id_number"', html)
    assert re.search(r'<input[^>]*type="email"[^>]*dir="ltr"', html) or re.search(r'dir="ltr"[^>]*type="email"', html)
    assert re.search(r'<textarea[^>]*dir="auto"', html)
    assert 'aria-describedby="id_id_number_helptext"' in html
    assert "31.13" in html  # why the identity card number is asked
    settings = CommuneSettings.for_site(information_a.get_site())
    assert settings.cndp_reference in html
    today = timezone.localdate()
    expected = add_working_days(today, 20, closures_around(today, information_a.get_site()))
    assert _date(expected) in html  # what happens next: the expected answer date


# --- submitting ------------------------------------------------------------------------------------------


def test_submitting_gives_a_reference_the_deadline_and_mails(information_a, client_a, django_capture_on_commit_callbacks):
    before = _counts()
    response = _post(client_a, _url(information_a, "submit"), _form_data(), django_capture_on_commit_callbacks)
    assert response.status_code == 302
    record = InformationRequest.objects.get(email="younes@example.ma")
    assert _counts()[:2] == (before[0] + 1, before[1] + 1)
    assert REFERENCE.fullmatch(record.reference) and record.reference.startswith(f"INF-{timezone.localdate().year}-")
    assert response["Location"] == _url(information_a, "receipt", record.access_token)
    assert (record.status, record.language, record.is_public, record.urgent) == ("received", "ar", False, False)
    assert record.id_number == "AB123456" and record.page_id == information_a.pk and record.received_on == timezone.localdate()
    site = information_a.get_site()
    assert record.deadline == add_working_days(record.received_on, 20, closures_around(record.received_on, site))
    assert working_days_between(record.received_on, record.deadline, closures_around(record.received_on, site)) == 20

    receipt = client_a.get(response["Location"])
    html = receipt.content.decode()
    assert receipt.status_code == 200 and record.reference in html and _date(record.deadline) in html
    assert _url(information_a, "followup", record.access_token) in html
    assert "no-store" in receipt["Cache-Control"] and "noindex" in receipt["X-Robots-Tag"]

    (to_requester,) = [m for m in mail.outbox if m.to == ["younes@example.ma"]]
    assert record.reference in to_requester.subject
    first = to_requester.body.splitlines()[:2]
    assert record.reference in first[0] and first[1].endswith(_url(information_a, "followup", record.access_token))
    assert _date(record.deadline) in to_requester.body
    staff = [m for m in mail.outbox if m.to != ["younes@example.ma"]]
    assert staff and all(record.reference in m.subject for m in staff)
    assert all("AB123456" not in m.body and "younes@" not in m.body for m in staff)


def test_an_urgent_request_is_due_in_3_working_days(information_a, client_a, django_capture_on_commit_callbacks):
    data = _form_data(urgent="on", urgency_justification="حياة شخص في خطر بسبب انهيار وشيك لبناية.")
    response = _post(client_a, _url(information_a, "submit"), data, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    record = InformationRequest.objects.get(email="younes@example.ma")
    assert record.urgent and record.urgency_justification
    assert record.deadline == add_working_days(record.received_on, 3, closures_around(record.received_on, record.site))
    assert _date(record.deadline) in client_a.get(response["Location"]).content.decode()


def test_a_justification_without_urgency_is_not_kept(information_a, client_a, django_capture_on_commit_callbacks):
    data = _form_data(urgency_justification="نص كتب ثم ألغي.")
    assert _post(client_a, _url(information_a, "submit"), data, django_capture_on_commit_callbacks).status_code == 302
    record = InformationRequest.objects.get(email="younes@example.ma")
    assert not record.urgent and record.urgency_justification == ""


BAD_INPUT = {
    "no_identity": ({"name": "", "address": "", "id_number": ""}, {
        "name": "This field is required.", "address": "This field is required.", "id_number": "This field is required."}),
    "unsupported_delivery": ({"delivery_form": "fax"}, {"delivery_form": "Choose one of the forms of delivery in the list."}),
    "urgent_without_justification": ({"urgent": "on", "urgency_justification": "  "}, {
        "urgency_justification": "Say why the request is urgent (a person's life, safety or freedom)."}),
    "malformed_id_number": ({"id_number": "AB-12"}, {"id_number": ID_MESSAGE}),
    "id_number_too_long": ({"id_number": "A" * 21}, {"id_number": ID_MESSAGE}),
    "id_number_in_arabic_letters": ({"id_number": "ب123456"}, {"id_number": ID_MESSAGE}),
}


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("case", BAD_INPUT)
def test_bad_input_is_refused_beside_the_field_in_the_visitors_language(
    information_a, information_fr, client_a, case, language, django_capture_on_commit_callbacks
):
    page = _page_in(information_a, information_fr, language)
    changes, expected = BAD_INPUT[case]
    before = _counts()
    response = _post(client_a, _url(page, "submit"), _form_data(**changes), django_capture_on_commit_callbacks)
    assert response.status_code == 400 and _counts() == before and mail.outbox == []
    form = response.context["form"]
    assert set(form.errors) == set(expected), form.errors
    html = response.content.decode()
    assert html_attr(html, "html", "lang") == language
    assert 'aria-invalid="true"' in html
    for field, message in expected.items():
        with translation.override(language):
            assert form.errors[field] == [gettext(message)]
        assert _shown(html, language, message)
        assert re.search(rf'aria-describedby="[^"]*id_{field}_error', html), field
    assert "صفقات تهيئة الطرق لسنة 2025" in html  # what was typed is kept
    if case != "no_identity":
        assert "يونس الإدريسي" in html


BAD_GUARDS = {
    "no_consent": ({"consent": None}, "consent"),
    "wrong_captcha": ({"captcha_1": "WRONG"}, "captcha"),
    "honeypot": ({"website": "http://spam.example"}, "website"),
    "bad_email": ({"email": "nope"}, "email"),
    "short_subject": ({"subject": "قص"}, "subject"),
    # NUL and other invisible characters are removed (participation.core.text): nothing visible left is refused
    "invisible_subject": ({"subject": "\x00\u200b\u202e\u2066\u3164"}, "subject"),
}


@pytest.mark.parametrize("case", BAD_GUARDS)
def test_guards_refuse_and_nothing_is_stored(information_a, client_a, case, django_capture_on_commit_callbacks):
    changes, field = BAD_GUARDS[case]
    before = _counts()
    response = _post(client_a, _url(information_a, "submit"), _form_data(**changes), django_capture_on_commit_callbacks)
    assert response.status_code == 400 and _counts() == before and mail.outbox == []
    assert field in response.context["form"].errors


def test_messages_are_rate_limited(information_a, client_a, make_request, settings, django_capture_on_commit_callbacks):
    settings.JAMAA_RATE_LIMITS = {"information-messages": {"email": (2, 3600)}}
    record = make_request(information_a, "take")
    url = _url(information_a, "followup", record.access_token)
    for i in range(2):
        data = {"action": "message", "message-text": f"سؤال رقم {i}"}
        assert _post(client_a, url, data, django_capture_on_commit_callbacks).status_code == 302
    before = _counts()
    response = _post(client_a, url, {"action": "message", "message-text": "سؤال ثالث"}, django_capture_on_commit_callbacks)
    assert response.status_code == 400 and _counts() == before
    assert response.context["message_form"].non_field_errors()


def test_submitting_is_rate_limited(information_a, client_a, settings, django_capture_on_commit_callbacks):
    settings.JAMAA_RATE_LIMITS = {"information": {"ip": (1, 3600)}}
    assert _post(client_a, _url(information_a, "submit"), _form_data(), django_capture_on_commit_callbacks).status_code == 302
    before = _counts()
    response = _post(client_a, _url(information_a, "submit"), _form_data(email="other@example.ma"),
                     django_capture_on_commit_callbacks)
    assert response.status_code == 400 and response.context["form"].non_field_errors() and _counts() == before


# --- the private follow-up -------------------------------------------------------------------------------


def test_followup_shows_status_deadline_and_days_left(information_a, client_a, make_request):
    record = make_request(information_a, "take")
    response = client_a.get(_url(information_a, "followup", record.access_token))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "noindex" in response["X-Robots-Tag"]
    html = response.content.decode()
    with translation.override("ar"):
        assert escape(str(RequestStatus.IN_PROGRESS.label)) in html
        assert escape(str(RequestStatus.RECEIVED.label)) in html  # the history
    assert _date(record.deadline) in html
    today = timezone.localdate()
    left = working_days_between(today, record.deadline, closures_around(today, record.site))
    assert response.context["working_days_left"] == left
    assert _shown(html, "ar", "Working days are Monday to Friday, except public holidays and the commune's closure days; the day "
                     "the commune received your request is not counted.")
    # the complaint is not open before the deadline or an answer
    assert response.context["can_complain"] is False and 'value="complain"' not in html


def test_messages_both_ways(information_a, client_a, make_request, superuser, django_capture_on_commit_callbacks):
    _officer(information_a, information_officer_email="officer@ain-zitoune.example")
    record = make_request(information_a, "take")
    url = _url(information_a, "followup", record.access_token)
    mail.outbox.clear()
    response = _post(client_a, url, {"action": "message", "message-text": "هل يمكن إرسال الوثائق بصيغة PDF؟"},
                     django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == url
    (message,) = record.messages.all()
    assert message.from_requester and message.author is None
    (to_officer,) = mail.outbox
    assert "officer@ain-zitoune.example" in to_officer.to and record.email not in to_officer.to
    assert record.reference in to_officer.subject and record.id_number not in to_officer.body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(record, "نعم، سنرسلها بصيغة PDF.", user=superuser)
    (to_requester,) = mail.outbox
    assert to_requester.to == [record.email] and "نعم، سنرسلها بصيغة PDF." in to_requester.body

    html = client_a.get(url).content.decode()
    assert "هل يمكن إرسال الوثائق بصيغة PDF؟" in html and "نعم، سنرسلها بصيغة PDF." in html
    assert _shown(html, "ar", "The information officer") and _shown(html, "ar", "You")
    assert re.search(r'<button type="submit" class="button">\s*' + re.escape(_in("ar", "Send my message")), html)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_an_empty_message_is_refused_and_a_bad_action_never_fails(
    information_a, information_fr, client_a, make_request, language, django_capture_on_commit_callbacks
):
    page = _page_in(information_a, information_fr, language)
    record = make_request(information_a, "take")
    url = _url(page, "followup", record.access_token)
    before = _counts()
    response = _post(client_a, url, {"action": "message", "message-text": "x"}, django_capture_on_commit_callbacks)
    assert response.status_code == 400 and _counts() == before and mail.outbox == []
    html = response.content.decode()
    assert "message-text" in response.context["message_form"].add_prefix("text")
    assert response.context["message_form"].errors["text"] and 'aria-invalid="true"' in html
    assert re.search(r'<textarea[^>]*name="message-text"[^>]*>\s*x</textarea>', html)  # refilled
    assert html_attr(html, "html", "lang") == language
    for data in ({"action": "delete"}, {}, {"action": "complain"}, {"action": "clarify", "clarify-text": "جواب"}):
        response = client_a.post(url, data)
        assert response.status_code in (400, 403), data
    assert _counts() == before
    assert InformationRequest.objects.get(pk=record.pk).status == "in_progress"


def test_replying_to_a_clarification_restarts_the_clock_and_moves_the_deadline(
    information_a, client_a, make_request, django_capture_on_commit_callbacks
):
    _officer(information_a, information_officer_email="officer@ain-zitoune.example")
    record = make_request(information_a, "take", "ask_clarification")
    site = record.site
    asked = timezone.localdate() - timedelta(days=7)  # a week ago: five working days at most
    InformationRequest.objects.filter(pk=record.pk).update(clarification_asked_on=asked)
    first_deadline = record.deadline
    url = _url(information_a, "followup", record.access_token)

    html = client_a.get(url).content.decode()
    assert "هل تقصدون ميزانية التسيير أم ميزانية التجهيز؟" in html and 'value="clarify"' in html
    assert 'value="message"' not in html  # the reply form is the way now

    empty = _post(client_a, url, {"action": "clarify", "clarify-text": ""}, django_capture_on_commit_callbacks)
    assert empty.status_code == 400 and InformationRequest.objects.get(pk=record.pk).status == "clarification"
    before = _counts()
    message = _post(client_a, url, {"action": "message", "message-text": "سؤال بدل التوضيح"}, django_capture_on_commit_callbacks)
    assert message.status_code == 400 and _counts() == before and "سؤال بدل التوضيح" in message.content.decode()

    mail.outbox.clear()
    response = _post(client_a, url, {"action": "clarify", "clarify-text": "أقصد ميزانية التجهيز."},
                     django_capture_on_commit_callbacks)
    assert response.status_code == 302
    record = InformationRequest.objects.get(pk=record.pk)
    suspended = working_days_between(asked, timezone.localdate(), closures_around(asked, site))
    assert suspended > 0
    assert (record.status, record.clarification_reply, record.suspended_working_days) == (
        "in_progress", "أقصد ميزانية التجهيز.", suspended)
    assert record.deadline == add_working_days(record.received_on, 20 + suspended, closures_around(record.received_on, site))
    assert record.deadline > first_deadline
    assert any("officer@ain-zitoune.example" in m.to for m in mail.outbox)
    html = client_a.get(url).content.decode()
    assert _date(record.deadline) in html and "أقصد ميزانية التجهيز." in html


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_complaint_before_the_deadline_or_an_answer_is_refused(
    information_a, information_fr, client_a, make_request, language, django_capture_on_commit_callbacks
):
    page = _page_in(information_a, information_fr, language)
    record = make_request(information_a, "take")
    url = _url(page, "followup", record.access_token)
    before = _counts()
    text = "لم أتوصل بأي جواب إلى حدود اليوم رغم مرور الأجل."
    response = _post(client_a, url, {"action": "complain", "complaint-text": text}, django_capture_on_commit_callbacks)
    assert response.status_code == 400 and _counts() == before and mail.outbox == []
    message = "You can complain once the commune answers, or once the deadline has passed without an answer."
    assert _shown(response.content.decode(), language, message)
    assert text in response.content.decode()  # refilled
    assert InformationRequest.objects.get(pk=record.pk).status == "in_progress"


def test_a_complaint_after_the_deadline_passed_is_accepted(information_a, client_a, make_request,
                                                          django_capture_on_commit_callbacks):
    record = make_request(information_a, "take")
    InformationRequest.objects.filter(pk=record.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    url = _url(information_a, "followup", record.access_token)
    page = client_a.get(url)
    assert page.context["overdue"] and page.context["can_complain"] and 'value="complain"' in page.content.decode()
    response = _post(client_a, url, {"action": "complain", "complaint-text": "مر الأجل القانوني دون أي جواب."},
                     django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert InformationRequest.objects.get(pk=record.pk).status == "complaint"


def test_complaint_after_an_answer_then_the_head_answers_and_the_cdai_is_shown(
    information_a, client_a, make_request, superuser, django_capture_on_commit_callbacks
):
    record = make_request(information_a, "take", "refuse")
    url = _url(information_a, "followup", record.access_token)
    html = client_a.get(url).content.decode()
    with translation.override("ar"):
        assert escape(str(RefusalGround.PRIVATE_LIFE.label)) in html
        assert escape(str(RefusalGround.DEFENCE.label)) not in html
    assert "تتعلق المعلومات بالحياة الخاصة للأغيار." in html
    assert _date(record.complaint_deadline()) in html and 'value="complain"' in html

    mail.outbox.clear()
    text = "أرى أن الاستثناء المحتج به لا ينطبق على طلبي."
    response = _post(client_a, url, {"action": "complain", "complaint-text": text}, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    record = InformationRequest.objects.get(pk=record.pk)
    assert record.status == "complaint" and record.complaint == text and record.complaint_on == timezone.localdate()
    assert record.deadline == timezone.localdate() + timedelta(days=15)
    assert {tuple(m.to) for m in mail.outbox} >= {(record.email,)}
    html = client_a.get(url).content.decode()
    assert _date(record.deadline) in html and text in html and 'value="complain"' not in html
    assert "CDAI" not in html.split('id="remedy-heading"', 1)[1].split("</section>", 1)[0]

    record = core_services.perform(record, "answer_complaint", superuser, complaint_answer="قرر الرئيس تمكينكم من جزء من المعلومات.")
    html = client_a.get(url).content.decode()
    assert "قرر الرئيس تمكينكم من جزء من المعلومات." in html
    cdai = record.cdai_deadline()
    assert cdai == timezone.localdate() + timedelta(days=30)
    with translation.override("ar"):
        remedy = gettext("If you are still not satisfied, you may complain to the Commission for the right of access to "
                         "information (CDAI) until %(date)s.") % {"date": date_format(cdai, "DATE_FORMAT")}
    assert escape(remedy) in html
    assert _shown(html, "ar", "After the Commission's decision, you may go to the administrative court.")
    assert 'value="message"' not in html  # closed


def test_unknown_or_forged_followup_addresses(information_a, information_b, client_a, client_b, make_request):
    record = make_request(information_a, "take", "answer")
    answer_file = services.add_answer_file(record, "الميزانية", _pdf(), _superuser())
    base = information_a.get_url_parts()[2]
    for token in ("wrong-token", "x" * 64, "%00", record.access_token[:-1]):
        for suffix in (f"thanks/{token}/", f"followup/{token}/", f"followup/{token}/file/{answer_file.pk}/"):
            assert client_a.get(base + suffix).status_code == 404, suffix
        assert client_a.post(base + f"followup/{token}/", {"action": "message", "message-text": "سؤال"}).status_code == 404
    # another commune's page does not know the token
    other = information_b.get_url_parts()[2]
    assert client_b.get(other + f"followup/{record.access_token}/").status_code == 404
    assert client_a.get(_url(information_a, "answer_file", record.access_token, answer_file.pk + 1000)).status_code == 404


def _superuser():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="root-information")


# --- answer files -------------------------------------------------------------------------------------------


def test_answer_files_are_downloaded_from_the_followup_and_the_register_only_when_allowed(
    information_a, client_a, make_request, superuser
):
    public = make_request(information_a, "take")
    early = services.add_answer_file(public, "الميزانية المصادق عليها", _pdf(), superuser)
    # before the answer: not yet given
    assert client_a.get(_url(information_a, "answer_file", public.access_token, early.pk)).status_code == 404
    public = core_services.perform(public, "answer", superuser, public_answer="تجدون الميزانية في الملف المرفق.")
    assert public.is_public

    response = client_a.get(_url(information_a, "answer_file", public.access_token, early.pk))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("attachment") and public.reference in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    followup = client_a.get(_url(information_a, "followup", public.access_token)).content.decode()
    assert _url(information_a, "answer_file", public.access_token, early.pk) in followup

    response = client_a.get(_url(information_a, "register_file", public.pk, early.pk))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")

    hidden = make_request(information_a, "take", register_opt_out=True, email="hidden@example.ma")
    hidden_file = services.add_answer_file(hidden, "وثيقة خاصة", _pdf(), superuser)
    hidden = core_services.perform(hidden, "answer", superuser, public_answer="الجواب الخاص.")
    assert not hidden.is_public
    assert client_a.get(_url(information_a, "answer_file", hidden.access_token, hidden_file.pk)).status_code == 200
    assert client_a.get(_url(information_a, "register_file", hidden.pk, hidden_file.pk)).status_code == 404
    assert client_a.get(_url(information_a, "register_detail", hidden.pk)).status_code == 404
    # a file of another request, through a public entry or a private link
    assert client_a.get(_url(information_a, "register_file", public.pk, hidden_file.pk)).status_code == 404
    assert client_a.get(_url(information_a, "answer_file", public.access_token, hidden_file.pk)).status_code == 404
    assert AnswerFile.objects.filter(request__in=[public, hidden]).count() == 2


# --- the public register ---------------------------------------------------------------------------------------


def test_the_register_shows_answered_requests_without_any_identity(
    information_a, information_fr, client_a, make_request, superuser
):
    answered = make_request(information_a, "take", "answer", subject="محاضر دورات المجلس لسنة 2025", **IDENTITY)
    partial = make_request(information_a, "take", "answer_partially", subject="لائحة المستخدمين المؤقتين",
                           email="partial@example.ma", id_number="ZZ112233")
    services.send_message(answered, "رسالة خاصة لا تنشر أبدا.")
    opted_out = make_request(information_a, "take", "answer", subject="طلب لا ينشر في السجل", register_opt_out=True)
    pending = make_request(information_a, "take", subject="طلب قيد المعالجة")
    refused = make_request(information_a, "take", "refuse", subject="طلب رفض لسبب قانوني")
    for page, language in ((information_a, "ar"), (information_fr, "fr")):
        response = client_a.get(_url(page, "register"))
        assert response.status_code == 200
        html = response.content.decode()
        assert html_attr(html, "html", "lang") == language
        assert "محاضر دورات المجلس لسنة 2025" in html and "لائحة المستخدمين المؤقتين" in html
        assert "طلب رفض لسبب قانوني" in html
        assert "طلب لا ينشر في السجل" not in html and "طلب قيد المعالجة" not in html
        assert "تجدون الميزانية المصادق عليها في الملف المرفق." in html
        assert _date(answered.answered_on, language) in html and _date(answered.received_on, language) in html
        with translation.override(language):
            assert escape(str(RequestStatus.PARTIALLY_ANSWERED.label)) in html
        detail = client_a.get(_url(page, "register_detail", answered.pk)).content.decode()
        refused_detail = client_a.get(_url(page, "register_detail", refused.pk)).content.decode()
        with translation.override(language):
            assert escape(str(RefusalGround.PRIVATE_LIFE.label)) in refused_detail
        for text in (html, detail, refused_detail):
            for value in (*IDENTITY.values(), answered.access_token, "رسالة خاصة لا تنشر أبدا.", partial.email,
                          partial.id_number, "ليلى المنصوري", "leila@example.ma", "BE654321", "0622222222",
                          "زنقة الياسمين 12", opted_out.access_token, partial.access_token):
                assert value not in text, value
    assert client_a.get(_url(information_a, "register_detail", opted_out.pk)).status_code == 404
    assert client_a.get(_url(information_a, "register_detail", pending.pk)).status_code == 404
    assert client_a.get(_url(information_a, "register_detail", 999999)).status_code == 404


def test_the_register_search_and_bad_parameters(information_a, client_a, make_request):
    make_request(information_a, "take", "answer", subject="ميزانية التجهيز لسنة 2026")
    make_request(information_a, "take", "answer", subject="رخص البناء الممنوحة", information_requested="لائحة رخص البناء في حي النصر سنة 2025.")
    url = _url(information_a, "register")
    found = client_a.get(url, {"q": "رخص البناء"})
    html = found.content.decode()
    assert found.status_code == 200 and "رخص البناء الممنوحة" in html and "ميزانية التجهيز لسنة 2026" not in html
    by_request_text = client_a.get(url, {"q": "حي النصر"}).content.decode()
    assert "رخص البناء الممنوحة" in by_request_text and "ميزانية التجهيز لسنة 2026" not in by_request_text
    by_answer = client_a.get(url, {"q": "الملف المرفق"}).content.decode()
    assert "رخص البناء الممنوحة" in by_answer and "ميزانية التجهيز لسنة 2026" in by_answer
    nothing = client_a.get(url, {"q": "لا شيء يطابق هذا البحث"})
    assert nothing.status_code == 200 and _shown(nothing.content.decode(), "ar", "No request in the register matches this search.")
    for params in ({"page": "abc"}, {"page": "999"}, {"page": "-1"}, {"q": "x" * 5000}, {"q": "\x00"}, {"q": "%"}):
        assert client_a.get(url, params).status_code == 200, params


def _register_queries(client, page):
    client.get(_url(page, "register"))  # warm the caches (site root paths, locales)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_url(page, "register"))
    assert response.status_code == 200
    return len(queries)


def test_register_queries_do_not_grow(information_a, client_a, make_request, superuser):
    def add(n):
        for i in range(n):
            record = make_request(information_a, "take", subject=f"طلب رقم {i} للسجل العمومي")
            services.add_answer_file(record, f"ملف {i}", _pdf(), superuser)
            core_services.perform(record, "answer", superuser, public_answer=f"الجواب رقم {i}.")

    add(5)
    few = _register_queries(client_a, information_a)
    add(25)
    many = _register_queries(client_a, information_a)
    assert many == few, (few, many)


# --- the proactive publication -------------------------------------------------------------------------------------


def test_the_publication_page_lists_present_and_missing_categories(information_a, information_fr, client_a):
    from library.proactive import published

    site = information_a.get_site()
    with translation.override("ar"):
        categories = published(site, "ar")
    assert {c["key"] for c in categories} >= {"budget", "decision", "minutes", "programme", "procurement", "procedures",
                                              "competitions", "authorisations", "partnerships", "officer"}
    present = [c for c in categories if c["count"]]
    missing = [c for c in categories if not c["count"]]
    assert missing  # procedures, competitions, authorisations, partnerships have no place in the library
    response = client_a.get(_url(information_a, "publication"))
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override("ar"):
        for category in categories:
            assert escape(str(category["label"])) in html
        for category in present:
            if category["url"]:
                assert escape(category["url"]) in html
    assert html.count('class="information-missing"') == len(missing)
    french = client_a.get(_url(information_fr, "publication"))
    assert french.status_code == 200 and html_attr(french.content.decode(), "html", "lang") == "fr"


def test_the_publication_counts_the_librarys_documents(information_a, client_a):
    from library.models import DocumentLibraryPage, OfficialDocumentPage
    from library.proactive import published

    site = information_a.get_site()
    library = DocumentLibraryPage.objects.live().descendant_of(site.root_page).filter(locale=site.root_page.locale).first()
    if library is None:
        library = DocumentLibraryPage(title="المكتبة", slug="library-test")
        site.root_page.add_child(instance=library)
        library.save_revision().publish()
    before = {c["key"]: c["count"] for c in published(site, "ar")}
    document = OfficialDocumentPage(title="الحساب الإداري 2099", slug="budget-2099", category="budget",
                                    date=timezone.localdate().replace(year=2099))
    library.add_child(instance=document)
    document.save_revision().publish()
    after = {c["key"]: c for c in published(site, "ar")}
    assert after["budget"]["count"] == before["budget"] + 1 and after["budget"]["latest"].year == 2099
    assert after["budget"]["url"].endswith("?category=budget")
    html = client_a.get(_url(information_a, "publication")).content.decode()
    assert _date(after["budget"]["latest"]) in html and escape(after["budget"]["url"]) in html


def test_the_publication_page_without_the_setting(information_a, client_a, settings):
    del settings.JAMAA_PROACTIVE_PUBLICATION
    response = client_a.get(_url(information_a, "publication"))
    assert response.status_code == 200
    assert _shown(response.content.decode(), "ar", "This site does not list the commune's published documents yet.")


# --- every page, in both languages --------------------------------------------------------------------------------


def _structure_problems(html) -> list[str]:
    """Duplicate ids, labels or aria references to no element, more or fewer than one h1."""
    ids = re.findall(r'\sid="([^"]+)"', html)
    problems = [f"duplicate id {i}" for i in set(ids) if ids.count(i) > 1]
    known = set(ids)
    problems += [f"label for {i}" for i in re.findall(r'<label[^>]*\sfor="([^"]+)"', html) if i not in known]
    for refs in re.findall(r'aria-(?:describedby|labelledby)="([^"]+)"', html):
        problems += [f"aria reference {i}" for i in refs.split() if i not in known]
    if html.count("<h1") != 1:
        problems.append("h1 count")
    return problems


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_every_page_is_well_formed_in_both_languages(
    information_a, information_fr, client_a, make_request, superuser, language, django_capture_on_commit_callbacks
):
    page = _page_in(information_a, information_fr, language)
    waiting = make_request(information_a, "take")
    clarification = make_request(information_a, "take", "ask_clarification")
    refused = make_request(information_a, "take", "refuse")
    answered = make_request(information_a, "take")
    services.add_answer_file(answered, "الميزانية", _pdf(), superuser)
    answered = core_services.perform(answered, "answer", superuser, public_answer="الجواب.")
    services.send_message(answered, "شكرا.")
    complained = core_services.perform(services.complain(refused, "أعترض على الرفض لأن المعلومة عامة."),
                                       "answer_complaint", superuser, complaint_answer="تم تأكيد الرفض.")
    urls = [_url(page, name) for name in ("index", "submit", "register", "publication")]
    urls += [_url(page, "receipt", waiting.access_token), _url(page, "register_detail", answered.pk)]
    urls += [_url(page, "followup", r.access_token) for r in (waiting, clarification, answered, complained)]
    for url in urls:
        response = client_a.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert html_attr(html, "html", "lang") == language, url
        assert not _structure_problems(html), (url, _structure_problems(html))
    # the forms with their errors
    bad = _post(client_a, _url(page, "submit"), _form_data(id_number="?", delivery_form="fax", name=""),
                django_capture_on_commit_callbacks)
    assert bad.status_code == 400 and not _structure_problems(bad.content.decode())
    bad = client_a.post(_url(page, "followup", waiting.access_token), {"action": "message", "message-text": ""})
    assert bad.status_code == 400 and not _structure_problems(bad.content.decode())


def test_html_in_the_text_is_shown_escaped(information_a, client_a, make_request, superuser):
    record = make_request(information_a, "take", subject="<script>alert(1)</script> الميزانية")
    core_services.perform(record, "answer", superuser, public_answer="<b>جواب</b>")
    for url in (_url(information_a, "register"), _url(information_a, "register_detail", record.pk),
                _url(information_a, "followup", record.access_token)):
        html = client_a.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
        assert "<b>جواب</b>" not in html
