"""Wiring only: the commune-scoped permission policies and the log actions of consultations."""
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from participation.consultations.models import Response, SectionComment
from participation.core.viewsets import register_scoped_policy

register_scoped_policy(Response)
register_scoped_policy(SectionComment, "commune")


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("participation.answers_changed", _("Answers changed"), _("Answers changed"))
    actions.register_action("participation.comment_approved", _("Comment approved"), _("Comment approved"))
    actions.register_action("participation.comment_rejected", _("Comment rejected"), _("Comment rejected"))
    actions.register_action("participation.export_answers", _("Written answers exported"), _("Written answers exported"))
