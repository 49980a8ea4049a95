"""Hostile input on the suggestions box's public forms (submitting, supporting): never a
500, and nothing stored that fails validation (tests/support/hostile.py)."""
import pytest
from django.utils import translation

from participation.suggestions.forms import SuggestionForm, SupportForm, localized_categories
from participation.suggestions.models import Suggestion, SuggestionSupport
from tests.support import hostile

CAPTCHA = {"captcha_0": "any-key", "captcha_1": "PASSED"}
LINE_FIELDS = ("title", "neighbourhood", "name", "phone")
LONG_FIELDS = ("text",)


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.JAMAA_RATE_LIMITS = {"ip": (10**9, 60), "email": (10**9, 60)}


@pytest.fixture
def category(demo):
    with translation.override("ar"):
        return localized_categories(demo.site_a).first()


def _valid(category) -> dict:
    return {
        "kind": "report",
        "category": str(category.pk),
        "title": "عمود إنارة معطل في شارع الأمل",
        "text": "الإنارة العمومية معطلة في شارع الأمل منذ أسبوعين.",
        "neighbourhood": "حي الأمل",
        "name": "مواطنة تجريبية",
        "email": "citizen@example.ma",
        "phone": "0612345678",
        "show_name": "on",
        "consent": "on",
        "website": "",
    }


def _checks(site) -> dict:
    form = SuggestionForm(site=site)
    return {Suggestion: lambda row: hostile.assert_valid_row(row, form, line_fields=LINE_FIELDS, long_fields=LONG_FIELDS)}


def test_submitting_hostile_input(box_a, category, demo):
    client, url, checks = hostile.hostile_client(), box_a.route_path("submit"), _checks(demo.site_a)
    hostile.fuzz(hostile.spoiled(_valid(category)), lambda data: hostile.send(client, url, checks, data | CAPTCHA))


def test_submitting_invalid_utf8(box_a, category, demo):
    hostile.fuzz_raw(hostile.hostile_client(), box_a.route_path("submit"), _valid(category) | CAPTCHA, _checks(demo.site_a))


@pytest.fixture
def published(box_a, category, demo):
    return Suggestion.objects.create(
        site=demo.site_a, page=box_a, reference="SUG-1999-00001", status="answered", is_public=True, kind="suggestion",
        category=category, title="اقتراح منشور", text="نص الاقتراح المنشور للاختبار.", name="اسم", email="a@example.ma",
    )


def test_supporting_hostile_input(box_a, published):
    client, url = hostile.hostile_client(), box_a.route_path("support", published.pk)
    checks = {SuggestionSupport: lambda row: hostile.assert_valid_row(row, SupportForm())}
    hostile.fuzz(hostile.spoiled({"email": "supporter@example.ma", "website": ""}),
                 lambda data: hostile.send(client, url, checks, data | CAPTCHA))
