"""The staff's screens: the charter page in the page editor, the indicators (with their
values per year, scoped to the staff member's commune, the computed figure chosen among the
installed plugins'), the adhesions' listing filters and inspect view."""
from django.urls import reverse

from participation.charter import services
from participation.charter.models import Indicator
from tests.participation.charter.conftest import association_data
from tests.participation.matrix import client_for

INDICATORS = "participation_charter_indicator"


def _indicator_post(site, name, computed="", values=()):
    data = {"site": site.pk, "name": name, "definition": "", "unit": "%", "baseline": "", "target": "50",
            "computed": computed, "sort_order": "0",
            "values-TOTAL_FORMS": str(len(values)), "values-INITIAL_FORMS": "0", "values-MIN_NUM_FORMS": "0",
            "values-MAX_NUM_FORMS": "1000"}
    for i, (period, value, source) in enumerate(values):
        data |= {f"values-{i}-period": period, f"values-{i}-value": value, f"values-{i}-source": source,
                 f"values-{i}-ORDER": str(i + 1), f"values-{i}-id": "", f"values-{i}-DELETE": ""}
    return data


def test_the_charter_page_editor_opens(charter_a, superuser):
    from django.test import Client

    client = Client()
    client.force_login(superuser)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[charter_a.pk]))
    assert response.status_code == 200
    assert "adoption_steps" in response.content.decode() and "cell_members" in response.content.decode()


def test_an_officer_defines_an_indicator_with_values(demo):
    client = client_for("a_participation")
    assert client.get(reverse(f"{INDICATORS}:add")).status_code == 200
    response = client.post(reverse(f"{INDICATORS}:add"), _indicator_post(
        demo.site_a, "مؤشر من الإدارة", values=[("2025", "12.5", "سجل"), ("2026", "20", "سجل")]))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    indicator = Indicator.objects.get(name="مؤشر من الإدارة")
    assert indicator.site == demo.site_a
    assert [(v.period, str(v.value)) for v in indicator.values.order_by("period")] == [(2025, "12.5"), (2026, "20.0")]
    assert client.get(reverse(f"{INDICATORS}:edit", args=[indicator.pk])).status_code == 200


def test_indicator_form_refuses_an_unknown_figure_and_another_commune(demo):
    client = client_for("a_participation")
    response = client.post(reverse(f"{INDICATORS}:add"), _indicator_post(demo.site_a, "مؤشر خاطئ", computed="x.y"))
    assert response.status_code == 200 and "computed" in response.context["form"].errors
    response = client.post(reverse(f"{INDICATORS}:add"), _indicator_post(demo.site_b, "مؤشر لجماعة أخرى"))
    assert response.status_code == 200 and "site" in response.context["form"].errors
    response = client.post(reverse(f"{INDICATORS}:add"), _indicator_post(demo.site_a, "مؤشر محسوب",
                                                                         computed="charter.adherents"))
    assert response.status_code == 302 and Indicator.objects.get(name="مؤشر محسوب").computed == "charter.adherents"


def test_adhesion_listing_filters_and_inspect(charter_a):
    adhesion = services.join(charter_a, "association", association_data(association_name="جمعية للتصفية", activity="health"))
    services.confirm(adhesion)
    client = client_for("a_participation")
    index = reverse("participation_charter_adhesion:index")
    assert "جمعية للتصفية" in client.get(index, {"activity": "health", "kind": "association"}).content.decode()
    assert "جمعية للتصفية" not in client.get(index, {"kind": "citizen"}).content.decode()
    assert client.get(index, {"activity": "nonsense", "status": "??"}).status_code == 200
    assert "جمعية للتصفية" in client.get(index, {"q": adhesion.reference}).content.decode()
    page = client.get(reverse("participation_charter_adhesion:inspect", args=[adhesion.pk])).content.decode()
    assert adhesion.registration_number in page and "/validate/" in page and "/document/" in page
