"""Public API of consultations (mounted at /api/v1/consultations/): the published
consultations of the commune answering on the request's host name, and their aggregated
results once closed. Schemas list every field they return: never a participant's e-mail,
association, answer text or comment author's address."""
import datetime

from django.http import Http404
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from wagtail.models import Site

from participation.consultations.models import ConsultationPage
from participation.consultations.results import results
from participation.core.api import MAX_ID, Pagination

router = Router(tags=["consultations"])


class ConsultationOut(Schema):
    id: int
    title: str
    summary: str
    url: str | None = None
    audience: str
    opens_on: datetime.date
    closes_on: datetime.date
    report_published_on: datetime.date | None = None
    phase: str = Field(description="announced, open, closed or reported (the report is published).")

    @staticmethod
    def resolve_phase(obj) -> str:
        return str(obj.phase)

    @staticmethod
    def resolve_url(obj, context) -> str | None:
        request = context["request"] if context else None
        return obj.get_full_url(request)


class RowOut(Schema):
    label: str
    count: int
    percent: float


class QuestionResultOut(Schema):
    question: str
    kind: str
    respondents: int
    rows: list[RowOut] = Field(description="Counts per option or rating; empty for a written question.")
    average: float | None = None


class ResultsOut(Schema):
    consultation: ConsultationOut
    responses: int = Field(description="Confirmed responses.")
    questions: list[QuestionResultOut]


def _site(request) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No commune answers on this host.")
    return site


def published(site):
    return ConsultationPage.objects.live().public().in_site(site).defer_streamfields().order_by("-opens_on", "-pk")


@router.get("/", response=list[ConsultationOut], summary="The commune's consultations")
@paginate(Pagination)
def list_consultations(request):
    """Published consultations of the commune answering on this host, the latest first."""
    return published(_site(request))


@router.get("/{consultation_id}", response=ConsultationOut, summary="One consultation")
def get_consultation(request, consultation_id: int):
    page = published(_site(request)).filter(pk=consultation_id).first() if 0 < consultation_id <= MAX_ID else None
    if page is None:
        raise Http404("No published consultation with this id.")
    return page


@router.get("/{consultation_id}/results", response=ResultsOut, summary="Aggregated results of a closed consultation")
def get_results(request, consultation_id: int):
    """Counts and shares per question, once the consultation is closed. Written answers are only counted."""
    page = get_consultation(request, consultation_id)
    if not page.shows_results:
        raise Http404("The results are published once the consultation is closed.")
    data = results(page)
    return {
        "consultation": page,
        "responses": data.responses,
        "questions": [
            {"question": r.question.label, "kind": r.question.kind, "respondents": r.respondents,
             "rows": [{"label": row.label, "count": row.count, "percent": row.percent} for row in r.rows],
             "average": r.average}
            for r in data.questions
        ],
    }
