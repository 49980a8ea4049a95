"""E-mails of the charter (templates in templates/participation_charter/email/).

To the adherent: the confirmation link (a button on the page it opens), then the adhesion
received for validation (associations) or valid (citizens), each decision of the commune,
the withdrawal. To staff: a new adhesion (an association to validate, a citizen joined).
"""
from participation.core.notifications import NewRecordForStaff, Notification, base_url
from participation.core.verification import make_token

PREFIX = "participation_charter/email/"


class _ToAdherent(Notification):
    def context(self):
        context = super().context()
        page = self.record.page or self.record.charter
        if page is not None:
            root = base_url(self.record.site)
            context["private_url"] = root + page.route_path("adhesion", self.record.access_token)
            context["register_url"] = root + page.route_path("register")
        return context


class ConfirmEmail(_ToAdherent):
    """The link confirming the e-mail address; nothing happens before its button is pressed."""

    template_prefix = PREFIX + "confirm"

    def context(self):
        context = super().context()
        page = self.record.page or self.record.charter
        if page is not None:
            context["confirm_url"] = base_url(self.record.site) + page.route_path("confirm", make_token("adhesion", self.record))
        return context


class Received(_ToAdherent):
    template_prefix = PREFIX + "received"


class Welcome(_ToAdherent):
    template_prefix = PREFIX + "welcome"


class Validated(_ToAdherent):
    """Valid: the association appears in the register; its certificate is on its private page."""

    template_prefix = PREFIX + "validated"

    def context(self):
        context = super().context()
        page = self.record.page or self.record.charter
        if page is not None:
            context["certificate_url"] = base_url(self.record.site) + page.route_path("certificate", self.record.access_token)
        return context


class StatusChanged(_ToAdherent):
    """Rejected (with the reason) or information requested (with what is missing)."""

    template_prefix = PREFIX + "status_changed"


class Withdrawn(_ToAdherent):
    template_prefix = PREFIX + "withdrawn"


class NewForStaff(NewRecordForStaff):
    template_prefix = PREFIX + "new_for_staff"


class WithdrawnForStaff(NewRecordForStaff):
    """An adherent left the charter: the staff following adhesions are told (same recipients
    as a new adhesion)."""

    template_prefix = PREFIX + "withdrawn_for_staff"
