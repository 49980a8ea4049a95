"""Public API of the suggestions box (mounted at /api/v1/suggestions/).

Only published suggestions (``is_public``) of the commune that answers on the
request's host name. The schemas below list every field they return: nothing
else ever leaves, so a field added to the model stays private until someone
adds it here on purpose. Contact data (the name unless its author agreed to
show it, e-mail, phone), the IP, the follow-up token, the photo, internal notes,
the assigned service and rejection reasons are never part of a schema.
"""
from datetime import date
from typing import Literal

from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from wagtail.models import Site

from participation.core.api import MAX_ID, REFERENCE, Pagination, text_filter
from participation.suggestions.models import Suggestion, SuggestionCategory, SuggestionKind
from participation.suggestions.workflow import SuggestionStatus

router = Router(tags=["suggestions"])


Status = Literal[tuple(SuggestionStatus.values)]
Kind = Literal[tuple(SuggestionKind.values)]



# --- schemas: the public fields, listed one by one ------------------------------------


class CategoryOut(Schema):
    id: int
    name: str
    description: str = ""


class SuggestionOut(Schema):
    reference: str
    kind: str
    kind_label: str
    category: CategoryOut
    title: str
    text: str
    neighbourhood: str
    status: str
    status_label: str
    created_on: date = Field(description="Day the suggestion was submitted (commune's time zone).")
    public_answer: str
    first_answered_on: date | None = Field(None, description="Day of the commune's first public answer.")
    support_count: int
    public_name: str | None = Field(None, description="The author's name, only if they agreed to show it.")

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_status_label(obj) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_category(obj) -> dict:
        return {"id": obj.category_id, "name": obj.category_name, "description": obj.category_description}

    @staticmethod
    def resolve_created_on(obj) -> date:
        return timezone.localdate(obj.created_at)

    @staticmethod
    def resolve_first_answered_on(obj) -> date | None:
        return timezone.localdate(obj.first_answered_at) if obj.first_answered_at else None

    @staticmethod
    def resolve_public_name(obj) -> str | None:
        return obj.public_name or None


class Filters(Schema):
    category: int | None = Field(None, ge=1, le=MAX_ID, description="A category id (any of its translations).")
    status: Status | None = None
    kind: Kind | None = None
    neighbourhood: str | None = text_filter(100, "Exact neighbourhood, case-insensitive.")


# --- helpers -------------------------------------------------------------------------


def _site(request) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No commune answers on this host.")
    return site


def _categories(site: Site) -> list[SuggestionCategory]:
    """One category per translation key, in the active language when translated (else the original)."""
    rows = SuggestionCategory.objects.filter(site=site).select_related("locale").order_by("name", "pk")
    language = (get_language() or "").split("-")[0]
    chosen: dict = {}
    for category in rows:
        current = chosen.get(category.translation_key)
        if current is None or category.locale.language_code == language:
            chosen[category.translation_key] = category
    return sorted(chosen.values(), key=lambda c: (c.name, c.pk))


def published(site: Site):
    """The commune's published suggestions, with their category's name in the active language
    (its translation when there is one, else the category as chosen) in the same query."""
    translated = SuggestionCategory.objects.filter(
        translation_key=OuterRef("category__translation_key"),
        locale__language_code=(get_language() or "").split("-")[0],
    )
    return (
        Suggestion.objects.filter(site=site, is_public=True)
        .annotate(
            category_name=Coalesce(Subquery(translated.values("name")[:1]), F("category__name")),
            category_description=Coalesce(Subquery(translated.values("description")[:1]), F("category__description")),
        )
        .order_by("-created_at", "-pk")
    )


# --- endpoints -----------------------------------------------------------------------


@router.get("/", response=list[SuggestionOut], summary="Published suggestions of the commune")
@paginate(Pagination)
def list_suggestions(request, filters: Query[Filters]):
    """Published suggestions of the commune answering on this host, newest first."""
    site = _site(request)
    queryset = published(site)
    if filters.category is not None:
        key = SuggestionCategory.objects.filter(site=site, pk=filters.category).values_list("translation_key", flat=True)
        queryset = queryset.filter(category__translation_key__in=key)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.neighbourhood:
        queryset = queryset.filter(neighbourhood__iexact=filters.neighbourhood.strip())
    return queryset


@router.get("/categories", response=list[CategoryOut], summary="Categories of the commune's suggestions box")
def list_categories(request):
    return [{"id": c.pk, "name": c.name, "description": c.description} for c in _categories(_site(request))]


@router.get("/{reference}", response=SuggestionOut, summary="One published suggestion by its reference")
def get_suggestion(request, reference: str):
    site = _site(request)
    reference = reference.strip().upper()
    suggestion = published(site).filter(reference=reference).first() if REFERENCE.fullmatch(reference) else None
    if suggestion is None:
        raise Http404("No published suggestion with this reference.")
    return suggestion


