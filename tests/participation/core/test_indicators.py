"""The figures plugins compute for the charter's monitoring (core.indicators): found by key
through the plugin registry, computed per commune and year from real records."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from participation.core.indicators import PERCENT, computed_indicators, indicator_choices, share
from participation.information.models import InformationRequest
from participation.information.overview import yearly_overview
from participation.petitions.models import Petition
from participation.suggestions.models import Suggestion
from tests.participation.consultations.conftest import make_consultation
from tests.participation.core.test_api import make_category, make_suggestion
from tests.participation.meetings.conftest import index_of, make_meeting

pytestmark = pytest.mark.django_db

YEAR = 2019  # before anything in the demo


def _days_to(day: datetime.date) -> int:
    return (day - timezone.localdate()).days


def value(key, site, year=YEAR):
    return computed_indicators()[key].value(site, year)


def test_every_installed_plugin_offers_its_figures():
    keys = set(computed_indicators())
    assert {"suggestions.answered_within_30_days", "petitions.received", "information.answered_in_time",
            "consultations.held", "meetings.women_share"} <= keys
    assert [key for key, _label in indicator_choices()] == list(computed_indicators())


def test_share_of_nothing_is_unknown_not_zero():
    assert share(0, 0) is None
    assert share(1, 3).quantize(Decimal("0.01")) == Decimal("33.33")


def test_suggestions_answered_within_30_days(demo):
    category = make_category(demo.site_a)
    received = timezone.make_aware(datetime.datetime(YEAR, 3, 1, 10))
    for days in (3, 30, 31, None):
        suggestion = make_suggestion(demo.site_a, category, status="answered" if days else "received")
        Suggestion.objects.filter(pk=suggestion.pk).update(
            created_at=received, first_answered_at=received + datetime.timedelta(days=days) if days else None)
    spam = make_suggestion(demo.site_a, category, status="rejected")
    Suggestion.objects.filter(pk=spam.pk).update(created_at=received)

    assert value("suggestions.answered_within_30_days", demo.site_a) == Decimal("50.0")  # 2 of 4, spam left out
    assert value("suggestions.answered_within_30_days", demo.site_b) is None  # nothing received there
    assert computed_indicators()["suggestions.answered_within_30_days"].unit == PERCENT


def test_petitions_received_counts_the_filed_ones_of_the_year(demo):
    petitions = list(Petition.objects.filter(site=demo.site_a)[:3])
    Petition.objects.filter(pk__in=[p.pk for p in petitions[:2]]).update(filed_on=datetime.date(YEAR, 5, 2))
    Petition.objects.filter(pk=petitions[2].pk).update(filed_on=datetime.date(YEAR + 1, 1, 1))
    assert value("petitions.received", demo.site_a) == 2
    assert value("petitions.received", demo.site_b) == 0


def test_consultations_held_count_the_ones_opened_that_year(demo):
    make_consultation(demo.site_a, opens_in=_days_to(datetime.date(YEAR, 4, 1)), closes_in=_days_to(datetime.date(YEAR, 5, 1)))
    make_consultation(demo.site_a, opens_in=_days_to(datetime.date(YEAR, 12, 1)), closes_in=_days_to(datetime.date(YEAR + 1, 1, 5)))
    assert value("consultations.held", demo.site_a) == 2
    assert value("consultations.held", demo.site_a, YEAR + 1) == 0
    assert value("consultations.held", demo.site_b) == 0


def test_share_of_women_among_meeting_participants(demo):
    index = index_of(demo.site_a)
    held = _days_to(datetime.date(YEAR, 6, 1))
    make_meeting(index, days=held, attendance_total=40, attendance_women=12, attendance_men=28)
    make_meeting(index, days=held + 30, attendance_total=20, attendance_women=13, attendance_men=7)
    make_meeting(index, days=held + 60)  # no attendance recorded: left out
    assert value("meetings.women_share", demo.site_a) == Decimal("41.7")  # 25 of 60
    assert value("meetings.women_share", demo.site_b) is None


def test_requests_answered_in_time_follow_the_yearly_overview(demo):
    year = timezone.localdate().year
    figures = yearly_overview(InformationRequest.objects.filter(site=demo.site_a), year, timezone.localdate())
    assert figures["responded"] > 0  # the demo answers some
    expected = (Decimal(100) * figures["in_time"] / figures["responded"]).quantize(Decimal("0.1"))
    assert value("information.answered_in_time", demo.site_a, year) == expected
    assert value("information.answered_in_time", demo.site_a) is None
