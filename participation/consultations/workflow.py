"""A response to a consultation: stored when sent, counted once its e-mail address is
confirmed (the link's POST). Changing answers afterwards is not a status change."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from participation.core.workflow import CITIZEN, Transition, Workflow


class ResponseStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting e-mail confirmation")
    CONFIRMED = "confirmed", _("Counted")


NOTIFY = "participation.consultations.notifications"

workflow = Workflow(
    statuses=ResponseStatus,
    initial=ResponseStatus.PENDING,
    transitions=[
        Transition("confirm", _("Confirm the e-mail address"), (ResponseStatus.PENDING,), ResponseStatus.CONFIRMED, CITIZEN),
    ],
    submit_notify=(f"{NOTIFY}.ConfirmResponse",),
)
