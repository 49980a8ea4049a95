"""The life of a request for information through the service layer (services.py, workflow.py):
each step writes its history entry and Wagtail log entry and sends its mails after commit;
refused steps, bad input and forged steps change nothing."""
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from participation.core import services
from participation.core.calendar import closures_around, working_days_between
from participation.core.models import SubmissionLogEntry
from participation.information import rules
from participation.information import services as information
from participation.information.models import AnswerFile, InformationMessage, InformationRequest, InformationSettings
from participation.information.workflow import RequestStatus as S
from tests.participation.information.conftest import ANSWERS, request_data

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def user(username):
    return get_user_model().objects.get(username=username)


def fresh(request) -> InformationRequest:
    return InformationRequest.objects.get(pk=request.pk)


def snapshot(request):
    """Everything a refused step must leave as it was."""
    row = InformationRequest.objects.filter(pk=request.pk).values().get()
    row.pop("updated_at", None)
    history = list(request.history.order_by("pk").values_list("action", "from_status", "to_status"))
    logs = SubmissionLogEntry.objects.for_instance(request).count()
    return row, history, logs, request.messages.count(), request.files.count()


def legal_deadline(request, **kwargs):
    """The deadline rules.py gives for `request`'s receipt date in its commune."""
    closures = closures_around(request.received_on, request.site)
    return rules.due_date(request.received_on, closures=closures, **kwargs)


def backdate(request, days, **extra):
    """Received `days` ago (and its deadline recomputed from then)."""
    received = timezone.localdate() - timedelta(days=days)
    InformationRequest.objects.filter(pk=request.pk).update(received_on=received, **extra)
    request = fresh(request)
    InformationRequest.objects.filter(pk=request.pk).update(deadline=request.compute_deadline())
    return fresh(request)


def logged(request, action="participation.transition"):
    return SubmissionLogEntry.objects.for_instance(request).filter(action=action)


def to(mailoutbox, address):
    return [m for m in mailoutbox if address in m.to]


# --- submission ---------------------------------------------------------------------------


def test_submit_gives_reference_deadline_history_log_and_mails(information_a, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        request = information.submit_request(information_a, request_data(), ip="203.0.113.9", language="ar")
    year = timezone.localdate().year
    assert request.reference.startswith(f"INF-{year}-") and len(request.reference) == len(f"INF-{year}-00001")
    assert request.reference[-5:].isdigit()
    request = fresh(request)
    today = timezone.localdate()
    assert request.status == S.RECEIVED and not request.is_public
    assert request.received_on == today and request.channel == "online"
    assert request.site_id == information_a.get_site().pk and request.page_id == information_a.pk
    assert request.submitted_ip == "203.0.113.9" and request.language == "ar"
    assert request.deadline == legal_deadline(request)
    assert working_days_between(today, request.deadline, request.closures()) == 20
    assert list(request.history.values_list("action", "from_status", "to_status")) == [("submit", "", "received")]
    assert logged(request, "participation.submit").exists()
    mails = to(mailoutbox, "leila@example.ma")
    assert len(mails) == 1 and request.reference in mails[0].subject + mails[0].body
    assert any("leila@example.ma" not in m.to for m in mailoutbox), "the commune's staff are told"


def test_references_follow_each_other(information_a):
    first = information.submit_request(information_a, request_data())
    second = information.submit_request(information_a, request_data())
    assert int(second.reference[-5:]) == int(first.reference[-5:]) + 1


def test_urgent_request_has_three_working_days(information_a):
    request = information.submit_request(information_a, request_data(urgent=True, urgency_justification="حياة شخص في خطر."))
    assert request.deadline == legal_deadline(request, urgent=True)
    assert working_days_between(request.received_on, request.deadline, request.closures()) == 3


def test_urgent_without_justification_is_refused(information_a):
    before = InformationRequest.objects.count()
    with pytest.raises(ValidationError) as error:
        information.submit_request(information_a, request_data(urgent=True))
    assert "urgency_justification" in error.value.message_dict
    assert InformationRequest.objects.count() == before


@pytest.mark.parametrize(("field", "value"), [
    ("name", ""), ("address", ""), ("id_number", ""), ("email", "not-an-address"), ("subject", "قصير"),
    ("information_requested", "قصير"), ("delivery_form", "pigeon"), ("delivery_form", ""),
])
def test_bad_data_stores_nothing(information_a, field, value):
    before = InformationRequest.objects.count()
    with pytest.raises(ValidationError) as error:
        information.submit_request(information_a, request_data(**{field: value}))
    assert field in error.value.message_dict
    assert InformationRequest.objects.count() == before


def test_the_communes_periods_give_the_deadline(information_a):
    settings = InformationSettings.for_site(information_a.get_site())
    settings.answer_working_days = 10
    settings.save()
    request = information.submit_request(information_a, request_data())
    assert working_days_between(request.received_on, request.deadline, request.closures()) == 10


# --- taking in hand, clarification ---------------------------------------------------------


def test_take(information_a, make_request, superuser):
    request = make_request(information_a)
    deadline = request.deadline
    request = fresh(services.perform(request, "take", superuser))
    assert request.status == S.IN_PROGRESS and request.deadline == deadline
    entry = request.history.last()
    assert (entry.action, entry.from_status, entry.to_status, entry.actor) == ("take", "received", "in_progress", superuser)
    assert logged(request).get().data["action"] == "take"


def test_ask_clarification_requires_the_question(information_a, make_request, superuser):
    request = make_request(information_a, "take")
    before = snapshot(request)
    with pytest.raises(ValidationError) as error:
        services.perform(request, "ask_clarification", superuser)
    assert set(error.value.message_dict) == {"clarification_question"}
    assert snapshot(request) == before


def test_clarification_suspends_the_clock(information_a, make_request, superuser, django_capture_on_commit_callbacks, mailoutbox):
    request = backdate(make_request(information_a, "take"), 20)
    with django_capture_on_commit_callbacks(execute=True):
        request = services.perform(request, "ask_clarification", superuser, **ANSWERS["ask_clarification"])
    request = fresh(request)
    assert request.status == S.CLARIFICATION and request.clarification_asked_on == timezone.localdate()
    assert to(mailoutbox, request.email), "the requester is asked"
    # the officer asked ten days ago; the requester replies today
    asked = timezone.localdate() - timedelta(days=10)
    InformationRequest.objects.filter(pk=request.pk).update(clarification_asked_on=asked)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request = information.clarify(fresh(request), "  أقصد ميزانية التجهيز.  ")
    request = fresh(request)
    waited = working_days_between(asked, timezone.localdate(), closures_around(asked, request.site))
    assert waited > 0
    assert request.status == S.IN_PROGRESS and request.clarification_reply == "أقصد ميزانية التجهيز."
    assert request.suspended_working_days == waited and request.clarification_asked_on is None
    assert request.deadline == legal_deadline(request, suspended=waited)
    entry = request.history.last()
    assert (entry.action, entry.actor) == ("clarify", None)
    assert mailoutbox and not to(mailoutbox, request.email), "the officer is told, not the requester"

    # a second clarification adds to the first
    request = services.perform(request, "ask_clarification", superuser, clarification_question="وأي سنة بالضبط؟")
    asked = timezone.localdate() - timedelta(days=3)
    InformationRequest.objects.filter(pk=request.pk).update(clarification_asked_on=asked)
    request = fresh(information.clarify(fresh(request), "سنة 2026."))
    more = working_days_between(asked, timezone.localdate(), closures_around(asked, request.site))
    assert request.suspended_working_days == waited + more
    assert request.deadline == legal_deadline(request, suspended=waited + more)


def test_clarified_the_same_day_suspends_nothing(information_a, make_request):
    request = make_request(information_a, "ask_clarification")
    deadline = request.deadline
    request = fresh(information.clarify(request, "نعم، ميزانية التجهيز."))
    assert request.suspended_working_days == 0 and request.deadline == deadline


def test_clarify_requires_a_reply_and_the_status(information_a, make_request):
    request = make_request(information_a, "ask_clarification")
    before = snapshot(request)
    with pytest.raises(ValidationError) as error:
        information.clarify(request, "   ")
    assert set(error.value.message_dict) == {"clarification_reply"}
    assert snapshot(request) == before
    taken = make_request(information_a, "take")
    before = snapshot(taken)
    with pytest.raises(services.TransitionNotAllowed):
        information.clarify(taken, "لم يطلب مني أي توضيح.")
    assert snapshot(taken) == before


# --- extension -------------------------------------------------------------------------------


def test_extend_doubles_the_period(information_a, make_request, superuser, django_capture_on_commit_callbacks, mailoutbox):
    request = make_request(information_a, "take")
    with django_capture_on_commit_callbacks(execute=True):
        request = services.perform(request, "extend", superuser, **ANSWERS["extend"])
    request = fresh(request)
    assert request.status == S.EXTENDED and request.extended
    assert request.extension_reason == ANSWERS["extend"]["extension_reason"]
    assert request.deadline == legal_deadline(request, extended=True)
    assert working_days_between(request.received_on, request.deadline, request.closures()) == 40
    assert to(mailoutbox, request.email), "the requester is told before the first deadline"
    assert logged(request).filter(data__action="extend").exists()


def test_extend_requires_a_reason(information_a, make_request, superuser):
    request = make_request(information_a)
    before = snapshot(request)
    with pytest.raises(ValidationError) as error:
        services.perform(request, "extend", superuser, extension_reason="")
    assert set(error.value.message_dict) == {"extension_reason"}
    assert snapshot(request) == before


def _guard_refuses(request, superuser):
    before = snapshot(request)
    with pytest.raises(ValidationError) as error:
        services.perform(request, "extend", superuser, **ANSWERS["extend"])
    assert error.value.messages == ["The deadline can be extended once, before it passes, and not for an urgent request."]
    assert snapshot(request) == before


def test_extend_only_once(information_a, make_request, superuser):
    request = make_request(information_a, "extend", "ask_clarification")
    request = information.clarify(request, "ميزانية التجهيز فقط.")
    assert request.status == S.IN_PROGRESS and request.extended  # back in progress, still extended
    _guard_refuses(request, superuser)
    assert fresh(request).deadline == legal_deadline(request, extended=True)


def test_extend_refused_after_the_deadline(information_a, make_request, superuser):
    request = make_request(information_a, "take")
    request = backdate(request, 45)
    assert request.deadline < timezone.localdate()
    _guard_refuses(request, superuser)


def test_extend_refused_for_an_urgent_request(information_a, make_request, superuser):
    request = make_request(information_a, urgent=True, urgency_justification="سلامة أسرة مهددة بانهيار منزل.")
    _guard_refuses(request, superuser)


# --- answers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("steps", [(), ("take",), ("extend",)])
def test_answer_publishes_and_stops_the_clock(information_a, make_request, superuser, steps, django_capture_on_commit_callbacks,
                                             mailoutbox):
    request = make_request(information_a, *steps)
    with django_capture_on_commit_callbacks(execute=True):
        request = services.perform(request, "answer", superuser, **ANSWERS["answer"])
    request = fresh(request)
    assert request.status == S.ANSWERED and request.is_public
    assert request.answered_on == timezone.localdate() and request.deadline is None
    assert request.first_answered_at is not None
    assert to(mailoutbox, request.email)


def test_answer_requires_the_answer(information_a, make_request, superuser):
    request = make_request(information_a, "take")
    before = snapshot(request)
    with pytest.raises(ValidationError) as error:
        services.perform(request, "answer", superuser, public_answer="")
    assert set(error.value.message_dict) == {"public_answer"}
    assert snapshot(request) == before


def test_the_requester_may_keep_out_of_the_register(information_a, make_request, superuser):
    for step in ("answer", "answer_partially", "refuse"):
        request = make_request(information_a, step, register_opt_out=True)
        assert fresh(request).answered_on and not fresh(request).is_public


def test_answer_partially_requires_a_redaction_note(information_a, make_request, superuser):
    request = make_request(information_a, "take")
    before = snapshot(request)
    with pytest.raises(ValidationError) as error:
        services.perform(request, "answer_partially", superuser, public_answer="الميزانية مرفقة.")
    assert set(error.value.message_dict) == {"redaction_note"}
    assert snapshot(request) == before
    request = fresh(services.perform(request, "answer_partially", superuser, **ANSWERS["answer_partially"]))
    assert request.status == S.PARTIALLY_ANSWERED and request.is_public and request.redaction_note


def test_refuse_requires_grounds_of_article_7_and_reasons(information_a, make_request, superuser):
    request = make_request(information_a, "take")
    before = snapshot(request)
    with pytest.raises(ValidationError) as error:
        services.perform(request, "refuse", superuser)
    assert set(error.value.message_dict) == {"refusal_grounds", "refusal_reason"}
    with pytest.raises(ValidationError) as error:
        services.perform(request, "refuse", superuser, refusal_grounds=["private_life"])
    assert set(error.value.message_dict) == {"refusal_reason"}
    for grounds in (["whim"], ["private_life", "because"], "private_life"):
        with pytest.raises(ValidationError) as error:
            services.perform(request, "refuse", superuser, refusal_grounds=grounds, refusal_reason="لا.")
        assert "refusal_grounds" in error.value.message_dict
    assert snapshot(request) == before
    request = fresh(services.perform(request, "refuse", superuser, refusal_grounds=["private_life", "investigations"],
                                     refusal_reason="معطيات شخصية وبحث إداري جار."))
    assert request.status == S.REFUSED and request.refusal_grounds == ["private_life", "investigations"]
    assert request.answered_on == timezone.localdate() and request.deadline is None and request.is_public


def test_transfer_is_not_published(information_a, make_request, superuser):
    request = make_request(information_a, "take")
    with pytest.raises(ValidationError) as error:
        services.perform(request, "transfer", superuser)
    assert set(error.value.message_dict) == {"transferred_to"}
    request = fresh(services.perform(request, "transfer", superuser, **ANSWERS["transfer"]))
    assert request.status == S.TRANSFERRED and request.transferred_to == "عمالة الإقليم"
    assert request.answered_on == timezone.localdate() and request.deadline is None
    assert not request.is_public  # the commune does not hold it: nothing of its own to publish


def test_no_second_answer(information_a, make_request, superuser):
    request = make_request(information_a, "answer")
    before = snapshot(request)
    for step in ("answer", "answer_partially", "refuse", "transfer", "extend", "take", "ask_clarification"):
        with pytest.raises(services.TransitionNotAllowed):
            services.perform(request, step, superuser, **ANSWERS.get(step, {}))
    assert snapshot(request) == before


# --- complaints ---------------------------------------------------------------------------------

COMPLAINT = "لم أتوصل بالميزانية المفصلة كما طلبت."


def test_complaint_refused_before_the_deadline_without_an_answer(information_a, make_request):
    for steps in ((), ("take",), ("extend",)):
        request = make_request(information_a, *steps)
        before = snapshot(request)
        with pytest.raises(ValidationError) as error:
            information.complain(request, COMPLAINT)
        assert error.value.messages == [
            "You can complain once the commune answers, or once the deadline has passed without an answer."]
        assert snapshot(request) == before


def test_complaint_not_while_waiting_for_a_clarification(information_a, make_request):
    request = make_request(information_a, "ask_clarification")
    before = snapshot(request)
    with pytest.raises(services.TransitionNotAllowed):
        information.complain(request, COMPLAINT)
    assert snapshot(request) == before


@pytest.mark.parametrize("step", ["answer", "answer_partially", "refuse", "transfer"])
def test_complaint_after_an_answer(information_a, make_request, step, django_capture_on_commit_callbacks, mailoutbox):
    request = make_request(information_a, step)
    with django_capture_on_commit_callbacks(execute=True):
        request = information.complain(request, f"  {COMPLAINT}  ")
    request = fresh(request)
    today = timezone.localdate()
    assert request.status == S.COMPLAINT and request.complaint == COMPLAINT and request.complaint_on == today
    assert request.deadline == today + timedelta(days=15)  # the head's deadline
    assert request.history.last().actor is None
    assert to(mailoutbox, request.email), "the requester's receipt"
    assert any(request.email not in m.to for m in mailoutbox), "the head is told"


def test_complaint_requires_its_text(information_a, make_request):
    request = make_request(information_a, "answer")
    before = snapshot(request)
    with pytest.raises(ValidationError) as error:
        information.complain(request, "   ")
    assert set(error.value.message_dict) == {"complaint"}
    assert snapshot(request) == before


def test_complaint_window_after_an_answer(information_a, make_request):
    """20 working days after the answer: two weeks later is within, two months later is not."""
    request = make_request(information_a, "answer")
    InformationRequest.objects.filter(pk=request.pk).update(answered_on=timezone.localdate() - timedelta(days=14))
    assert fresh(request).complaint_deadline() >= timezone.localdate()
    late = make_request(information_a, "answer")
    InformationRequest.objects.filter(pk=late.pk).update(answered_on=timezone.localdate() - timedelta(days=60))
    assert fresh(late).complaint_deadline() < timezone.localdate()
    before = snapshot(late)
    with pytest.raises(ValidationError) as error:
        information.complain(fresh(late), COMPLAINT)
    assert error.value.messages == ["The period to complain about this answer has passed."]
    assert snapshot(late) == before
    assert fresh(information.complain(fresh(request), COMPLAINT)).status == S.COMPLAINT


@pytest.mark.parametrize("steps", [(), ("take",), ("extend",)])
def test_complaint_after_a_missed_deadline(information_a, make_request, steps):
    request = make_request(information_a, *steps)
    InformationRequest.objects.filter(pk=request.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    request = fresh(information.complain(fresh(request), COMPLAINT))
    assert request.status == S.COMPLAINT and request.deadline == timezone.localdate() + timedelta(days=15)
    assert request.answered_on is None


def test_complaint_too_long_after_a_missed_deadline(information_a, make_request):
    request = make_request(information_a, "take")
    InformationRequest.objects.filter(pk=request.pk).update(deadline=timezone.localdate() - timedelta(days=60))
    before = snapshot(request)
    with pytest.raises(ValidationError) as error:
        information.complain(fresh(request), COMPLAINT)
    assert error.value.messages == ["The period to complain has passed."]
    assert snapshot(request) == before


def test_the_head_answers_the_complaint(information_a, make_request, superuser, django_capture_on_commit_callbacks, mailoutbox):
    request = information.complain(make_request(information_a, "refuse"), COMPLAINT)
    information_officer = user("a_information")
    before = snapshot(request)
    with pytest.raises(services.TransitionNotAllowed):  # the officer is not the head
        services.perform(request, "answer_complaint", information_officer, complaint_answer="نعم.")
    with pytest.raises(ValidationError) as error:
        services.perform(request, "answer_complaint", user("a_bureau"))
    assert set(error.value.message_dict) == {"complaint_answer"}
    assert snapshot(request) == before
    with django_capture_on_commit_callbacks(execute=True):
        request = services.perform(request, "answer_complaint", user("a_bureau"), complaint_answer="قرر الرئيس تسليم الوثيقة بعد حذف الأسماء.")
    request = fresh(request)
    today = timezone.localdate()
    assert request.status == S.COMPLAINT_ANSWERED and request.complaint_answered_on == today and request.deadline is None
    assert request.cdai_deadline() == today + timedelta(days=30)
    assert to(mailoutbox, request.email)
    assert request.history.last().actor == user("a_bureau")


def test_cdai_deadline_when_the_head_does_not_answer(information_a, make_request):
    request = information.complain(make_request(information_a, "answer"), COMPLAINT)
    assert fresh(request).cdai_deadline() is None  # the head still has time
    past = timezone.localdate() - timedelta(days=2)
    InformationRequest.objects.filter(pk=request.pk).update(deadline=past)
    assert fresh(request).cdai_deadline() == past + timedelta(days=30)


def test_the_head_of_another_commune_cannot_answer(information_a, make_request):
    request = information.complain(make_request(information_a, "answer"), COMPLAINT)
    before = snapshot(request)
    with pytest.raises(services.TransitionNotAllowed):
        services.perform(request, "answer_complaint", user("b_bureau"), complaint_answer="ليس من اختصاصي.")
    assert snapshot(request) == before


# --- requests received on paper -------------------------------------------------------------------


def test_record_paper_request_with_its_receipt_date(information_a, django_capture_on_commit_callbacks, mailoutbox):
    site = information_a.get_site()
    officer = user("a_information")
    received = timezone.localdate() - timedelta(days=12)
    with django_capture_on_commit_callbacks(execute=True):
        request = information.record_paper_request(site, request_data(received_on=received, channel="paper"), officer,
                                                   page=information_a)
    request = fresh(request)
    assert request.status == S.RECEIVED and request.channel == "paper" and request.received_on == received
    assert request.deadline == legal_deadline(request)
    assert request.reference.startswith(f"INF-{timezone.localdate().year}-")
    assert list(request.history.values_list("action", flat=True)) == ["submit"]
    entry = logged(request, "participation.recorded_on_paper").get()
    assert entry.user == officer and entry.data["reference"] == request.reference
    assert to(mailoutbox, request.email), "the requester gets the reference and the link"


def test_record_by_post_finds_the_communes_page(information_a):
    request = information.record_paper_request(
        information_a.get_site(), request_data(received_on=timezone.localdate(), channel="mail"), user("a_information"))
    assert fresh(request).channel == "mail" and fresh(request).page_id == information_a.pk  # for the follow-up link
    request = information.record_paper_request(
        information_a.get_site(), request_data(received_on=timezone.localdate()), user("a_information"))
    assert fresh(request).channel == "paper"  # the default when staff record it


@pytest.mark.parametrize("days", [1, 30])
def test_record_paper_request_in_the_future_is_refused(information_a, days):
    before = InformationRequest.objects.count()
    received = timezone.localdate() + timedelta(days=days)
    with pytest.raises(ValidationError) as error:
        information.record_paper_request(information_a.get_site(), request_data(received_on=received, channel="paper"),
                                         user("a_information"))
    assert set(error.value.message_dict) == {"received_on"}
    with pytest.raises(ValidationError):
        information.record_paper_request(information_a.get_site(), request_data(channel="paper"), user("a_information"))
    assert InformationRequest.objects.count() == before


def test_record_paper_request_with_bad_data_stores_nothing(information_a):
    before = InformationRequest.objects.count()
    with pytest.raises(ValidationError):
        information.record_paper_request(
            information_a.get_site(), request_data(received_on=timezone.localdate(), channel="paper", id_number=""),
            user("a_information"))
    assert InformationRequest.objects.count() == before


def test_record_paper_request_needs_the_permission_in_the_commune(information_a):
    before = InformationRequest.objects.count()
    data = request_data(received_on=timezone.localdate(), channel="paper")
    for username in ("b_information", "a_bureau"):
        with pytest.raises(services.TransitionNotAllowed):
            information.record_paper_request(information_a.get_site(), dict(data), user(username))
    assert InformationRequest.objects.count() == before


# --- messages and answer files -------------------------------------------------------------------


def test_messages_both_ways(information_a, make_request, django_capture_on_commit_callbacks, mailoutbox):
    request = make_request(information_a, "take")
    officer = user("a_information")
    with django_capture_on_commit_callbacks(execute=True):
        question = information.send_message(request, "  متى أتوصل بالجواب؟ ")
    assert question.from_requester and question.author is None and question.text == "متى أتوصل بالجواب؟"
    assert mailoutbox and not to(mailoutbox, request.email), "to the officer"
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply = information.send_message(request, "قبل نهاية الأسبوع المقبل.", user=officer)
    assert not reply.from_requester and reply.author == officer
    assert [m.to for m in mailoutbox] == [[request.email]]
    assert list(request.messages.values_list("from_requester", flat=True)) == [True, False]
    assert logged(request, "participation.message").count() == 2
    assert fresh(request).status == S.IN_PROGRESS  # a message is not a step


def test_empty_message_is_refused(information_a, make_request):
    request = make_request(information_a)
    with pytest.raises(ValidationError):
        information.send_message(request, "   ")
    assert not InformationMessage.objects.filter(request=request).exists()


def test_messages_refused_to_another_commune_and_when_closed(information_a, make_request, superuser):
    request = make_request(information_a, "answer")
    before = snapshot(request)
    with pytest.raises(services.TransitionNotAllowed):
        information.send_message(request, "رسالة من جماعة أخرى.", user=user("b_information"))
    request = services.perform(information.complain(request, COMPLAINT), "answer_complaint", superuser, complaint_answer="تم.")
    before = snapshot(request)
    with pytest.raises(services.TransitionNotAllowed):
        information.send_message(request, "سؤال بعد إغلاق الملف.")
    assert snapshot(request) == before


@pytest.fixture
def uploads():
    names = []
    yield names
    for name in names:
        default_storage.delete(name)


def test_add_answer_file(information_a, make_request, uploads):
    request = make_request(information_a, "answer")
    officer = user("a_information")
    answer_file = information.add_answer_file(request, "  الميزانية المصادق عليها  ",
                                              SimpleUploadedFile("budget.pdf", PDF, content_type="application/pdf"), officer)
    uploads.append(answer_file.file.name)
    assert answer_file.title == "الميزانية المصادق عليها" and answer_file.added_by == officer
    assert answer_file.file.name.startswith("information/") and answer_file.file.name.endswith(".pdf")
    assert "budget" not in answer_file.file.name  # the stored name says nothing
    assert default_storage.open(answer_file.file.name).read() == PDF
    assert logged(request, "participation.answer_file").get().user == officer
    before = snapshot(request)
    with pytest.raises(services.TransitionNotAllowed):
        information.add_answer_file(request, "ملف", SimpleUploadedFile("x.pdf", PDF), user("b_information"))
    assert snapshot(request) == before and AnswerFile.objects.filter(request=request).count() == 1


def test_no_answer_file_once_closed(information_a, make_request, superuser):
    request = make_request(information_a, "answer")
    request = services.perform(information.complain(request, COMPLAINT), "answer_complaint", superuser, complaint_answer="تم.")
    before = snapshot(request)
    with pytest.raises(services.TransitionNotAllowed):
        information.add_answer_file(request, "ملف متأخر", SimpleUploadedFile("late.pdf", PDF), superuser)
    assert snapshot(request) == before


# --- every change is recorded; forged steps change nothing ---------------------------------------


def test_every_step_writes_history_and_log(information_a, make_request, superuser):
    request = make_request(information_a, "take", "ask_clarification")
    request = information.clarify(request, "ميزانية التجهيز.")
    request = services.perform(request, "extend", superuser, **ANSWERS["extend"])
    request = services.perform(request, "answer_partially", superuser, **ANSWERS["answer_partially"])
    request = information.complain(request, COMPLAINT)
    request = services.perform(request, "answer_complaint", superuser, complaint_answer="سلمت الوثيقة كاملة.")
    actions = ["submit", "take", "ask_clarification", "clarify", "extend", "answer_partially", "complain", "answer_complaint"]
    assert list(request.history.order_by("pk").values_list("action", flat=True)) == actions
    statuses = list(request.history.order_by("pk").values_list("to_status", flat=True))
    assert statuses == ["received", "in_progress", "clarification", "in_progress", "extended", "partially_answered",
                        "complaint", "complaint_answered"]
    transitions = [entry.data["action"] for entry in logged(request).order_by("pk")]
    assert transitions == actions[1:]
    assert logged(request, "participation.submit").count() == 1


@pytest.mark.parametrize(("steps", "action", "actor"), [
    ((), "answer_complaint", "superuser"),  # not in complaint
    ((), "clarify", "superuser"),  # the requester's step
    ((), "take", "citizen"),  # staff's step
    ((), "answer", "citizen"),
    ((), "publish", "superuser"),  # no such step
    (("take",), "take", "superuser"),  # already taken
    (("answer",), "refuse", "superuser"),
    (("take",), "answer", "b_information"),  # another commune
    (("take",), "answer", "a_bureau"),  # no permission to handle
    ((), "extend", None),  # anonymous
])
def test_forged_steps_change_nothing(information_a, make_request, superuser, steps, action, actor):
    request = make_request(information_a, *steps)
    actor = {"superuser": superuser, "citizen": services.CITIZEN, None: None}[actor] if actor in (
        "superuser", "citizen", None) else user(actor)
    before = snapshot(request)
    values = {**ANSWERS.get(action, {}), "public_answer": "جواب مزور", "clarification_reply": "رد", "complaint_answer": "رد"}
    with pytest.raises(services.TransitionNotAllowed):
        services.perform(request, action, actor, **values)
    assert snapshot(request) == before


def test_the_officer_of_commune_b_cannot_act_on_commune_a(information_a, make_request):
    request = make_request(information_a)
    officer_b = user("b_information")
    before = snapshot(request)
    for action in ("take", "extend", "answer", "refuse", "transfer", "ask_clarification"):
        with pytest.raises(services.TransitionNotAllowed):
            services.perform(request, action, officer_b, **ANSWERS.get(action, {}))
    assert snapshot(request) == before
    assert fresh(services.perform(request, "take", user("a_information"))).status == S.IN_PROGRESS
