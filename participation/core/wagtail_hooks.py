"""Wiring only: the admin menu group of the plugins and the log actions."""
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from participation.core.apps import plugins


class ParticipationGroup(ViewSetGroup):
    menu_label = _("Citizen participation")
    menu_icon = "group"
    menu_order = 150

    def __init__(self):
        # dict.fromkeys: a viewset several plugins list (the core's services) is registered once.
        self.items = list(dict.fromkeys(viewset for plugin in plugins() for viewset in plugin.get_viewsets()))
        super().__init__()


@hooks.register("register_admin_viewset")
def register_participation_viewsets():
    if any(plugin.get_viewsets() for plugin in plugins()):
        return ParticipationGroup()
    return []


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("participation.submit", _("Submitted by a citizen"), _("Submitted by a citizen"))
    actions.register_action("participation.transition", _("Status changed"), _("Status changed"))
    actions.register_action("participation.note", _("Internal note added"), _("Internal note added"))
