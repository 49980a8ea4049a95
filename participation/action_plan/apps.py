from django.utils.translation import gettext_lazy as _

from participation.core.apps import ParticipationAppConfig


class ActionPlanConfig(ParticipationAppConfig):
    """Action-plan monitoring (تتبع برنامج عمل الجماعة): the commune's action programme and its
    participation action plan, axes and actions with budget, dates, status, progress and
    indicators, public updates, and a public dashboard with open data.

    No personal data: actions are the commune's own records; the staff member who updates an
    action is kept in the Wagtail log only, never on public pages, exports or the API."""

    name = "participation.action_plan"
    label = "participation_action_plan"
    verbose_name = _("Action plan")

    page_models = ("ActionPlanPage",)
    viewsets = "participation.action_plan.viewsets.viewsets"
    api_router = "participation.action_plan.api.router"
    personal_data: dict[str, tuple[str, ...]] = {}  # noqa: RUF012 (read-only declaration)
    demo_seed = "participation.action_plan.seeds.seed"
    indicators = "participation.action_plan.indicators.INDICATORS"
    #: permissions given to the demo roles (site/base/demo/staff.py): the participation officer keeps
    #: the plans (import, actions, axes, indicators, updates); the editor follows them and may post
    #: updates; plan pages themselves are edited with the roles' page permissions
    role_permissions = {  # noqa: RUF012 (read-only declaration)
        "participation": (
            "view_action", "add_action", "change_action", "delete_action", "update_action", "import_action",
            "view_axis", "add_axis", "change_axis", "delete_axis",
            "view_actionindicator", "add_actionindicator", "change_actionindicator", "delete_actionindicator",
        ),
        "editor": ("view_action", "update_action", "view_axis", "view_actionindicator"),
    }
