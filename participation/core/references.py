"""Reference numbers like SUG-2026-00017: per commune, prefix and year, gap-free
and unique under concurrent submissions.

The counter row is incremented with an UPDATE inside the caller's transaction:
PostgreSQL's row lock makes concurrent submissions wait for each other, so two
transactions never read the same number (tested with threads on PostgreSQL).
"""
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from participation.core.models import ReferenceCounter


def format_reference(prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year}-{number:05d}"


def next_reference(site, prefix: str, year: int | None = None) -> str:
    year = year or timezone.localdate().year
    with transaction.atomic():
        counter = ReferenceCounter.objects.filter(site=site, prefix=prefix, year=year)
        if not counter.update(last=F("last") + 1):
            try:
                with transaction.atomic():
                    ReferenceCounter.objects.create(site=site, prefix=prefix, year=year, last=1)
                return format_reference(prefix, year, 1)
            except IntegrityError:  # another transaction created it first
                counter.update(last=F("last") + 1)
        number = counter.values_list("last", flat=True).get()
    return format_reference(prefix, year, number)
