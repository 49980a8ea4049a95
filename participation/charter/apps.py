from django.utils.translation import gettext_lazy as _

from participation.core.apps import ParticipationAppConfig


class CharterConfig(ParticipationAppConfig):
    """The participation charter (ميثاق المشاركة المواطنة): its text and adoption history,
    online adhesion of associations and citizens, the public register of adherents, and the
    monitoring indicators followed by the joint monitoring cell."""

    name = "participation.charter"
    label = "participation_charter"
    verbose_name = _("Participation charter")

    page_models = ("CharterPage",)
    viewsets = "participation.charter.viewsets.viewsets"
    api_router = "participation.charter.api.router"
    personal_data = {
        "Adhesion": ("name", "email", "phone", "neighbourhood", "document", "submitted_ip"),
    }
    demo_seed = "participation.charter.seeds.seed"
    indicators = "participation.charter.indicators.INDICATORS"
    #: permissions given to the demo roles (site/base/demo/staff.py); the charter page itself is
    #: edited with the roles' page permissions (the participation officer drafts, the editor publishes)
    role_permissions = {
        "participation": (
            "view_adhesion", "validate_adhesion", "export_adhesion",
            "view_indicator", "add_indicator", "change_indicator", "delete_indicator",
        ),
        "editor": ("view_adhesion", "view_indicator"),
    }
