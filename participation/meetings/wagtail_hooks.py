"""Wiring only: the commune-scoped permission policy and the log actions of meetings."""
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from participation.core.viewsets import register_scoped_policy
from participation.meetings.models import Registration

register_scoped_policy(Registration)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("participation.registrations_exported", _("Registration list exported"),
                            _("Registration list exported"))

