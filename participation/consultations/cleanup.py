"""What the consultations' staff may clean up in bulk when spam got through
(participation.core.cleanup): confirmed comments not rejected yet, rejected as a moderator
would (never shown again). Unconfirmed ones are never shown and expire on their own."""
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participation.core.cleanup import CleanupTarget


def reject_as_spam(comment, user) -> bool:
    from participation.consultations import services

    services.reject_comment(comment, user)
    return True


TARGETS = [
    CleanupTarget(
        key="consultations.comments",
        label=_("Comments on consultations"),
        model="participation_consultations.SectionComment",
        permission="participation_consultations.cleanup_sectioncomment",
        invalidate=reject_as_spam,
        pending=Q(is_removed=False, email_confirmed_at__isnull=False),
        site_field="commune",
        ip_field="ip_address",
        email_field="user_email",
        date_field="submit_date",
    ),
]
