"""What the petitions' staff may clean up in bulk when spam got through
(participation.core.cleanup): signatures, invalidated one by one by the service, so that
each petition's count goes down by the signatures that counted."""
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participation.core.cleanup import CleanupTarget

#: the reason kept on each signature invalidated in bulk
SPAM_REASON = "spam"


def invalidate_as_spam(signature, user) -> bool:
    from participation.petitions import services

    invalidated = services.invalidate_signature(signature, SPAM_REASON, user)
    return invalidated.invalid_reason == SPAM_REASON and invalidated.invalidated_by_id == user.pk


TARGETS = [
    CleanupTarget(
        key="petitions.signatures",
        label=_("Petition signatures"),
        model="participation_petitions.Signature",
        permission="participation_petitions.cleanup_signatures",
        invalidate=invalidate_as_spam,
        pending=Q(invalid_reason=""),
        site_field="petition__site",
        parent_field="petition",
    ),
]
