"""A burst of 1,000 suggestions from one connection (a robot): the rate limits
(participation.core.antiabuse, JAMAA_RATE_LIMITS; 20 an hour per address, 5 per e-mail by
default) store at most the limit; every other POST gets the form back with the message and a
429, never a 500. Rotating e-mail addresses does not help: the address still counts. A filled
honeypot stores nothing."""
import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from participation.core.antiabuse import DEFAULT_LIMITS
from participation.suggestions.models import Suggestion, SuggestionBoxPage
from tests.conftest import HOST_A
from tests.participation.burst import burst, plain_rendering  # noqa: F401 (fixture)
from tests.site.helpers import page_of_type

BURST = 1000
TITLE = "رسالة آلية مكررة"


@pytest.fixture
def box(demo):
    cache.clear()
    yield page_of_type(demo.site_a, SuggestionBoxPage)
    cache.clear()


def payload(box, email, **changes):
    from participation.suggestions.forms import localized_categories

    with translation.override("ar"):  # the form's language: its categories
        category = localized_categories(box.get_site()).first()
    return {
        "kind": "report", "category": category.pk, "title": TITLE,
        "text": "نص رسالة آلية مكررة لاختبار الحد من الإرسال.", "neighbourhood": "", "name": "روبوت", "email": email,
        "phone": "", "consent": "on", "captcha_0": "k", "captcha_1": "PASSED", "website": "", **changes,
    }


def refusal() -> str:
    with translation.override("ar"):
        return escape(translation.gettext(
            "Too many messages were sent from your connection or your e-mail address. "
            "Nothing was stored: please try again in an hour."))


def robot():
    return Client(HTTP_HOST=HOST_A, REMOTE_ADDR="203.0.113.66")


def test_a_burst_from_one_address_with_rotating_emails_stores_the_address_limit(box, plain_rendering):  # noqa: F811
    limit = DEFAULT_LIMITS["ip"][0]
    payloads = (payload(box, f"bot{n}@rotating.example") for n in range(BURST))
    statuses = burst(robot(), box.route_path("submit"), payloads, refusal=refusal())
    assert statuses == {302: limit, 429: BURST - limit}
    assert Suggestion.objects.filter(title=TITLE).count() == limit
    assert set(Suggestion.objects.filter(title=TITLE).values_list("submitted_ip", flat=True)) == {"203.0.113.66"}


def test_one_email_from_one_address_stores_the_email_limit(box, plain_rendering):  # noqa: F811
    limit = DEFAULT_LIMITS["email"][0]
    statuses = burst(robot(), box.route_path("submit"), (payload(box, "same@bot.example") for _ in range(100)),
                     refusal=refusal())
    assert statuses == {302: limit, 429: 100 - limit}
    assert Suggestion.objects.filter(title=TITLE).count() == limit


def test_a_filled_honeypot_stores_nothing(box, plain_rendering):  # noqa: F811
    with translation.override("ar"):
        message = escape(translation.gettext("Your submission could not be accepted. Please try again."))
    payloads = (payload(box, f"bot{n}@honeypot.example", website="http://spam.example") for n in range(100))
    statuses = burst(robot(), box.route_path("submit"), payloads, refusal=message)
    assert 302 not in statuses and not Suggestion.objects.filter(title=TITLE).exists()
