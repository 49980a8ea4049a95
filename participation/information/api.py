"""Public API of the register of requests for information (mounted at /api/v1/information/).

Only the requests the commune answered and published (``is_public``: answered, in part
or refused, unless the requester opted out; a transfer is never published) of the
commune answering on the request's host name. The schemas list every field they
return: nothing else ever leaves, so a field added to the model stays private until
someone adds it here on purpose. The requester's name, e-mail, phone, address and
identity document number, the messages, the clarification, the reasons of an
extension, the complaint and internal notes are never part of a schema.
"""
import datetime
from typing import Literal

from django.db.models import Prefetch, Q
from django.http import Http404
from django.urls import NoReverseMatch
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from wagtail.models import Site

from participation.core.api import REFERENCE, Pagination, text_filter
from participation.information.models import AnswerFile, InformationRequest
from participation.information.rules import RefusalGround
from participation.information.workflow import RequestStatus, workflow

router = Router(tags=["information"])

#: statuses a published request can have (a request is published when it is answered)
PUBLIC = (RequestStatus.ANSWERED, RequestStatus.PARTIALLY_ANSWERED, RequestStatus.REFUSED, RequestStatus.COMPLAINT,
          RequestStatus.COMPLAINT_ANSWERED)
Status = Literal[tuple(str(status) for status in PUBLIC)]
GROUNDS = dict(RefusalGround.choices)


# --- schemas: the public fields, listed one by one ------------------------------------


class GroundOut(Schema):
    code: str
    label: str


class FileOut(Schema):
    title: str
    url: str | None = Field(None, description="The document in the commune's public register.")


class InformationRequestOut(Schema):
    reference: str
    subject: str
    information_requested: str
    received_on: datetime.date
    answered_on: datetime.date | None = Field(None, description="Day the commune answered (or refused).")
    status: str
    status_label: str
    public_answer: str
    redaction_note: str = Field(description="What a partial answer withheld, and why.")
    refusal_grounds: list[GroundOut] = Field(description="The exceptions of article 7 of law 31.13 a refusal cites.")
    files: list[FileOut]

    @staticmethod
    def resolve_status_label(obj) -> str:
        return workflow.label_of(obj.status)

    @staticmethod
    def resolve_refusal_grounds(obj) -> list[dict]:
        return [{"code": code, "label": str(GROUNDS[code])} for code in obj.refusal_grounds or () if code in GROUNDS]

    @staticmethod
    def resolve_files(obj, context) -> list[dict]:
        request = context["request"] if context else None
        return [{"title": answer_file.title, "url": file_url(obj, answer_file, request)} for answer_file in obj.public_files]


class Filters(Schema):
    status: Status | None = None
    q: str | None = text_filter(100, "Words in the subject, the request or the answer.")


# --- helpers -------------------------------------------------------------------------


def _site(request) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No commune answers on this host.")
    return site


def file_url(entry, answer_file, request=None) -> str | None:
    """The public address of an answer file: the register's file route of the request's page."""
    page = entry.page
    if page is None:
        return None
    try:
        path = page.route_path("register_file", entry.pk, answer_file.pk)
    except (NoReverseMatch, TypeError):
        return None
    return request.build_absolute_uri(path) if request is not None else path


def public_requests(site: Site):
    """The commune's published requests with their files (one query for the files), newest answer first."""
    files = AnswerFile.objects.only("pk", "request_id", "title").order_by("added_at", "pk")
    return (
        InformationRequest.objects.filter(site=site, is_public=True, status__in=PUBLIC)
        .select_related("page")
        .prefetch_related(Prefetch("files", queryset=files, to_attr="public_files"))
        .only(
            "pk", "site_id", "reference", "subject", "information_requested", "received_on", "answered_on", "status",
            "public_answer", "redaction_note", "refusal_grounds", "page",
        )
        .order_by("-answered_on", "-pk")
    )


# --- endpoints -----------------------------------------------------------------------


@router.get("/", response=list[InformationRequestOut], summary="The commune's public register of requests for information")
@paginate(Pagination)
def list_requests(request, filters: Query[Filters]):
    """Requests for information the commune answering on this host answered and published, newest answer first.
    Never the requester's identity."""
    queryset = public_requests(_site(request))
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.q and filters.q.strip():
        words = filters.q.strip()
        queryset = queryset.filter(
            Q(subject__icontains=words) | Q(information_requested__icontains=words) | Q(public_answer__icontains=words)
        )
    return queryset


@router.get("/{reference}", response=InformationRequestOut, summary="One published request by its reference")
def get_request(request, reference: str):
    reference = reference.strip().upper()
    if not REFERENCE.fullmatch(reference):
        raise Http404("No published request with this reference.")
    entry = public_requests(_site(request)).filter(reference=reference).first()
    if entry is None:
        raise Http404("No published request with this reference.")
    return entry
