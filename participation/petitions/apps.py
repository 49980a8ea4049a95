from django.utils.translation import gettext_lazy as _

from participation.core.apps import ParticipationAppConfig


class PetitionsConfig(ParticipationAppConfig):
    """Petitions (العرائض) under organic law 113.14, arts. 121–125."""

    name = "participation.petitions"
    label = "participation_petitions"
    verbose_name = _("Petitions")

    page_models = ("PetitionIndexPage",)
    viewsets = "participation.petitions.viewsets.viewsets"
    api_router = "participation.petitions.api.router"
    personal_data = {
        "Petition": (
            "name", "email", "phone", "agent_cin", "agent_address", "submitted_ip",
            "association_statutes", "association_deposit_receipt", "association_mandate", "association_seat_proof", "scan",
        ),
        "Signature": ("name", "cin", "address", "activity", "email", "submitted_ip"),
    }
    demo_seed = "participation.petitions.seeds.seed"
    indicators = "participation.petitions.indicators.INDICATORS"
    cleanup_targets = "participation.petitions.cleanup.TARGETS"
    #: permissions given to the demo roles (site/base/demo/staff.py)
    role_permissions = {
        "participation": ("view_petition", "review_petition", "record_paper_petition", "export_petition"),
        "bureau": (
            "view_petition", "review_petition", "decide_petition", "record_paper_petition", "verify_signatures",
            "export_signatures", "export_petition", "view_signature", "cleanup_signatures",
        ),
        "editor": ("view_petition",),
    }
    #: permissions on the commune's own settings (Wagtail site permissions)
    role_site_permissions = {"bureau": ("change_petitionsettings",)}
