"""Wiring only: the commune-scoped permission policies and the log actions of the charter."""
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from participation.charter.models import Adhesion, Indicator
from participation.core.viewsets import register_scoped_policy

register_scoped_policy(Adhesion)
register_scoped_policy(Indicator)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("participation.adhesions_exported", _("Adherents exported"), _("Adherents exported"))
    actions.register_action("participation.adhesion_completed", _("Adhesion file completed"), _("Adhesion file completed"))
