from django.utils.translation import gettext_lazy as _

from participation.core.apps import ParticipationAppConfig


class InformationConfig(ParticipationAppConfig):
    """Access to information (الحق في الحصول على المعلومات) under law 31.13."""

    name = "participation.information"
    label = "participation_information"
    verbose_name = _("Access to information")

    page_models = ("InformationRequestPage",)
    viewsets = "participation.information.viewsets.viewsets"
    api_router = "participation.information.api.router"
    personal_data = {
        "InformationRequest": ("name", "email", "phone", "address", "id_number", "submitted_ip"),
    }
    demo_seed = "participation.information.seeds.seed"
    indicators = "participation.information.indicators.INDICATORS"
    #: permissions given to the demo roles (site/base/demo/staff.py)
    role_permissions = {
        "information": (
            "view_informationrequest", "handle_informationrequest", "record_paper_request", "export_informationrequest",
            "participation_core.view_holidayoverride", "participation_core.add_holidayoverride",
            "participation_core.change_holidayoverride", "participation_core.view_closureday",
            "participation_core.add_closureday", "participation_core.change_closureday",
        ),
        "bureau": ("view_informationrequest", "answer_complaint"),
    }
    role_site_permissions = {"information": ("change_informationsettings",)}
