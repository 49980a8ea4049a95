"""E-mails of requests for information (templates in templates/participation_information/email/).

To the requester: received (reference, expected answer date, private link), each
step (clarification asked, extension with its reason, answer, refusal with its
grounds, transfer, complaint answered), and staff messages. To staff: a new
request, a clarification received, a message, a complaint (the head), and
deadline reminders (sent by `manage.py send_information_reminders`).
"""
from participation.core.commune import commune_settings
from participation.core.notifications import NewRecordForStaff, Notification, StaffNotification, base_url
from participation.core.staff_notifications import holders_of

PREFIX = "participation_information/email/"


def followup_url(request) -> str:
    page = request.page
    return base_url(request.site) + page.route_path("followup", request.access_token) if page is not None else ""


class _ToRequester(Notification):
    def context(self):
        return super().context() | {"followup_url": followup_url(self.record)}


class Received(_ToRequester):
    """The reference, the expected answer date and the private link."""

    template_prefix = PREFIX + "received"


class StatusChanged(_ToRequester):
    template_prefix = PREFIX + "status_changed"

    def context(self):
        from participation.information.views import ground_labels

        return super().context() | {"grounds": ground_labels(self.record)}


class NewForStaff(NewRecordForStaff):
    template_prefix = PREFIX + "new_for_staff"


def officers(record) -> list[str]:
    """The commune's information officer (its settings) and the staff who handle requests."""
    settings = commune_settings(record.site)
    officer = getattr(settings, "information_officer_email", "") if settings else ""
    return list(dict.fromkeys(([officer] if officer else []) + holders_of("participation_information.handle_informationrequest", record)))


class ClarifiedForStaff(StaffNotification):
    template_prefix = PREFIX + "clarified_for_staff"

    def recipients(self):
        return officers(self.record)


class ComplaintForHead(StaffNotification):
    template_prefix = PREFIX + "complaint_for_head"

    def recipients(self):
        return list(dict.fromkeys(holders_of("participation_information.answer_complaint", self.record) + officers(self.record)))


class DeadlineReminder(StaffNotification):
    template_prefix = PREFIX + "deadline_reminder"

    def recipients(self):
        return officers(self.record)

    def context(self):
        return super().context() | {"days_left": self.record.days_left()}


class _AboutMessage(Notification):
    """The record of a message notification is the message; its request gives the rest."""

    def context(self):
        request = self.record.request
        return {
            "record": request, "message": self.record, "site": request.site, "base_url": base_url(request.site),
            "followup_url": followup_url(request),
        }


class MessageForStaff(_AboutMessage):
    template_prefix = PREFIX + "message_for_staff"
    to_citizen = False

    def recipients(self):
        return officers(self.record.request)

    def context(self):
        from participation.core.notifications import admin_url

        return super().context() | {"admin_url": admin_url(self.record.request)}


class MessageForRequester(_AboutMessage):
    template_prefix = PREFIX + "message_for_requester"

    def recipients(self):
        request = self.record.request
        return [request.email] if request.email and not request.erased_at else []

    def language(self):
        return self.record.request.language
