"""Statuses and steps of a petition (organic law 113.14, art. 125), enforced by
participation.core.services.

Online: the agent starts it (preparation) → staff check the subject and open it
for signature, or refuse to open it → the agent files it once the threshold is
reached (a receipt, and the three-month clock) → the bureau decides on
admissibility → the standing committee → the agenda of a council session → the
council's decision. A paper petition is recorded by staff straight as filed.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _

from participation.core.workflow import CITIZEN, Transition, Workflow

APP = "participation_petitions"
NOTIFY = "participation.petitions.notifications"
REVIEW = f"{APP}.review_petition"
DECIDE = f"{APP}.decide_petition"
RECORD_PAPER = f"{APP}.record_paper_petition"


class PetitionStatus(models.TextChoices):
    PREPARATION = "preparation", _("In preparation")
    NOT_OPENED = "not_opened", _("Not opened for signature")
    OPEN = "open", _("Open for signature")
    WITHDRAWN = "withdrawn", _("Withdrawn by its agent")
    FILED = "filed", _("Filed")
    ADMISSIBLE = "admissible", _("Admissible")
    INADMISSIBLE = "inadmissible", _("Refused (inadmissible)")
    COMMITTEE = "committee", _("Referred to a committee")
    SCHEDULED = "scheduled", _("On the council's agenda")
    POSTPONED = "postponed", _("Postponed by the council")
    DECIDED = "decided", _("Decided by the council")


S = PetitionStatus
#: where the petition is with the commune (after filing): the three-month clock runs in FILED only
AFTER_FILING = (S.FILED, S.ADMISSIBLE, S.INADMISSIBLE, S.COMMITTEE, S.SCHEDULED, S.POSTPONED, S.DECIDED)
#: what the public list shows; a petition under review or not opened is not public
PUBLIC = (S.OPEN, S.WITHDRAWN, *AFTER_FILING)


def _threshold_reached(petition):
    from django.utils.translation import gettext as _

    if petition.valid_signature_total < petition.threshold:
        return _("The petition has %(count)s valid signatures; %(required)s are needed to file it.") % {
            "count": petition.valid_signature_total,
            "required": petition.threshold,
        }
    return None


def _freeze(petition):
    petition.freeze_on_filing()


def _refusal_deadline(petition):
    return petition.refusal_deadline()


def _no_deadline(petition):
    return None


_TO_AGENT = (f"{NOTIFY}.StatusChanged",)

workflow = Workflow(
    statuses=PetitionStatus,
    initial=S.PREPARATION,
    submit_notify=(f"{NOTIFY}.Received", f"{NOTIFY}.NewForStaff"),
    transitions=[
        # moderation: the subject is checked against the excluded subjects before anyone signs
        Transition("open", _("Open for signature"), (S.PREPARATION,), S.OPEN, REVIEW, publishes=True,
                   effects=lambda p: p.mark_opened(), notify=(f"{NOTIFY}.Opened",)),
        Transition("refuse_opening", _("Refuse to open for signature"), (S.PREPARATION,), S.NOT_OPENED, REVIEW,
                   requires=("inadmissibility_grounds", "inadmissibility_reason"), publishes=False, notify=_TO_AGENT),
        # the agent, through the private link
        Transition("withdraw", _("Withdraw the petition"), (S.PREPARATION, S.OPEN), S.WITHDRAWN, CITIZEN,
                   notify=(f"{NOTIFY}.Withdrawn",)),
        Transition("file", _("File the petition with the council president"), (S.OPEN,), S.FILED, CITIZEN,
                   guard=_threshold_reached, effects=_freeze, deadline=_refusal_deadline,
                   notify=(f"{NOTIFY}.Filed", f"{NOTIFY}.FiledForBureau")),
        # a petition handed in on paper, recorded by staff so the register is complete
        Transition("file_paper", _("Record as filed on paper"), (S.PREPARATION,), S.FILED, RECORD_PAPER,
                   publishes=True, effects=_freeze, deadline=_refusal_deadline, notify=(f"{NOTIFY}.FiledForBureau",)),
        # the bureau (art. 125)
        Transition("admit", _("Declare admissible"), (S.FILED,), S.ADMISSIBLE, DECIDE, deadline=_no_deadline,
                   notify=_TO_AGENT),
        Transition("declare_inadmissible", _("Declare inadmissible"), (S.FILED,), S.INADMISSIBLE, DECIDE,
                   requires=("inadmissibility_grounds", "inadmissibility_reason"), deadline=_no_deadline,
                   notify=_TO_AGENT),
        Transition("refer", _("Refer to a standing committee"), (S.ADMISSIBLE,), S.COMMITTEE, DECIDE,
                   requires=("committee",), notify=_TO_AGENT),
        Transition("schedule", _("Put on the agenda of a council session"), (S.COMMITTEE, S.POSTPONED), S.SCHEDULED,
                   DECIDE, requires=("session_date",), notify=_TO_AGENT),
        Transition("decide", _("Record the council's decision"), (S.SCHEDULED,), S.DECIDED, DECIDE,
                   requires=("decision", "deliberation"), notify=_TO_AGENT),
        Transition("postpone", _("Record that the council postponed it"), (S.SCHEDULED,), S.POSTPONED, DECIDE,
                   notify=_TO_AGENT),
    ],
)
