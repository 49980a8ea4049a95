"""E-mails of petitions (templates in templates/participation_petitions/email/).

To the agent: received, opened (or not), each step, threshold reached, filed
(with the receipt as PDF). To signatories: the confirmation link (with the
withdrawal link). To staff: a new petition to review, a filed petition for the
bureau, and reminders of the three-month deadline.
"""

from participation.core.notifications import NewRecordForStaff, Notification, StaffNotification, base_url, commune_name
from participation.core.staff_notifications import holders_of
from participation.core.verification import make_token

PREFIX = "participation_petitions/email/"


class _ToAgent(Notification):
    def context(self):
        context = super().context()
        page = self.record.page
        if page is not None:
            context["manage_url"] = base_url(self.record.site) + page.route_path("manage", self.record.access_token)
            if self.record.is_public:
                context["public_url"] = base_url(self.record.site) + page.route_path("detail", self.record.pk)
        return context


class Received(_ToAgent):
    """The reference and the private link; staff check the subject before it opens."""

    template_prefix = PREFIX + "received"


class Opened(_ToAgent):
    template_prefix = PREFIX + "opened"


class Withdrawn(_ToAgent):
    template_prefix = PREFIX + "withdrawn"


class StatusChanged(_ToAgent):
    """Each later step; an inadmissible petition's reasons are in the mail (art. 125)."""

    template_prefix = PREFIX + "status_changed"

    def context(self):
        from participation.petitions.views import ground_labels

        return super().context() | {"grounds": ground_labels(self.record)}


class ThresholdReached(_ToAgent):
    template_prefix = PREFIX + "threshold_reached"


class Filed(_ToAgent):
    """The receipt (وصل): in the mail and attached as PDF."""

    template_prefix = PREFIX + "filed"

    def build(self):
        message = super().build()
        if message is not None:
            from django.utils import translation

            from participation.petitions.receipt import receipt_pdf

            with translation.override(self.language()):
                message.attach(f"{self.record.reference}.pdf", receipt_pdf(self.record), "application/pdf")
        return message


class NewForStaff(NewRecordForStaff):
    """A petition to check before it opens."""

    template_prefix = PREFIX + "new_for_staff"


def bureau_recipients(petition) -> list[str]:
    """The bureau's address (petition settings) and the staff of the commune who may decide."""
    bureau = petition.petition_settings.bureau_email
    return list(dict.fromkeys(([bureau] if bureau else []) + holders_of("participation_petitions.decide_petition", petition)))


class FiledForBureau(StaffNotification):
    template_prefix = PREFIX + "filed_for_bureau"

    def recipients(self):
        return bureau_recipients(self.record)


class DeadlineReminder(StaffNotification):
    """Sent by `manage.py send_petition_reminders` (daily) before and after the deadline."""

    template_prefix = PREFIX + "deadline_reminder"

    def recipients(self):
        return bureau_recipients(self.record)

    def context(self):
        return super().context() | {"days_left": self.record.days_left()}


class ConfirmSignature(Notification):
    """To a signatory: the link that counts the signature (a button on the page it
    opens) and the one that withdraws it before filing."""

    template_prefix = PREFIX + "confirm_signature"

    def language(self):
        return self.record.language

    def context(self):
        petition = self.record.petition
        context = {
            "record": petition, "signature": self.record, "site": petition.site, "commune_name": commune_name(petition.site),
        }
        if petition.page is not None:
            root = base_url(petition.site)
            context["confirm_url"] = root + petition.page.route_path("confirm_signature", make_token("sign", self.record))
            context["withdraw_url"] = root + petition.page.route_path("withdraw_signature", make_token("withdraw", self.record))
            context["public_url"] = root + petition.page.route_path("detail", petition.pk)
        return context
