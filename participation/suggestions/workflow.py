"""Statuses and transitions of a suggestion (enforced by participation.core.services)."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from participation.core.workflow import Transition, Workflow

APP = "participation_suggestions"
NOTIFY = "participation.suggestions.notifications"


class SuggestionStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    REVIEW = "review", _("Under review")
    FORWARDED = "forwarded", _("Forwarded to a service")
    ANSWERED = "answered", _("Answered")
    REJECTED = "rejected", _("Rejected")
    MERGED = "merged", _("Merged with a similar suggestion")
    CLOSED = "closed", _("Closed")
    SPAM = "spam", _("Spam")


S = SuggestionStatus
OPEN = (S.RECEIVED, S.REVIEW, S.FORWARDED)

workflow = Workflow(
    statuses=SuggestionStatus,
    initial=S.RECEIVED,
    submit_notify=(f"{NOTIFY}.Received", f"{NOTIFY}.NewForStaff"),
    transitions=[
        Transition("review", _("Take under review"), (S.RECEIVED,), S.REVIEW, f"{APP}.review_suggestion"),
        Transition(
            "forward", _("Forward to a service"), (S.RECEIVED, S.REVIEW), S.FORWARDED, f"{APP}.review_suggestion",
            requires=("department",), publishes=True, notify=(f"{NOTIFY}.StatusChanged", f"{NOTIFY}.Forwarded"),
        ),
        Transition(
            "answer", _("Answer publicly"), OPEN, S.ANSWERED, f"{APP}.answer_suggestion",
            requires=("public_answer",), publishes=True, notify=(f"{NOTIFY}.StatusChanged",),
        ),
        Transition(
            "reject", _("Reject"), OPEN, S.REJECTED, f"{APP}.reject_suggestion",
            requires=("rejection_reason",), publishes=False, notify=(f"{NOTIFY}.StatusChanged",),
        ),
        # Spam: the sender is not told (the address on a spam is often someone else's, and a
        # reply only proves to the robot that the box is read); never public, no history shown.
        Transition(
            "mark_spam", _("Mark as spam (the sender is not told)"), OPEN, S.SPAM, f"{APP}.reject_suggestion",
            publishes=False, public=False,
        ),
        Transition(
            "merge", _("Merge into a similar suggestion"), OPEN, S.MERGED, f"{APP}.merge_suggestion",
            requires=("merged_into",), publishes=False, notify=(f"{NOTIFY}.StatusChanged",),
        ),
        Transition("close", _("Close"), (S.ANSWERED, S.FORWARDED, S.REJECTED), S.CLOSED, f"{APP}.reject_suggestion"),
        Transition("unpublish", _("Withdraw from the public list"), (S.ANSWERED, S.FORWARDED, S.CLOSED), S.CLOSED,
                   f"{APP}.reject_suggestion", publishes=False, public=False),
    ],
)
