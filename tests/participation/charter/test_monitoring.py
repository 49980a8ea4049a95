"""Charter monitoring: indicators with values entered by hand, or computed from the plugins'
records through the core contract (participation.core.indicators) — including the charter's
own "adherents" —, a computed key whose plugin is not installed ("not available", never a
500), the public page's query count flat as indicators and values grow, and the API."""
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participation.charter import services
from participation.charter.indicators import adherents, monitoring, years_shown
from participation.charter.models import Indicator, IndicatorValue
from participation.core.indicators import computed_indicators
from tests.participation.charter.conftest import citizen_data
from tests.participation.charter.helpers import html, path_of, reload

YEAR = timezone.localdate().year


def trend_of(charter, site, name):
    return next(t for t in monitoring(site, charter.adopted_on) if t.indicator.name == name)


def test_the_charter_declares_its_figure():
    assert "charter.adherents" in computed_indicators()


def test_manual_values_are_shown_with_their_source(charter_b, client_b, demo):
    indicator = Indicator.objects.create(site=demo.site_b, name="لقاءات الأحياء", unit="لقاء", baseline=Decimal(1),
                                         target=Decimal(10))
    IndicatorValue.objects.create(indicator=indicator, period=2025, value=Decimal(4), source="سجل المصلحة")
    IndicatorValue.objects.create(indicator=indicator, period=2024, value=Decimal(2), source="سجل قديم")
    response = client_b.get(path_of(charter_b, "monitoring/"))
    assert response.status_code == 200
    text = html(response)
    assert "لقاءات الأحياء" in text and "سجل المصلحة" in text and "<caption" in text
    trend = next(t for t in response.context["trends"] if t.indicator.pk == indicator.pk)
    assert [(p.period, p.value) for p in trend.points] == [(2024, Decimal(2)), (2025, Decimal(4))]
    assert trend.points[1].percent == 40  # the target is the bar's full length


def test_adherents_are_computed_at_year_end(charter_a, demo):
    before = adherents(demo.site_a, YEAR)
    adhesion = services.join(charter_a, "citizen", citizen_data())
    assert adherents(demo.site_a, YEAR) == before  # not confirmed yet
    services.confirm(adhesion)
    assert adherents(demo.site_a, YEAR) == before + 1
    assert adherents(demo.site_a, YEAR - 1) <= before  # not valid at the end of last year
    services.withdraw(reload(adhesion))
    assert adherents(demo.site_a, YEAR) == before


def test_computed_values_come_from_the_other_plugins_records(charter_b, client_b, demo, superuser):
    """A petition handed in and a meeting with attendance in commune B show in its figures."""
    from participation.meetings.models import MeetingIndexPage
    from participation.petitions import services as petitions
    from participation.petitions.models import PetitionIndexPage
    from tests.participation.meetings.conftest import make_meeting
    from tests.participation.petitions.conftest import petition_data

    site = demo.site_b
    for key, name in (("petitions.received", "العرائض"), ("meetings.women_share", "النساء"), ("charter.adherents", "المنخرطون")):
        Indicator.objects.get_or_create(site=site, name=name, defaults={"computed": key})
    before = trend_of(charter_b, site, "العرائض").points[-1].value or Decimal(0)

    petitions_page = PetitionIndexPage.objects.descendant_of(site.root_page).first()
    petitions.record_paper_petition(site, petition_data(page=petitions_page, paper_signature_count=120,
                                                        filed_on=timezone.localdate(), email="paper.b@example.ma"),
                                    superuser)
    index = MeetingIndexPage.objects.descendant_of(site.root_page).filter(locale=site.root_page.locale).first()
    start_days = 0 if timezone.localdate().timetuple().tm_yday < 3 else -1
    meeting = make_meeting(index, days=start_days, attendance_total=4, attendance_women=3, attendance_men=1)
    assert meeting.start.year == YEAR

    response = client_b.get(path_of(charter_b, "monitoring/"))
    assert response.status_code == 200
    trends = {t.indicator.name: t for t in response.context["trends"]}
    assert trends["العرائض"].points[-1] .value == before + 1
    assert trends["النساء"].points[-1].value == Decimal("75.0")
    assert trends["العرائض"].points[-1].period == YEAR


def test_a_figure_of_a_plugin_not_installed_is_not_available(charter_a, client_a, demo):
    Indicator.objects.create(site=demo.site_a, name="مؤشر من إضافة غائبة", computed="budget.participatory_share")
    response = client_a.get(path_of(charter_a, "monitoring/"))
    assert response.status_code == 200
    trend = next(t for t in response.context["trends"] if t.indicator.name == "مؤشر من إضافة غائبة")
    assert not trend.available and trend.points == []
    api = client_a.get("/api/v1/charter/indicators").json()
    assert next(i for i in api if i["name"] == "مؤشر من إضافة غائبة")["available"] is False


def test_years_from_the_adoption_to_this_year():
    assert years_shown(datetime.date(YEAR - 2, 2, 10)) == [YEAR - 2, YEAR - 1, YEAR]
    assert years_shown(None) == [YEAR]
    assert years_shown(datetime.date(YEAR + 1, 1, 1)) == [YEAR]
    assert len(years_shown(datetime.date(1990, 1, 1))) == 15


def _add_indicators(site, count, values_each):
    for n in range(count):
        indicator = Indicator.objects.create(site=site, name=f"مؤشر {n}-{Indicator.objects.count()}", unit="%")
        IndicatorValue.objects.bulk_create(
            IndicatorValue(indicator=indicator, period=2000 + year, value=Decimal(year), source="s") for year in range(values_each)
        )


def test_the_monitoring_page_costs_the_same_queries_as_indicators_grow(charter_b, client_b, demo):
    path = path_of(charter_b, "monitoring/")
    _add_indicators(demo.site_b, 2, 2)
    client_b.get(path)  # warm the per-request caches (site root paths, locales)
    with CaptureQueriesContext(connection) as few:
        assert client_b.get(path).status_code == 200
    _add_indicators(demo.site_b, 25, 12)
    with CaptureQueriesContext(connection) as many:
        response = client_b.get(path)
    assert response.status_code == 200 and len(response.context["trends"]) >= 27
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_the_api_lists_indicators_with_values(client_a, demo):
    indicator = Indicator.objects.create(site=demo.site_a, name="مؤشر للواجهة", unit="%", target=Decimal(50))
    IndicatorValue.objects.create(indicator=indicator, period=2025, value=Decimal("12.5"), source="مصدر")
    items = client_a.get("/api/v1/charter/indicators").json()
    item = next(i for i in items if i["name"] == "مؤشر للواجهة")
    assert item["values"] == [{"year": 2025, "value": "12.5", "source": "مصدر"}] or item["values"][0]["year"] == 2025
    assert item["computed"] == "" and item["available"] is True


@pytest.mark.parametrize("key", ["", "charter.adherents"])
def test_the_staff_form_offers_only_installed_figures(key, demo, superuser):
    from participation.charter.viewsets import IndicatorForm

    form_class = type("F", (IndicatorForm,), {"Meta": type("Meta", (), {"model": Indicator, "fields": ["site", "name", "computed"]})})
    form = form_class({"site": demo.site_a.pk, "name": "x", "computed": key}, for_user=superuser)
    assert form.is_valid(), form.errors
    form = form_class({"site": demo.site_a.pk, "name": "x", "computed": "nothing.such"}, for_user=superuser)
    assert not form.is_valid() and "computed" in form.errors
