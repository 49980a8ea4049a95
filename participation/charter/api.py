"""Public API of the charter (mounted at /api/v1/charter/).

For the commune answering on the request's host name: the register of adherents (valid
associations with their name, field of activity and date, never a contact, a receipt number
or a document; citizens only counted) and the monitoring indicators with their values per
year. The schemas list every field they return.
"""
import datetime
from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from wagtail.models import Locale, Site

from participation.charter.indicators import monitoring
from participation.charter.models import ActivityField, Adhesion, CharterPage
from participation.core.api import Pagination

router = Router(tags=["charter"])


class AssociationOut(Schema):
    name: str
    field: str = Field(description="One of: " + ", ".join(ActivityField.values))
    field_label: str
    member_since: datetime.date

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.association_name

    @staticmethod
    def resolve_field(obj) -> str:
        return obj.activity

    @staticmethod
    def resolve_field_label(obj) -> str:
        return str(obj.get_activity_display())

    @staticmethod
    def resolve_member_since(obj) -> datetime.date:
        return timezone.localtime(obj.validated_at).date()


class CountsOut(Schema):
    associations: int
    citizens: int


class CharterIndicatorPointOut(Schema):
    year: int
    value: Decimal | None
    source: str


class CharterIndicatorOut(Schema):
    """Named after the plugin: the OpenAPI schema keys its components by class name across the
    whole API, and action_plan has an IndicatorOut of its own."""

    name: str
    definition: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    computed: str = Field(description="The key of the figure it is computed from; empty when entered by hand.")
    available: bool = Field(description="False when the figure it is computed from is not offered by this website.")
    values: list[CharterIndicatorPointOut]


def _site(request) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No commune answers on this host.")
    return site


def _charter(site) -> CharterPage | None:
    return CharterPage.objects.live().public().descendant_of(site.root_page, inclusive=True).filter(
        locale=Locale.get_default()).first()


def _valid(site):
    return Adhesion.objects.filter(site=site, status="valid")


@router.get("/associations", response=list[AssociationOut], summary="The associations that joined the charter")
@paginate(Pagination)
def list_associations(request):
    return _valid(_site(request)).filter(kind="association").only(
        "pk", "association_name", "activity", "validated_at").order_by("association_name", "pk")


@router.get("/register", response=CountsOut, summary="How many associations and citizens joined the charter")
def register_counts(request):
    from django.db.models import Count, Q

    return _valid(_site(request)).aggregate(
        associations=Count("pk", filter=Q(kind="association")), citizens=Count("pk", filter=Q(kind="citizen")))


@router.get("/indicators", response=list[CharterIndicatorOut], summary="The charter's monitoring indicators and their values")
def list_indicators(request):
    site = _site(request)
    charter = _charter(site)
    trends = monitoring(site, charter.adopted_on if charter else None)
    return [
        {
            "name": t.indicator.name, "definition": t.indicator.definition, "unit": t.unit,
            "baseline": t.indicator.baseline, "target": t.indicator.target, "computed": t.indicator.computed,
            "available": t.available,
            "values": [{"year": p.period, "value": p.value, "source": p.source} for p in t.points],
        }
        for t in trends
    ]
