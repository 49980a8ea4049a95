"""Public API of petitions (mounted at /api/v1/petitions/).

Only public petitions (opened for signature or filed: ``workflow.PUBLIC``, and published)
of the commune that answers on the request's host name. The schemas below list every
field they return: nothing else ever leaves, so a field added to the model stays private
until someone adds it here on purpose. The agent's CIN, address, e-mail and phone (and
their name unless they agreed to show it), the association's documents, the scan, the
deliberation file, internal notes, the grounds of a refusal and the signatures (only
their count) are never part of a schema.
"""
import datetime
from typing import Literal

from django.db.models import Prefetch, Value
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from wagtail.models import Site

from participation.core.api import REFERENCE, Pagination
from participation.petitions.models import Petition, PetitionKind, PetitionSettings, PetitionStatusEntry
from participation.petitions.workflow import PUBLIC, PetitionStatus, workflow

router = Router(tags=["petitions"])


Status = Literal[tuple(str(status) for status in PUBLIC)]
Kind = Literal[tuple(PetitionKind.values)]



# --- schemas: the public fields, listed one by one ------------------------------------


class StepOut(Schema):
    status: str
    status_label: str
    date: datetime.date = Field(description="Day of the step (commune's time zone).")

    @staticmethod
    def resolve_status(obj) -> str:
        return obj.to_status

    @staticmethod
    def resolve_status_label(obj) -> str:
        return workflow.label_of(obj.to_status)

    @staticmethod
    def resolve_date(obj) -> datetime.date:
        return timezone.localdate(obj.at)


class PetitionOut(Schema):
    reference: str
    kind: str
    kind_label: str
    channel: str
    title: str
    reasons: str
    objectives: str
    requested_item: str
    status: str
    status_label: str
    agent: str | None = Field(None, description="The association, or the agent's name if they agreed to show it.")
    signature_count: int = Field(description="Valid signatures: confirmed online and not invalidated, plus those on paper.")
    signatures_required: int = Field(description="The threshold: frozen when the petition was filed, else the commune's.")
    opened_on: datetime.date | None = Field(None, description="Day it was opened for signature.")
    filed_on: datetime.date | None = Field(None, description="Day it was filed with the council president (the receipt's date).")
    deadline: datetime.date | None = Field(None, description="Last day to notify a refusal, while the bureau has not decided.")
    committee: str
    session_date: datetime.date | None = Field(None, description="The council session whose agenda it is on.")
    decision: str
    decision_label: str
    timeline: list[StepOut]

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_status_label(obj) -> str:
        return workflow.label_of(obj.status)

    @staticmethod
    def resolve_agent(obj) -> str | None:
        return obj.public_agent or None

    @staticmethod
    def resolve_signature_count(obj) -> int:
        return obj.valid_signature_total

    @staticmethod
    def resolve_signatures_required(obj) -> int:
        if obj.signatures_required is not None:
            return obj.signatures_required
        if obj.kind == PetitionKind.ASSOCIATION:
            return 0
        return obj.current_threshold

    @staticmethod
    def resolve_opened_on(obj) -> datetime.date | None:
        return timezone.localdate(obj.opened_at) if obj.opened_at else None

    @staticmethod
    def resolve_deadline(obj) -> datetime.date | None:
        return obj.deadline if obj.status == PetitionStatus.FILED else None

    @staticmethod
    def resolve_decision_label(obj) -> str:
        return str(obj.get_decision_display()) if obj.decision else ""

    @staticmethod
    def resolve_timeline(obj) -> list:
        return obj.public_history


class Filters(Schema):
    status: Status | None = None
    kind: Kind | None = None


# --- helpers -------------------------------------------------------------------------


def _site(request) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No commune answers on this host.")
    return site


def public_petitions(site: Site):
    """The commune's public petitions with their public steps (one query for the steps), and the
    commune's current threshold (read once) for those not filed yet."""
    settings = PetitionSettings.for_site(site)
    settings.site = site  # the commune's settings are read for this same site: no second query for it
    steps = PetitionStatusEntry.objects.filter(is_public=True).only("submission_id", "to_status", "at").order_by("at", "pk")
    return (
        Petition.objects.filter(site=site, is_public=True, status__in=PUBLIC)
        .annotate(current_threshold=Value(settings.required_signatures()))
        .prefetch_related(Prefetch("history", queryset=steps, to_attr="public_history"))
        .order_by("-created_at", "-pk")
    )


# --- endpoints -----------------------------------------------------------------------


@router.get("/", response=list[PetitionOut], summary="Public petitions of the commune")
@paginate(Pagination)
def list_petitions(request, filters: Query[Filters]):
    """Petitions of the commune answering on this host that are open for signature or filed, newest first."""
    queryset = public_petitions(_site(request))
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    return queryset


@router.get("/{reference}", response=PetitionOut, summary="One public petition by its reference")
def get_petition(request, reference: str):
    reference = reference.strip().upper()
    if not REFERENCE.fullmatch(reference):
        raise Http404("No public petition with this reference.")
    petition = public_petitions(_site(request)).filter(reference=reference).first()
    if petition is None:
        raise Http404("No public petition with this reference.")
    return petition
