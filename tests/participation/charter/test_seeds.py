"""The demo: commune A's charter with its parts, adoption history, cell, indicators and
adherents; commune B's smaller one; and loading the demo again creates nothing."""
from django.core.management import call_command

from participation.charter import seeds
from participation.charter.models import Adhesion, AdoptionStep, CellMember, CharterPage, Indicator, IndicatorValue


def _counts():
    return [model.objects.count() for model in (CharterPage, Adhesion, AdoptionStep, CellMember, Indicator, IndicatorValue)]


def test_the_demo_charter(charter_a, charter_b, demo):
    assert charter_a.adopted_on is not None
    kinds = [step.kind for step in charter_a.adoption_steps.all()]
    assert kinds == ["draft", "consultation", "approval"]
    approval = charter_a.adoption_steps.get(kind="approval")
    assert approval.deliberation_number
    assert charter_a.adoption_steps.get(kind="consultation").linked_page.slug == "charter-consultation"
    assert len(charter_a.commitments_of("citizens")) == 6 and len(charter_a.commitments_of("associations")) == 4
    assert charter_a.cell_members.count() >= 4
    adhesions = Adhesion.objects.filter(charter=charter_a)
    assert adhesions.filter(kind="association", status="valid").count() >= 3
    assert adhesions.filter(kind="association", status="pending").count() == 1
    assert adhesions.filter(kind="citizen", show_name=True).exists() and adhesions.filter(kind="citizen", show_name=False).exists()
    indicators = Indicator.objects.filter(site=demo.site_a)
    assert indicators.filter(computed="").count() >= 3 and indicators.exclude(computed="").count() >= 3
    assert set(IndicatorValue.objects.filter(indicator__site=demo.site_a).values_list("period", flat=True)) == {2024, 2025, 2026}
    assert len(list(charter_b.body)) < len(list(charter_a.body))
    fr = charter_a.get_translation_or_none(charter_a.locale.__class__.objects.get(language_code="fr"))
    assert fr is not None and fr.title == seeds.TEXTS_A["fr"]["title"] and fr.adoption_steps.count() == 3


def test_loading_the_demo_twice_creates_nothing(demo):
    before = _counts()
    call_command("load_demo", verbosity=0)
    assert _counts() == before
