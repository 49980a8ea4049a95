"""E-mails of the suggestions box (templates in templates/participation_suggestions/email/)."""
from participation.core.notifications import NewRecordForStaff, Notification, StaffNotification, base_url, commune_name
from participation.core.verification import make_token

PREFIX = "participation_suggestions/email/"


class _ToCitizen(Notification):
    def context(self):
        context = super().context()
        page = self.record.page
        if page is not None:
            context["followup_url"] = base_url(self.record.site) + page.route_path("followup", self.record.access_token)
        return context


class Received(_ToCitizen):
    """Receipt with the reference and the private follow-up link."""

    template_prefix = PREFIX + "received"


class StatusChanged(_ToCitizen):
    template_prefix = PREFIX + "status_changed"


class NewForStaff(NewRecordForStaff):
    template_prefix = PREFIX + "new_for_staff"


class Forwarded(StaffNotification):
    template_prefix = PREFIX + "forwarded"

    def recipients(self):
        department = self.record.department
        return [department.email] if department and department.email else []


class ConfirmSupport(Notification):
    """Sent to a supporter: the link opens a page whose button confirms."""

    template_prefix = PREFIX + "confirm_support"

    def language(self):
        return self.record.language

    def context(self):
        suggestion = self.record.suggestion
        context = {"record": suggestion, "site": suggestion.site, "support": self.record, "commune_name": commune_name(suggestion.site)}
        if suggestion.page is not None:
            token = make_token("support", self.record)
            context["confirm_url"] = base_url(suggestion.site) + suggestion.page.route_path("confirm_support", token)
        return context
