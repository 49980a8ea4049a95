"""Wiring only: the commune-scoped permission policy and the log actions of requests for information."""
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from participation.core.viewsets import register_scoped_policy
from participation.information.models import InformationRequest

register_scoped_policy(InformationRequest)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("participation.recorded_on_paper", _("Recorded from paper or post"), _("Recorded from paper or post"))
    actions.register_action("participation.message", _("Message"), _("Message"))
    actions.register_action("participation.answer_file", _("Answer file added"), _("Answer file added"))
