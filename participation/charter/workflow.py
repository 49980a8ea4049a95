"""Statuses and steps of an adhesion to the charter, enforced by participation.core.services.

An adhesion is stored "unverified" (services.join) until its e-mail link is confirmed. Then a
citizen's adhesion is valid at once, while an association's waits for staff, who validate it,
reject it with a reason, or ask for information (the association completes its file through its
private link and resubmits it). The adherent may withdraw at any time; an adhesion whose
e-mail was never confirmed expires, which frees its registration number and e-mail.
"""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.core.workflow import CITIZEN, SYSTEM, Transition, Workflow

APP = "participation_charter"
NOTIFY = "participation.charter.notifications"
VALIDATE = f"{APP}.validate_adhesion"
EXPORT = f"{APP}.export_adhesion"
VIEW = f"{APP}.view_adhesion"


class AdhesionStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("E-mail not confirmed yet")
    PENDING = "pending", _("Awaiting validation by the commune")
    INFORMATION = "information", _("Information requested")
    VALID = "valid", _("Valid")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired (e-mail never confirmed)")


S = AdhesionStatus
#: adhesions alive: one per registration number and one per e-mail in a commune
ACTIVE = (S.UNVERIFIED, S.PENDING, S.INFORMATION, S.VALID)
WITHDRAWABLE = ACTIVE


def _association_only(adhesion):
    from django.utils.translation import gettext as _g

    return None if adhesion.is_association else _g("Only an association's adhesion is validated by the commune.")


def _citizen_only(adhesion):
    from django.utils.translation import gettext as _g

    return None if not adhesion.is_association else _g("An association's adhesion is validated by the commune.")


def _verified(adhesion):
    adhesion.email_verified_at = adhesion.email_verified_at or timezone.now()


def _validated(adhesion):
    _verified(adhesion)
    adhesion.validated_at = timezone.now()
    adhesion.rejection_reason = ""


def _withdrawn(adhesion):
    adhesion.withdrawn_at = timezone.now()


TO_ADHERENT = f"{NOTIFY}.StatusChanged"

workflow = Workflow(
    statuses=AdhesionStatus,
    initial=S.UNVERIFIED,
    submit_notify=(f"{NOTIFY}.ConfirmEmail",),
    transitions=[
        # the e-mail link (a button on the page it opens)
        Transition("verify_association", _("E-mail confirmed: sent to the commune for validation"), (S.UNVERIFIED,),
                   S.PENDING, CITIZEN, guard=_association_only, effects=_verified,
                   notify=(f"{NOTIFY}.Received", f"{NOTIFY}.NewForStaff")),
        Transition("verify_citizen", _("E-mail confirmed: adhesion valid"), (S.UNVERIFIED,), S.VALID, CITIZEN,
                   guard=_citizen_only, effects=_validated, publishes=True,
                   notify=(f"{NOTIFY}.Welcome", f"{NOTIFY}.NewForStaff")),
        Transition("expire", _("Expired: the e-mail was never confirmed"), (S.UNVERIFIED,), S.EXPIRED, SYSTEM,
                   public=False),
        # the commune
        Transition("validate", _("Validate the adhesion"), (S.PENDING,), S.VALID, VALIDATE, guard=_association_only,
                   effects=_validated, publishes=True, notify=(f"{NOTIFY}.Validated",)),
        Transition("reject", _("Reject the adhesion"), (S.PENDING, S.INFORMATION), S.REJECTED, VALIDATE,
                   requires=("rejection_reason",), publishes=False, notify=(TO_ADHERENT,)),
        Transition("request_information", _("Ask the association for information"), (S.PENDING,), S.INFORMATION,
                   VALIDATE, requires=("information_requested",), notify=(TO_ADHERENT,)),
        # the adherent, through the private link
        Transition("resubmit", _("File completed and sent again"), (S.INFORMATION,), S.PENDING, CITIZEN,
                   notify=(f"{NOTIFY}.Received", f"{NOTIFY}.NewForStaff")),
        Transition("withdraw", _("Withdrawn by the adherent"), WITHDRAWABLE, S.WITHDRAWN, CITIZEN, publishes=False,
                   effects=_withdrawn, notify=(f"{NOTIFY}.Withdrawn", f"{NOTIFY}.WithdrawnForStaff")),
    ],
)
