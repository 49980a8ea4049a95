"""The demo: commune A's participation action plan 2024–2025 with the seeds' six axes and its
action programme, commune B's small programme, French pages; loading twice duplicates nothing."""
import pytest
from django.contrib.auth.models import Group
from wagtail.models import Locale, ModelLogEntry

from participation.action_plan import seeds
from participation.action_plan.models import Action, ActionPlanPage, ActionUpdate, Axis

pytestmark = pytest.mark.django_db


def _plans(site):
    return ActionPlanPage.objects.descendant_of(site.root_page).filter(locale=site.root_page.locale)


def test_the_demo_communes_have_their_plans(demo):
    plans = {p.slug: p for p in _plans(demo.site_a)}
    assert set(plans) == {"participation-action-plan", "action-programme"}
    participation = plans["participation-action-plan"]
    assert (participation.first_year, participation.last_year, participation.kind) == (2024, 2025, "participation")
    assert list(Axis.objects.filter(plan=participation).values_list("code", flat=True)) == ["A1", "A2", "A3", "A4", "A5", "A6"]
    assert Action.objects.filter(plan=participation).count() >= 12
    assert Action.objects.filter(plan=plans["action-programme"]).count() >= 10
    assert ActionUpdate.objects.filter(action__plan=participation).count() >= 12
    statuses = set(Action.objects.filter(site=demo.site_a).values_list("status", flat=True))
    assert statuses == {"planned", "in_progress", "completed", "delayed", "cancelled"}
    assert Action.objects.filter(site=demo.site_a, links__isnull=False).exists()
    assert Action.objects.filter(site=demo.site_a, indicators__isnull=False).exists()
    french = participation.get_translation(Locale.objects.get(language_code="fr"))
    assert french.title.startswith("Plan d'action") and french.live
    b_plans = list(_plans(demo.site_b))
    assert len(b_plans) == 1 and 2 <= Action.objects.filter(plan=b_plans[0]).count() <= 6
    assert not Action.objects.filter(plan__in=b_plans).exclude(site=demo.site_b).exists()


def test_loading_twice_creates_nothing(demo):
    counts = (ActionPlanPage.objects.count(), Axis.objects.count(), Action.objects.count(), ActionUpdate.objects.count(),
              ModelLogEntry.objects.count())
    for site in (demo.site_a, demo.site_b):
        assert seeds.seed(site, site.root_page.specific) == 0
    assert counts == (ActionPlanPage.objects.count(), Axis.objects.count(), Action.objects.count(),
                      ActionUpdate.objects.count(), ModelLogEntry.objects.count())


def test_the_demo_roles_have_their_permissions(demo):
    participation = Group.objects.get(name__startswith="مكلف بالمشاركة المواطنة", name__contains="عين")
    codenames = set(participation.permissions.filter(content_type__app_label="participation_action_plan")
                    .values_list("codename", flat=True))
    assert {"update_action", "import_action", "change_action", "add_axis"} <= codenames
