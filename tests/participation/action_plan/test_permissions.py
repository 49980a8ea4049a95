"""The permission matrix of the action-plan admin: each demo group × each action × own commune /
other commune, plus the superuser and an anonymous visitor.

Roles (ActionPlanConfig.role_permissions): the participation officer keeps the plans (list, add,
edit, delete, update progress, import); the editor lists actions and updates their progress; the
information officer and the bureau have no access.

Outcomes:
- listed / unlisted: 200, the action is / is not in the listing;
- ok: 200, the form is shown;
- done: the change went through (redirect, the change is stored);
- denied: no permission — a redirect to the admin dashboard, the same for any commune;
- hidden: another commune's action: 404;
- refused: the other commune's plan is not offered: 400, nothing imported;
- login: anonymous, sent to the admin login.
Whenever the outcome is not listed/ok/done, nothing may have changed.
"""
import pytest
from django.urls import reverse

from participation.action_plan.models import Action, ActionUpdate
from tests.participation.action_plan.conftest import make_action, make_axis, make_plan
from tests.participation.action_plan.test_importer import ROWS, csv_file
from tests.participation.matrix import client_for, matrix_cases

MATRIX = """
action   editor          participation   information    bureau         admin          anonymous
list     listed/unlisted listed/unlisted denied/denied  denied/denied  listed/listed  login/login
edit     denied/denied   ok/hidden       denied/denied  denied/denied  ok/ok          login/login
update   done/hidden     done/hidden     denied/denied  denied/denied  done/done      login/login
import   denied/denied   done/refused    denied/denied  denied/denied  done/done      login/login
delete   denied/denied   done/hidden     denied/denied  denied/denied  done/done      login/login
"""
NS = "participation_action_plan_action"


def _act(client, action, record, plan):
    if action == "list":
        return client.get(reverse(f"{NS}:index"), {"q": "مصفوفة"})
    if action == "edit":
        return client.get(reverse(f"{NS}:edit", args=[record.pk]))
    if action == "update":
        return client.post(reverse(f"{NS}:update", args=[record.pk]), {"status": "in_progress", "progress": "20"})
    if action == "import":
        return client.post(reverse(f"{NS}:import"), {"plan": plan.pk, "file": csv_file(ROWS)})
    return client.post(reverse(f"{NS}:delete", args=[record.pk]))


def _state(record, plan):
    return (Action.objects.filter(pk=record.pk).values_list("status", "progress").first(),
            ActionUpdate.objects.filter(action_id=record.pk).count(), Action.objects.filter(plan=plan).count())


@pytest.mark.parametrize(("username", "action", "which", "expected"), list(matrix_cases(MATRIX)))
def test_permission_matrix(username, action, which, expected, demo):
    own, other = (demo.site_b, demo.site_a) if username.startswith("b_") else (demo.site_a, demo.site_b)
    site = own if which == "own" else other
    plan = make_plan(site)
    record = make_action(make_axis(plan), title="نشاط مصفوفة الصلاحيات")
    before = _state(record, plan)
    response = _act(client_for(username), action, record, plan)

    if expected in ("listed", "unlisted"):
        assert response.status_code == 200
        assert (record.title in response.content.decode() and str(plan.title) in response.content.decode()) is (expected == "listed")
    elif expected == "ok":
        assert response.status_code == 200
    elif expected == "done":
        assert response.status_code == 302, response.content.decode()[:2000]
        after = _state(record, plan)
        if action == "update":
            assert after[0] == ("in_progress", 20) and after[1] == 1
        elif action == "import":
            assert after[2] == before[2] + 3
        else:
            assert after[0] is None
    else:
        if expected == "denied":
            assert response.status_code == 302
            assert response["Location"] == reverse("wagtailadmin_home")
        elif expected == "hidden":
            assert response.status_code == 404
        elif expected == "refused":
            assert response.status_code == 400
        elif expected == "login":
            assert response.status_code == 302 and reverse("wagtailadmin_login") in response["Location"]
        assert _state(record, plan) == before
