"""A burst of 1,000 signatures from one connection with rotating e-mail addresses and CIN
numbers (a robot): signing has its own, wider limit per address (a café, a school: many people
sign from one connection; participation.petitions.views.SIGN_LIMITS), and stores no more;
every other POST gets the petition back with the message and a 429, never a 500. One e-mail
signs a few petitions an hour at most. A filled honeypot stores nothing."""
import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from participation.petitions.models import Petition, Signature
from participation.petitions.views import SIGN_LIMITS
from tests.conftest import HOST_A
from tests.participation.burst import burst, plain_rendering  # noqa: F401 (fixture)

BURST = 1000


@pytest.fixture
def petition(make_petition, petitions_a):
    cache.clear()
    yield make_petition(petitions_a, "open")
    cache.clear()


def payload(n, **changes):
    return {
        "name": f"موقع آلي {n}", "cin": f"ZZ{n:06d}", "basis": "resident", "address": f"درب {n}، عين الزيتون", "activity": "",
        "email": f"signer{n}@rotating.example", "consent": "on", "captcha_0": "k", "captcha_1": "PASSED", "website": "",
        **changes,
    }


def refusal() -> str:
    with translation.override("ar"):
        return escape(translation.gettext(
            "Too many signatures were sent from your connection or your e-mail address. "
            "Nothing was stored: please try again in an hour."))


def robot():
    return Client(HTTP_HOST=HOST_A, REMOTE_ADDR="203.0.113.77")


def test_a_burst_from_one_address_with_rotating_emails_stores_the_address_limit(petition, petitions_a, plain_rendering):  # noqa: F811
    limit = SIGN_LIMITS["ip"][0]
    url = petitions_a.route_path("sign", petition.pk)
    statuses = burst(robot(), url, (payload(n) for n in range(BURST)), refusal=refusal())
    assert statuses == {302: limit, 429: BURST - limit}
    assert Signature.objects.filter(petition=petition).count() == limit
    assert set(Signature.objects.filter(petition=petition).values_list("submitted_ip", flat=True)) == {"203.0.113.77"}
    assert Petition.objects.get(pk=petition.pk).signature_count == 0  # none confirmed: none counts


def test_one_email_signs_a_few_petitions_an_hour_at_most(make_petition, petitions_a, petition, plain_rendering):  # noqa: F811
    limit = SIGN_LIMITS["email"][0]
    petitions = [petition, *(make_petition(petitions_a, "open", title=f"عريضة رقم {n} للاختبار") for n in range(limit))]
    payloads = (payload(n, email="same@bot.example") for n in range(len(petitions)))
    statuses = {}
    for target, data in zip(petitions, payloads, strict=True):
        statuses[target.pk] = burst(robot(), petitions_a.route_path("sign", target.pk), [data], refusal=refusal())
    assert sum(s[302] for s in statuses.values()) == limit and sum(s[429] for s in statuses.values()) == 1
    assert Signature.objects.filter(email="same@bot.example").count() == limit


def test_a_filled_honeypot_stores_nothing(petition, petitions_a, plain_rendering):  # noqa: F811
    with translation.override("ar"):
        message = escape(translation.gettext("Your submission could not be accepted. Please try again."))
    payloads = (payload(n, website="http://spam.example") for n in range(100))
    statuses = burst(robot(), petitions_a.route_path("sign", petition.pk), payloads, refusal=message)
    assert statuses == {400: 100} and not Signature.objects.filter(petition=petition).exists()
