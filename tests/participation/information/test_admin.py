"""The information officer handles requests for information in the Wagtail admin:
the queue sorted by days left (working days, overdue flagged, filters, exports,
query counts), the case file (identity, clock, messages, answer files, notes),
the officer's steps and their forms, requests received on paper or by post, and
the yearly overview.

The helpers here are shared with test_permissions.py.
"""
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

from participation.core import services
from participation.core.calendar import closures_around, working_days_between
from participation.core.models import SubmissionLogEntry
from participation.information import rules
from participation.information import services as information_services
from participation.information.models import AnswerFile, InformationRequest

NS = "participation_information_informationrequest"
INDEX = f"{NS}:index"
INSPECT = f"{NS}:inspect"
TRANSITION = f"{NS}:transition"
RECORD_PAPER = f"{NS}:record_paper"
OVERVIEW = f"{NS}:overview"
ANSWER_FILE = f"{NS}:answer_file"

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# --- helpers (also used by test_permissions.py) ----------------------------------------------


def user(username):
    return get_user_model().objects.get(username=username)


def logged_in(username) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


def final_status(response, client):
    """The status code, after the one redirect Django's LocaleMiddleware adds to a 404
    (it tries /ar/<path>, which the admin does not have: that answers 404 too)."""
    request_path = response.request["PATH_INFO"]
    if response.status_code == 302 and response["Location"] == "/ar" + request_path:
        return client.get(response["Location"]).status_code
    return response.status_code


def content(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def pdf(name="answer.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


_subjects = iter(range(1, 100_000))


def unique_subject(key="") -> str:
    return f"طلب معلومات رقم {next(_subjects)} {key}".strip()


def set_deadline(record, deadline):
    InformationRequest.objects.filter(pk=record.pk).update(deadline=deadline)
    return InformationRequest.objects.get(pk=record.pk)


def state(record):
    """What must not move when an action is refused."""
    record = InformationRequest.objects.get(pk=record.pk)
    return (
        record.status,
        record.is_public,
        record.deadline,
        record.extended,
        tuple(record.refusal_grounds or ()),
        record.refusal_reason,
        record.public_answer,
        record.redaction_note,
        record.transferred_to,
        record.extension_reason,
        record.clarification_question,
        record.complaint_answer,
        record.answered_on,
        record.history.count(),
        record.notes.count(),
        record.messages.count(),
        record.files.count(),
        SubmissionLogEntry.objects.filter(object_id=str(record.pk), content_type__model="informationrequest").count(),
    )


#: action: (steps taking a fresh request to the status before, form data, status after)
TRANSITIONS = {
    "take": ((), {}, "in_progress"),
    "ask_clarification": (("take",), {"clarification_question": "هل تقصدون ميزانية التسيير أم التجهيز؟"}, "clarification"),
    "extend": (("take",), {"extension_reason": "المعلومات موزعة على عدة مصالح."}, "extended"),
    "answer": (("take",), {"public_answer": "تجدون الميزانية المصادق عليها في الملف المرفق."}, "answered"),
    "answer_partially": (
        ("take",),
        {"public_answer": "الميزانية مرفقة.", "redaction_note": "حذفت أسماء المستخدمين (معطيات شخصية)."},
        "partially_answered",
    ),
    "refuse": (
        ("take",),
        {"refusal_grounds": ["private_life", "investigations"], "refusal_reason": "تتعلق المعلومات بالحياة الخاصة للأغيار."},
        "refused",
    ),
    "transfer": ((), {"transferred_to": "عمالة الإقليم"}, "transferred"),
    "answer_complaint": (("take", "answer", "<complain>"), {"complaint_answer": "تمت مراجعة الجواب وإرفاق الوثائق الناقصة."},
                         "complaint_answered"),
}


def take_to(make_request, page, steps, **data):
    """A request submitted online and taken through `steps` ("<complain>": the requester complains)."""
    data.setdefault("subject", unique_subject())
    staff_steps = [s for s in steps if not s.startswith("<")]
    record = make_request(page, *staff_steps, **data)
    if "<complain>" in steps:
        record = information_services.complain(record, "لم أتوصل بكل الوثائق المطلوبة.")
    return record


@pytest.fixture
def officer_a(demo):
    return logged_in("a_information")


@pytest.fixture
def bureau_a(demo):
    return logged_in("a_bureau")


# --- listing --------------------------------------------------------------------------------


def test_the_queue_shows_own_commune_requests_with_working_days_left(officer_a, make_request, information_a, information_b):
    own = make_request(information_a, subject=unique_subject("أ"))
    other = make_request(information_b, subject=unique_subject("ب"))
    response = officer_a.get(reverse(INDEX))
    assert response.status_code == 200
    html = content(response)
    assert own.reference in html and own.subject in html
    assert other.subject not in html
    closures = closures_around(timezone.localdate(), own.site)
    expected = working_days_between(timezone.localdate(), own.deadline, closures)
    assert 18 <= expected <= 20
    rows = {r.pk: r for r in response.context["object_list"]}
    assert rows[own.pk]._working_days_left == expected
    assert "data-overdue" not in html
    assert 'dir="rtl"' in html


def test_the_queue_is_sorted_by_days_left_open_requests_first(officer_a, make_request, information_a):
    today = timezone.localdate()
    late = set_deadline(make_request(information_a, "take", subject=unique_subject("متأخر")), today - timedelta(days=3))
    soon = set_deadline(make_request(information_a, subject=unique_subject("قريب")), today + timedelta(days=2))
    far = set_deadline(make_request(information_a, "take", "extend", subject=unique_subject("بعيد")), today + timedelta(days=30))
    answered = make_request(information_a, "take", "answer", subject=unique_subject("مجاب"))
    waiting = set_deadline(make_request(information_a, "ask_clarification", subject=unique_subject("توضيح")), today + timedelta(days=1))
    response = officer_a.get(reverse(INDEX))
    order = [r.pk for r in response.context["object_list"] if r.pk in {late.pk, soon.pk, far.pk, answered.pk, waiting.pk}]
    assert order == [late.pk, soon.pk, far.pk, waiting.pk, answered.pk]
    # another ordering chosen by the user still works
    response = officer_a.get(reverse(INDEX), {"ordering": "-received_on"})
    assert response.status_code == 200


def test_an_overdue_request_is_flagged_and_filtered(officer_a, make_request, information_a):
    today = timezone.localdate()
    late = set_deadline(make_request(information_a, "take", subject=unique_subject("متأخر")), today - timedelta(days=2))
    on_time = make_request(information_a, subject=unique_subject("في الوقت"))
    answered = set_deadline(make_request(information_a, "take", "answer"), today - timedelta(days=5))  # answered: no flag
    html = content(officer_a.get(reverse(INDEX), {"q": "طلب معلومات رقم"}))  # this test's requests, not the demo's
    assert html.count("data-overdue") == 1
    html = content(officer_a.get(reverse(INDEX), {"overdue": "yes"}))
    assert late.reference in html and on_time.reference not in html and answered.reference not in html
    html = content(officer_a.get(reverse(INDEX), {"overdue": "no"}))
    assert late.reference not in html and on_time.reference in html and answered.reference in html
    inspect = content(officer_a.get(reverse(INSPECT, args=[late.pk])))
    assert "data-overdue" in inspect


def test_filters_and_search(officer_a, make_request, information_a, superuser):
    urgent = make_request(information_a, urgent=True, urgency_justification="حياة شخص في خطر.", subject=unique_subject("عاجل"))
    plain = make_request(information_a, "take", subject="رخص البناء الممنوحة بحي الأمل")
    paper = information_services.record_paper_request(
        information_a.get_site(),
        {"name": "أحمد", "address": "حي السلام", "id_number": "JK123456", "email": "ahmed@example.ma",
         "subject": unique_subject("ورقي"), "information_requested": "نسخة من محضر دورة أكتوبر للمجلس.",
         "delivery_form": "paper", "channel": "mail", "received_on": timezone.localdate() - timedelta(days=40)},
        superuser, page=information_a,
    )
    html = content(officer_a.get(reverse(INDEX), {"urgent": "yes"}))
    assert urgent.reference in html and plain.reference not in html
    html = content(officer_a.get(reverse(INDEX), {"status": "in_progress"}))
    assert plain.reference in html and urgent.reference not in html
    html = content(officer_a.get(reverse(INDEX), {"channel": "mail"}))
    assert paper.reference in html and plain.reference not in html
    today = timezone.localdate()
    html = content(officer_a.get(reverse(INDEX), {"received_on_from": str(today - timedelta(days=1)), "received_on_to": str(today)}))
    assert plain.reference in html and paper.reference not in html
    html = content(officer_a.get(reverse(INDEX), {"q": "رخص البناء"}))
    assert plain.reference in html and urgent.reference not in html
    html = content(officer_a.get(reverse(INDEX), {"q": paper.reference}))
    assert paper.reference in html


@pytest.mark.parametrize(
    "params",
    [{"received_on_from": "2026-13-45"}, {"overdue": "maybe"}, {"urgent": "<script>"}, {"channel": "x"}, {"p": "999"},
     {"ordering": "nonsense"}, {"status": "forged"}],
)
def test_bad_filter_values_never_give_a_500(officer_a, make_request, information_a, params):
    make_request(information_a)
    assert officer_a.get(reverse(INDEX), params).status_code == 200


def test_admin_listing_query_count_is_flat(officer_a, make_request, information_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    steps = [(), ("take",), ("take", "answer"), ("ask_clarification",), ("take", "extend")]

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert officer_a.get(reverse(INDEX)).status_code == 200
        return len(queries)

    for i in range(5):
        make_request(information_a, *steps[i % 5], subject=unique_subject())
    officer_a.get(reverse(INDEX))  # warm caches
    with_five = count()
    for i in range(25):
        make_request(information_a, *steps[i % 5], subject=unique_subject())
    with_thirty = count()
    print(f"information admin listing: {with_five} queries with 5 requests, {with_thirty} with 30")
    assert with_thirty == with_five, (with_five, with_thirty)
    assert with_thirty <= 40


def test_the_export_has_no_personal_fields(officer_a, make_request, information_a, superuser):
    record = make_request(information_a, "take", subject='=HYPERLINK("http://evil.example") ميزانية')
    record = services.perform(record, "refuse", superuser, refusal_grounds=["private_life"], refusal_reason="حياة خاصة")
    response = officer_a.get(reverse(INDEX), {"export": "csv"})
    assert response.status_code == 200
    text = content(response)
    assert record.reference in text
    assert "'=HYPERLINK" in text
    assert str(rules.RefusalGround.PRIVATE_LIFE.label) in text or "الحياة الخاصة" in text
    for personal in (record.id_number, record.email, record.address, record.phone, record.name):
        assert personal not in text
    assert officer_a.get(reverse(INDEX), {"export": "xlsx"}).status_code == 200


def test_the_bureau_may_not_export(bureau_a, make_request, information_a):
    make_request(information_a)
    response = bureau_a.get(reverse(INDEX), {"export": "csv"})
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


# --- the case file ----------------------------------------------------------------------------


def test_the_case_file_shows_identity_clock_and_actions(officer_a, make_request, information_a):
    record = make_request(information_a, "take", "extend")
    response = officer_a.get(reverse(INSPECT, args=[record.pk]))
    assert response.status_code == 200
    html = content(response)
    for text in (record.reference, record.subject, record.name, record.id_number, record.email, record.address):
        assert text in html
    assert "المعلومات المطلوبة موزعة على عدة مصالح." in html  # the extension's reason
    assert response.context["original_deadline"] < record.deadline
    assert response.context["working_days_left"] >= 20
    actions = {t.name for t, _url in response.context["transitions"]}
    assert actions == {"ask_clarification", "answer", "answer_partially", "refuse", "transfer"}
    for name in ('name="note-text"', 'name="message-text"', 'name="answer-file"'):
        assert name in html


def test_the_bureau_sees_the_file_but_only_answers_complaints(bureau_a, make_request, information_a):
    record = take_to(make_request, information_a, ("take", "answer", "<complain>"))
    response = bureau_a.get(reverse(INSPECT, args=[record.pk]))
    assert response.status_code == 200
    assert {t.name for t, _url in response.context["transitions"]} == {"answer_complaint"}
    html = content(response)
    assert 'name="message-text"' not in html and 'name="answer-file"' not in html
    assert 'name="note-text"' in html


def test_the_officer_replies_to_the_requester(officer_a, make_request, information_a, django_capture_on_commit_callbacks):
    record = make_request(information_a, "take")
    information_services.send_message(record, "متى أتوصل بالجواب؟")
    url = reverse(INSPECT, args=[record.pk])
    before = state(record)
    response = officer_a.post(url, {"message-form": "1", "message-text": "  "})
    assert response.status_code == 200
    assert response.context["message_form"].errors
    assert state(record) == before
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = officer_a.post(url, {"message-form": "1", "message-text": "سيصلكم الجواب قبل نهاية الأسبوع."})
    assert response.status_code == 302 and response["Location"] == url
    assert callbacks  # the requester is told after commit
    reply = record.messages.order_by("pk").last()
    assert (reply.text, reply.from_requester, reply.author) == ("سيصلكم الجواب قبل نهاية الأسبوع.", False, user("a_information"))
    html = content(officer_a.get(url))
    assert "متى أتوصل بالجواب؟" in html and "سيصلكم الجواب قبل نهاية الأسبوع." in html


def test_answer_files_are_checked_by_content_and_size(officer_a, make_request, information_a):
    record = make_request(information_a, "take")
    url = reverse(INSPECT, args=[record.pk])
    before = state(record)
    fake = SimpleUploadedFile("budget.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    too_large = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    for data in (
        {"answer-title": "الميزانية", "answer-file": fake},
        {"answer-title": "الميزانية", "answer-file": too_large},
        {"answer-title": "", "answer-file": pdf()},
        {"answer-title": "الميزانية"},
    ):
        response = officer_a.post(url, {"answer-form": "1", **data})
        assert response.status_code == 200
        assert response.context["answer_form"].errors
    assert state(record) == before
    assert AnswerFile.objects.filter(request=record).count() == 0

    response = officer_a.post(url, {"answer-form": "1", "answer-title": "الميزانية المصادق عليها", "answer-file": pdf()})
    assert response.status_code == 302
    answer_file = AnswerFile.objects.get(request=record)
    assert answer_file.file.name.endswith(".pdf") and answer_file.added_by == user("a_information")
    file_url = reverse(ANSWER_FILE, args=[record.pk, answer_file.pk])
    assert file_url in content(officer_a.get(url))
    download = officer_a.get(file_url)
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")
    # staff of the other commune, and anonymous visitors, never get it
    b_client = logged_in("b_information")
    assert final_status(b_client.get(file_url), b_client) == 404
    anonymous = Client().get(file_url)
    assert anonymous.status_code == 302 and reverse("wagtailadmin_login") in anonymous["Location"]


def test_no_answer_file_once_the_complaint_is_answered(officer_a, make_request, information_a, superuser):
    record = take_to(make_request, information_a, ("take", "answer", "<complain>"))
    record = services.perform(record, "answer_complaint", superuser, complaint_answer="تمت المراجعة.")
    html = content(officer_a.get(reverse(INSPECT, args=[record.pk])))
    assert 'name="answer-file"' not in html
    before = state(record)
    response = officer_a.post(reverse(INSPECT, args=[record.pk]), {"answer-form": "1", "answer-title": "ملف", "answer-file": pdf()})
    assert response.status_code == 403
    assert response.context["message"]
    assert state(record) == before


# --- the officer's steps ------------------------------------------------------------------------


@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_each_step_through_the_admin(action, officer_a, bureau_a, make_request, information_a):
    steps, data, target = TRANSITIONS[action]
    client, username = (bureau_a, "a_bureau") if action == "answer_complaint" else (officer_a, "a_information")
    record = take_to(make_request, information_a, steps)
    history_before = record.history.count()
    url = reverse(TRANSITION, args=[record.pk, action])
    form = client.get(url)
    assert form.status_code == 200
    response = client.post(url, data)
    assert response.status_code == 302, content(response)[:3000]
    assert response["Location"] == reverse(INSPECT, args=[record.pk])
    record.refresh_from_db()
    assert record.status == target
    assert record.history.count() == history_before + 1
    entry = record.history.last()
    assert (entry.action, entry.actor) == (action, user(username))
    if action == "refuse":
        assert record.refusal_grounds == ["private_life", "investigations"]
        assert record.answered_on == timezone.localdate()
        assert record.deadline is None
    if action == "extend":
        assert record.extended
        assert record.deadline == record.compute_deadline()
    if action == "answer":
        assert record.is_public  # published in the register (the requester did not opt out)


def test_a_refusal_without_a_legal_ground_is_refused(officer_a, make_request, information_a):
    record = make_request(information_a, "take")
    before = state(record)
    url = reverse(TRANSITION, args=[record.pk, "refuse"])
    html = content(officer_a.get(url))
    assert 'type="checkbox"' in html and 'value="private_life"' in html
    for data in (
        {"refusal_reason": "سبب مكتوب"},
        {"refusal_grounds": [], "refusal_reason": "سبب مكتوب"},
        {"refusal_grounds": ["private_life"], "refusal_reason": ""},
        {"refusal_grounds": ["not-a-ground"], "refusal_reason": "سبب"},
    ):
        response = officer_a.post(url, data)
        assert response.status_code == 200
        assert response.context["form"].errors
    response = officer_a.post(url, {"refusal_reason": "سبب مكتوب"})
    with override("ar"):
        expected = gettext("A refusal must cite at least one of the exceptions of article 7 of law 31.13.")
    assert expected in str(response.context["form"].errors["refusal_grounds"])
    assert state(record) == before


@pytest.mark.parametrize(("action", "field"), [("answer", "public_answer"), ("transfer", "transferred_to"),
                                               ("extend", "extension_reason"), ("ask_clarification", "clarification_question"),
                                               ("answer_partially", "redaction_note")])
def test_a_step_without_its_required_text_is_refused_beside_the_field(officer_a, make_request, information_a, action, field):
    record = make_request(information_a, "take")
    before = state(record)
    data = dict(TRANSITIONS[action][1])
    data[field] = "   " if field != "transferred_to" else ""
    response = officer_a.post(reverse(TRANSITION, args=[record.pk, action]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert state(record) == before


def test_an_extension_after_the_deadline_is_refused_with_the_reason(officer_a, make_request, information_a):
    record = set_deadline(make_request(information_a, "take"), timezone.localdate() - timedelta(days=1))
    before = state(record)
    assert "data-guard" in content(officer_a.get(reverse(TRANSITION, args=[record.pk, "extend"])))
    response = officer_a.post(reverse(TRANSITION, args=[record.pk, "extend"]), {"extension_reason": "ضغط العمل"})
    assert response.status_code == 200
    with override("ar"):
        expected = gettext("The deadline can be extended once, before it passes, and not for an urgent request.")
    assert expected in str(response.context["form"].non_field_errors())
    assert state(record) == before


def test_an_urgent_request_cannot_be_extended(officer_a, make_request, information_a):
    record = make_request(information_a, "take", urgent=True, urgency_justification="حرية شخص مهددة.")
    before = state(record)
    response = officer_a.post(reverse(TRANSITION, args=[record.pk, "extend"]), {"extension_reason": "ضغط العمل"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert state(record) == before


# --- paper and post ----------------------------------------------------------------------------


def paper_data(**overrides):
    data = {
        "channel": "mail",
        "received_on": str(timezone.localdate() - timedelta(days=10)),
        "name": "محمد الإدريسي",
        "address": "دوار أولاد علي، عين الزيتون",
        "id_number": "bk 445566",
        "email": "idrissi.paper@example.ma",
        "phone": "0633333333",
        "subject": "صفقات التطهير السائل",
        "information_requested": "أطلب نسخة من دفاتر التحملات الخاصة بصفقات التطهير السائل لسنة 2025.",
        "delivery_form": "paper",
    }
    return data | overrides


def test_the_index_offers_to_record_a_paper_request_and_the_overview(officer_a, bureau_a, demo):
    html = content(officer_a.get(reverse(INDEX)))
    assert reverse(RECORD_PAPER) in html and reverse(OVERVIEW) in html
    html = content(bureau_a.get(reverse(INDEX)))
    assert reverse(RECORD_PAPER) not in html and reverse(OVERVIEW) in html


def test_a_paper_request_runs_from_its_real_receipt_date(officer_a, information_a, demo):
    form = officer_a.get(reverse(RECORD_PAPER))
    assert form.status_code == 200
    assert "site" not in form.context["form"].fields  # one commune: no choice to make
    response = officer_a.post(reverse(RECORD_PAPER), paper_data())
    assert response.status_code == 302, content(response)[:3000]
    record = InformationRequest.objects.get(email="idrissi.paper@example.ma")
    assert response["Location"] == reverse(INSPECT, args=[record.pk])
    received = timezone.localdate() - timedelta(days=10)
    assert (record.status, record.channel, record.site, record.page) == ("received", "mail", demo.site_a, information_a)
    assert record.received_on == received
    assert record.deadline == rules.due_date(received, closures=closures_around(received, demo.site_a))
    assert record.id_number == "BK445566"
    assert record.history.last().action == "submit"
    assert SubmissionLogEntry.objects.filter(object_id=str(record.pk), action="participation.recorded_on_paper",
                                             user=user("a_information")).exists()
    assert record.reference in content(officer_a.get(reverse(INDEX)))


def test_an_urgent_paper_request_gets_the_short_deadline(officer_a, demo):
    received = timezone.localdate() - timedelta(days=1)
    data = paper_data(urgent="on", urgency_justification="سلامة أسرة مهددة بانهيار منزل.", email="urgent.paper@example.ma",
                      received_on=str(received), channel="paper")
    response = officer_a.post(reverse(RECORD_PAPER), data)
    assert response.status_code == 302, response.context["form"].errors
    record = InformationRequest.objects.get(email="urgent.paper@example.ma")
    assert record.deadline == rules.due_date(received, urgent=True, closures=closures_around(received, demo.site_a))


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"received_on": str(date.today() + timedelta(days=3))}, "received_on"),
        ({"received_on": "2026-02-31"}, "received_on"),
        ({"received_on": ""}, "received_on"),
        ({"channel": "online"}, "channel"),
        ({"name": ""}, "name"),
        ({"id_number": ""}, "id_number"),
        ({"address": ""}, "address"),
        ({"email": "not-an-email"}, "email"),
        ({"delivery_form": "carrier-pigeon"}, "delivery_form"),
        ({"urgent": "on", "urgency_justification": ""}, "urgency_justification"),
        ({"subject": "قصير"}, "subject"),
    ],
)
def test_a_bad_paper_request_is_refused_beside_the_field(officer_a, demo, overrides, field):
    count = InformationRequest.objects.count()
    response = officer_a.post(reverse(RECORD_PAPER), paper_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors, response.context["form"].errors
    assert InformationRequest.objects.count() == count


def test_the_superuser_chooses_the_commune_of_a_paper_request(information_b, demo, superuser):
    client = Client()
    client.force_login(superuser)
    form = client.get(reverse(RECORD_PAPER)).context["form"]
    assert {demo.site_a, demo.site_b} <= set(form.fields["site"].queryset)
    response = client.post(reverse(RECORD_PAPER), paper_data(site=demo.site_b.pk, email="b.paper@example.ma"))
    assert response.status_code == 302
    record = InformationRequest.objects.get(email="b.paper@example.ma")
    assert (record.site, record.page) == (demo.site_b, information_b)


# --- the yearly overview -------------------------------------------------------------------------


def _in_2025(record, received, answered=None, **fields):
    InformationRequest.objects.filter(pk=record.pk).update(received_on=received, answered_on=answered, **fields)
    return InformationRequest.objects.get(pk=record.pk)


def test_the_overview_numbers(officer_a, make_request, information_a, information_b, superuser):
    a = information_a
    in_time = _in_2025(make_request(a, "take", "answer"), date(2025, 3, 3), date(2025, 3, 20))  # 13 working days
    late = _in_2025(make_request(a, "take", "answer"), date(2025, 3, 3), date(2025, 5, 20))
    extended = _in_2025(make_request(a, "take", "extend", "answer"), date(2025, 4, 1), date(2025, 5, 12), channel="paper")
    refused = make_request(a, "take")
    refused = services.perform(refused, "refuse", superuser, refusal_grounds=["private_life", "defence"], refusal_reason="سبب")
    refused = _in_2025(refused, date(2025, 6, 2), date(2025, 6, 10), channel="mail")
    other_refusal = _in_2025(make_request(a, "refuse"), date(2025, 6, 3), date(2025, 6, 4))  # private_life only
    partial = _in_2025(make_request(a, "take", "answer_partially"), date(2025, 9, 1), date(2025, 9, 5))
    transferred = _in_2025(make_request(a, "transfer"), date(2025, 9, 2), date(2025, 9, 3))
    overdue = _in_2025(make_request(a, "take"), date(2025, 10, 1), None, deadline=date(2025, 10, 29))
    complained = take_to(make_request, a, ("take", "answer", "<complain>"))
    complained = _in_2025(complained, date(2025, 11, 3), date(2025, 11, 10))
    # not counted: another commune, another year
    _in_2025(make_request(information_b, "take", "answer"), date(2025, 3, 3), date(2025, 3, 5))
    _in_2025(make_request(a, "take", "answer"), date(2024, 3, 4), date(2024, 3, 6))
    make_request(a)  # this year

    response = officer_a.get(reverse(OVERVIEW), {"year": "2025"})
    assert response.status_code == 200
    numbers = response.context["numbers"]
    assert numbers["received"] == 9
    assert [n for _label, n in numbers["by_channel"]] == [7, 1, 1]  # online, paper, post
    assert (numbers["responded"], numbers["in_time"], numbers["late"]) == (8, 7, 1)
    assert (numbers["answered"], numbers["partially_answered"], numbers["refused"], numbers["transferred"]) == (4, 1, 2, 1)
    grounds = {str(label): n for label, n in numbers["refused_by_ground"]}
    assert len(grounds) == 2 and sorted(grounds.values()) == [1, 2]
    assert (numbers["open"], numbers["overdue"]) == (1, 1)
    assert (numbers["complaints"], numbers["complaints_answered"], numbers["extended"]) == (1, 0, 1)
    delays = [17, 78, 41, 8, 1, 4, 1, 7]
    assert numbers["average_days"] == round(sum(delays) / len(delays), 1)
    assert numbers["average_working_days"] is not None
    html = content(response)
    assert "data-overview" in html
    for record in (in_time, late, extended, refused, other_refusal, partial, transferred, overdue, complained):
        assert record.received_on.year == 2025

    this_year = officer_a.get(reverse(OVERVIEW))
    assert this_year.context["year"] == timezone.localdate().year
    assert this_year.context["numbers"]["received"] >= 1


@pytest.mark.parametrize("params", [{"year": "abc"}, {"year": "1850"}, {"year": "2025", "site": "999999"}, {"site": "x"}])
def test_bad_overview_parameters_never_give_a_500(officer_a, params, demo):
    response = officer_a.get(reverse(OVERVIEW), params)
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year


def test_the_overview_counts_in_a_few_queries(officer_a, make_request, information_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert officer_a.get(reverse(OVERVIEW)).status_code == 200
        return len(queries)

    for _ in range(3):
        make_request(information_a, "take", "answer")
    officer_a.get(reverse(OVERVIEW))
    with_three = count()
    for _ in range(12):
        make_request(information_a, "take", "answer")
    assert count() == with_three

