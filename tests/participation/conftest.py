"""Fixtures shared by the participation tests: a suggestions box and a category
in each demo commune (taken from the demo when it has them)."""
import pytest

from participation.suggestions.models import SuggestionBoxPage, SuggestionCategory


def _box(site):
    box = SuggestionBoxPage.objects.descendant_of(site.root_page).first()
    if box is None:
        box = SuggestionBoxPage(title="فضاء الاقتراحات", slug="suggestions-test")
        site.root_page.add_child(instance=box)
        box.save_revision().publish()
    return box


def _category(site):
    category = SuggestionCategory.objects.filter(site=site, locale=site.root_page.locale).first()
    return category or SuggestionCategory.objects.create(site=site, name="النظافة", locale=site.root_page.locale)


@pytest.fixture
def box_a(demo):
    return _box(demo.site_a)


@pytest.fixture
def box_b(demo):
    return _box(demo.site_b)


@pytest.fixture
def category_a(demo):
    return _category(demo.site_a)


@pytest.fixture
def category_b(demo):
    return _category(demo.site_b)


@pytest.fixture
def suggestion_data(category_a):
    """Valid data for participation.suggestions.services.submit_suggestion."""
    return {
        "kind": "report",
        "category": category_a,
        "title": "إنارة معطلة في زنقة الورود",
        "text": "المصابيح العمومية في زنقة الورود معطلة منذ أسبوعين.",
        "neighbourhood": "حي الورود",
        "name": "سعاد العلوي",
        "email": "souad@example.ma",
        "phone": "0600000000",
    }
