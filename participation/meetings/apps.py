from django.utils.translation import gettext_lazy as _

from participation.core.apps import ParticipationAppConfig


class MeetingsConfig(ParticipationAppConfig):
    """Citizen meetings (اللقاءات المواطنة): public consultative meetings, workshops, neighbourhood
    meetings, youth councils and open council sessions, with registration, a waiting list, calendar
    files, reminders, and afterwards minutes, attendance by gender and outcomes."""

    name = "participation.meetings"
    label = "participation_meetings"
    verbose_name = _("Citizen meetings")

    page_models = ("MeetingIndexPage", "MeetingPage")
    viewsets = "participation.meetings.viewsets.viewsets"
    api_router = "participation.meetings.api.router"
    personal_data = {
        "Registration": ("name", "email", "phone", "gender", "association", "submitted_ip"),
    }
    demo_seed = "participation.meetings.seeds.seed"
    indicators = "participation.meetings.indicators.INDICATORS"
    #: permissions given to the demo roles (site/base/demo/staff.py); meeting pages themselves are
    #: edited with the roles' page permissions (the participation officer drafts, the editor publishes)
    role_permissions = {
        "participation": ("view_registration", "manage_registration", "export_registration"),
        "editor": ("view_registration",),
    }

    def ready(self):
        from wagtail.signals import page_published

        from participation.meetings.models import MeetingPage

        page_published.connect(_fill_free_places, sender=MeetingPage, dispatch_uid="participation_meetings_fill_free_places")


def _fill_free_places(sender, instance, **kwargs):
    """A meeting published with more places (or its first places): the waiting list moves up,
    whoever published it (the editor, a scheduled publication, a script)."""
    from participation.meetings import services

    services.fill_free_places(instance)
