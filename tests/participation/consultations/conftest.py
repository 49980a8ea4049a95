"""Fixtures of the consultations tests: a consultations page in each demo commune and
consultations built in it with given dates (open, announced, closed)."""
import copy
import datetime
import itertools

import pytest
from django.utils import timezone

from participation.consultations.models import ConsultationIndexPage, ConsultationPage, Question

CAPTCHA = {"captcha_0": "any-key", "captcha_1": "PASSED"}
_slugs = itertools.count()

QUESTIONS = [
    ("single", "هل المسودة واضحة؟", True, ["نعم", "إلى حد ما", "لا"]),
    ("multiple", "ما الآليات التي تفضلون؟", False, ["اللقاءات", "الموقع", "العرائض"]),
    ("rating", "ما مدى أهمية الميثاق؟", True, []),
    ("short_text", "كلمة واحدة", False, []),
    ("long_text", "اقتراحاتكم", False, []),
]
SECTIONS = [
    {"type": "section", "value": {"heading": "التقديم", "body": "<p>نص التقديم.</p>"}},
    {"type": "section", "value": {"heading": "القيم المشتركة", "body": "<p>الإنصاف والشفافية.</p>"}},
]


def _index(site):
    index = ConsultationIndexPage.objects.descendant_of(site.root_page).filter(locale=site.root_page.locale).first()
    if index is None:
        index = ConsultationIndexPage(title="التشاور العمومي", slug="consultations-test")
        site.root_page.add_child(instance=index)
        index.save_revision().publish()
    return index


def make_consultation(site, *, opens_in=-5, closes_in=10, audience="everyone", report_in=None, questions=QUESTIONS):
    """A published consultation opening `opens_in` days from today and closing `closes_in` days from today."""
    today = timezone.localdate()
    page = ConsultationPage(
        title=f"تشاور تجريبي {next(_slugs)}", slug=f"consultation-{next(_slugs)}", summary="ملخص التشاور.",
        opens_on=today + datetime.timedelta(days=opens_in), closes_on=today + datetime.timedelta(days=closes_in),
        audience=audience, draft=copy.deepcopy(SECTIONS),
        report_published_on=today + datetime.timedelta(days=report_in) if report_in is not None else None,
        report_heard="<p>سمعنا كثيرا.</p>" if report_in is not None else "",
    )
    for order, (kind, label, required, options) in enumerate(questions):
        page.questions.add(Question(kind=kind, label=label, required=required, options="\n".join(options), sort_order=order))
    _index(site).add_child(instance=page)
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


@pytest.fixture
def open_a(demo):
    return make_consultation(demo.site_a)


@pytest.fixture
def open_b(demo):
    return make_consultation(demo.site_b)


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root-consultations", "root@example.ma", "x")


def questions_by_kind(page) -> dict:
    return {q.kind: q for q in page.questions.all()}


def valid_answers(page, **overrides) -> dict:
    """{question pk: value} answering every required question of a make_consultation page."""
    q = questions_by_kind(page)
    answers = {q["single"].pk: "نعم", q["multiple"].pk: ["اللقاءات", "الموقع"], q["rating"].pk: 4,
               q["long_text"].pk: "أقترح لقاءات في الأحياء."}
    answers.update(overrides)
    return answers


def form_data(page, email="amina@example.ma", **extra) -> dict:
    """POST data of the answer form (valid)."""
    q = questions_by_kind(page)
    data = {
        f"q{q['single'].pk}": "نعم", f"q{q['multiple'].pk}": ["اللقاءات"], f"q{q['rating'].pk}": "5",
        f"q{q['long_text'].pk}": "أقترح لقاءات في الأحياء.", "email": email, "consent": "on", **CAPTCHA,
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}
