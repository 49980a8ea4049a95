"""The moderators' daily digest (deploy: jamaa-daily timer, `send_moderation_digest`).

Comments wait for a moderator before they are shown, and reported ones go back to the
queue: a comment left there is a citizen not heard. One e-mail a day to each moderator
(staff holding the moderate permission, for the communes they work for) lists what is
waiting, instead of one e-mail per comment (ARCHITECTURE.md §3)."""
import logging
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from participation.consultations.models import CommentState, SectionComment
from participation.core import scoping
from participation.core.notifications import Digest, DigestNotification, deliver
from participation.core.staff_notifications import staff_with

logger = logging.getLogger(__name__)

MODERATE = "participation_consultations.moderate_sectioncomment"
DIGEST = "participation.consultations.moderation.ModerationDigest"


class ModerationDigest(DigestNotification):
    template_prefix = "participation_consultations/email/moderation_digest"

    def context(self):
        comments = self.record.items
        reported = [c for c in comments if c.flag_count]
        queue = reverse(f"{SectionComment._meta.app_label}_sectioncomment:index")
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        return {
            "count": len(comments),
            "awaiting": [c for c in comments if not c.flag_count],
            "reported": reported,
            "queue_url": f"{base}{queue}?{urlencode({'state': CommentState.AWAITING})}",
            "reported_url": f"{base}{queue}?{urlencode({'state': CommentState.REPORTED})}",
        }


def queues() -> list[Digest]:
    """One queue per moderator with comments waiting in their communes (two queries and one per moderator's scope)."""
    waiting = list(
        SectionComment.objects.filter(CommentState.TO_MODERATE).select_related("consultation").order_by("submit_date", "pk")
    )
    if not waiting:
        return []
    result = []
    for user in staff_with(MODERATE):
        site_ids = scoping.site_ids_for_user(user)
        mine = [c for c in waiting if site_ids is None or c.commune_id in site_ids]
        if mine:
            result.append(Digest.for_user(user, mine))
    return result


def send_digests(*, dry_run: bool = False) -> list[Digest]:
    """Send each moderator their digest; one failure is logged and does not stop the others."""
    due = queues()
    if dry_run:
        return due
    for queue in due:
        try:
            queue.sent = deliver(DIGEST, queue)
        except Exception:  # a mail server error must not stop the other moderators' digests
            logger.exception("moderation digest of %d comment(s) failed", len(queue.items))
    return due
