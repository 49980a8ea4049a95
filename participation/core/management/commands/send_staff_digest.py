"""Daily digest of new submissions for the staff who chose it (deploy: jamaa-daily timer)."""
from datetime import timedelta

from django.core.mail import EmailMessage
from django.core.management.base import BaseCommand
from django.utils import timezone, translation

from participation.core.apps import submission_models
from participation.core.models import NotificationFrequency, StaffNotificationPreference
from participation.core.notifications import render_plain_text
from participation.core.staff_notifications import digest_for


class Command(BaseCommand):
    help = "E-mail each staff member who chose the daily digest the submissions received since their last one."

    def handle(self, *args, **options):
        now = timezone.now()
        models = submission_models()
        sent = 0
        preferences = StaffNotificationPreference.objects.filter(
            frequency=NotificationFrequency.DAILY, user__is_active=True
        ).select_related("user", "user__wagtail_userprofile")
        for preference in preferences:
            user = preference.user
            since = preference.last_digest_at or now - timedelta(days=1)
            records = digest_for(user, since, models)
            if records and user.email:
                profile = getattr(user, "wagtail_userprofile", None)
                with translation.override(getattr(profile, "preferred_language", "") or "ar"):
                    context = {"user": user, "records": records, "since": since}
                    subject = " ".join(render_plain_text("participation_core/email/digest_subject.txt", context).split())
                    body = render_plain_text("participation_core/email/digest.txt", context)
                EmailMessage(subject=subject, body=body, to=[user.email]).send()
                sent += 1
            preference.last_digest_at = now
            preference.save(update_fields=["last_digest_at"])
        if options["verbosity"]:
            self.stdout.write(f"{sent} digest(s) sent")
