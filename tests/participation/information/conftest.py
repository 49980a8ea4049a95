"""Fixtures of the access-to-information tests: a request page in each demo commune,
requests taken through the workflow, and valid request data."""
import pytest

from participation.core import services
from participation.information import services as information_services
from participation.information.models import InformationRequestPage


def _page(site):
    page = InformationRequestPage.objects.descendant_of(site.root_page).filter(locale=site.root_page.locale).first()
    if page is None:
        page = InformationRequestPage(title="الحصول على المعلومات", slug="information-test")
        site.root_page.add_child(instance=page)
        page.save_revision().publish()
    return page


@pytest.fixture
def information_a(demo):
    return _page(demo.site_a)


@pytest.fixture
def information_b(demo):
    return _page(demo.site_b)


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root-information", "root@example.ma", "x")


def request_data(**overrides) -> dict:
    """Valid data for participation.information.services.submit_request."""
    data = {
        "name": "ليلى المنصوري",
        "email": "leila@example.ma",
        "phone": "0622222222",
        "address": "زنقة الياسمين 12، عين الزيتون",
        "id_number": "BE654321",
        "subject": "ميزانية الجماعة لسنة 2026",
        "information_requested": "أطلب نسخة من الميزانية المصادق عليها لسنة 2026 مع تفصيل نفقات التجهيز.",
        "delivery_form": "electronic",
        "urgent": False,
        "register_opt_out": False,
    }
    return data | overrides


ANSWERS = {
    "ask_clarification": {"clarification_question": "هل تقصدون ميزانية التسيير أم ميزانية التجهيز؟"},
    "extend": {"extension_reason": "المعلومات المطلوبة موزعة على عدة مصالح."},
    "answer": {"public_answer": "تجدون الميزانية المصادق عليها في الملف المرفق."},
    "answer_partially": {"public_answer": "الميزانية مرفقة.", "redaction_note": "حذفت أسماء المستخدمين (المعطيات الشخصية)."},
    "refuse": {"refusal_grounds": ["private_life"], "refusal_reason": "تتعلق المعلومات بالحياة الخاصة للأغيار."},
    "transfer": {"transferred_to": "عمالة الإقليم"},
}


@pytest.fixture
def make_request(superuser):
    """make_request(page, *steps, **data): a request submitted online, then taken through
    the staff `steps` (e.g. "take", "answer") by a superuser with valid values."""

    def make(page, *steps, **data):
        request = information_services.submit_request(page, request_data(**data))
        for step in steps:
            request = services.perform(request, step, superuser, **ANSWERS.get(step, {}))
        return request

    return make
