"""Wiring only: the log actions of the action plans (the commune-scoped permission policies are
registered by the viewsets, participation.core.viewsets.ScopedViewSetMixin)."""
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from participation.action_plan.services import LOG_IMPORT, LOG_NOTE, LOG_UPDATE


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(LOG_UPDATE, _("Action updated (status, progress or budget)"), _("Action updated"))
    actions.register_action(LOG_NOTE, _("News added to an action"), _("News added"))
    actions.register_action(LOG_IMPORT, _("Imported from a spreadsheet"), _("Imported from a spreadsheet"))
