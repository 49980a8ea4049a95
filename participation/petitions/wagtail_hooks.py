"""Wiring only: the commune-scoped permission policies and the log actions of petitions."""
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from participation.core.viewsets import register_scoped_policy
from participation.petitions.models import Petition

register_scoped_policy(Petition)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("participation.petition_edited", _("Petition corrected by its agent"), _("Petition corrected by its agent"))
    actions.register_action("participation.signature_withdrawn", _("Signature withdrawn"), _("Signature withdrawn"))
    actions.register_action("participation.signature_invalidated", _("Signature marked invalid"), _("Signature marked invalid"))
    actions.register_action("participation.signature_restored", _("Signature counted again"), _("Signature counted again"))
    actions.register_action("participation.signatures_exported", _("Signatures exported"), _("Signatures exported"))
