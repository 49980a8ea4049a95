from django.utils.translation import gettext_lazy as _

from participation.core.apps import ParticipationAppConfig


class ConsultationsConfig(ParticipationAppConfig):
    """Digital consultations (التشاور الرقمي): a draft put to the public (organic law 113.14,
    art. 119), questions answered once per verified e-mail, comments on each section of the
    draft (django-comments-xtd's threaded model, moderated), results and a final report."""

    name = "participation.consultations"
    label = "participation_consultations"
    verbose_name = _("Consultations")

    page_models = ("ConsultationIndexPage", "ConsultationPage")
    viewsets = "participation.consultations.viewsets.viewsets"
    api_router = "participation.consultations.api.router"
    personal_data = {
        "Response": ("email", "association_name", "submitted_ip"),
        "SectionComment": ("user_name", "user_email", "ip_address"),
    }
    demo_seed = "participation.consultations.seeds.seed"
    indicators = "participation.consultations.indicators.INDICATORS"
    cleanup_targets = "participation.consultations.cleanup.TARGETS"
    #: permissions given to the demo roles (site/base/demo/staff.py)
    role_permissions = {
        "participation": (
            "view_response", "export_response", "view_sectioncomment", "moderate_sectioncomment", "cleanup_sectioncomment",
        ),
        "editor": ("view_response", "view_sectioncomment"),
    }
