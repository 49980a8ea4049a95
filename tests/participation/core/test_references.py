"""Reference numbers: SUG-2026-00001, per commune, prefix and year, gap-free and unique under
concurrent submissions (threads on PostgreSQL; SQLite serialises every writer, so the test that
matters there would prove nothing)."""
import os
import threading
from collections import Counter

import pytest
from django.db import connection, transaction
from django.utils import timezone

from participation.core.models import ReferenceCounter
from participation.core.references import format_reference, next_reference
from participation.suggestions.models import Suggestion
from tests.participation.core.test_api import make_category

THREADS = 8
PER_THREAD = 25

on_postgresql = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql", "psql")),
    reason="concurrency is tested on PostgreSQL (DATABASE_URL=postgres://…); SQLite locks the whole "
    "database for each writer, so threads there cannot race for the counter row",
)


def test_format():
    assert format_reference("SUG", 2026, 1) == "SUG-2026-00001"
    assert format_reference("PET", 2026, 42) == "PET-2026-00042"
    assert format_reference("SUG", 2027, 123456) == "SUG-2027-123456"  # past 99,999 it simply grows


@pytest.mark.django_db
def test_numbers_per_commune_prefix_and_year(demo):
    a, b = demo.site_a, demo.site_b
    year = timezone.localdate().year
    assert next_reference(a, "TST") == f"TST-{year}-00001"
    assert next_reference(a, "TST") == f"TST-{year}-00002"
    assert next_reference(b, "TST") == f"TST-{year}-00001"  # another commune counts on its own
    assert next_reference(a, "OTH") == f"OTH-{year}-00001"  # another plugin too
    assert next_reference(a, "TST", year=2030) == "TST-2030-00001"  # and a new year starts again
    assert next_reference(a, "TST", year=2030) == "TST-2030-00002"
    assert next_reference(a, "TST") == f"TST-{year}-00003"
    assert ReferenceCounter.objects.get(site=a, prefix="TST", year=year).last == 3


@pytest.mark.django_db
def test_a_rolled_back_submission_gives_its_number_back(demo):
    """Gap-free: the counter moves inside the submitting transaction."""
    year = timezone.localdate().year
    with pytest.raises(RuntimeError), transaction.atomic():
        next_reference(demo.site_a, "GAP")
        raise RuntimeError("the submission failed after taking a number")
    assert next_reference(demo.site_a, "GAP") == f"GAP-{year}-00001"


def box_page(site):
    """The commune's suggestions box page (the demo seed's, or one made here)."""
    from participation.suggestions.models import SuggestionBoxPage

    page = SuggestionBoxPage.objects.descendant_of(site.root_page).live().first()
    if page is None:
        page = SuggestionBoxPage(title="Suggestions (test)", slug="suggestions-test")
        site.root_page.add_child(instance=page)
    return page


@pytest.mark.django_db
def test_submitted_suggestion_gets_the_next_reference(demo):
    from participation.suggestions.services import submit_suggestion

    year = timezone.localdate().year
    category = make_category(demo.site_b)
    data = {"kind": "remark", "category": category, "title": "A remark", "text": "A remark about the market.",
            "name": "Citizen", "email": "citizen@example.org"}  # fmt: skip
    counter = ReferenceCounter.objects.filter(site=demo.site_b, prefix="SUG", year=year).first()
    expected = format_reference("SUG", year, (counter.last if counter else 0) + 1)
    assert submit_suggestion(box_page(demo.site_b), data).reference == expected


def _run_threads(work, count: int = THREADS) -> list:
    """Run `work(index)` in `count` threads started together; each returns a list. Each thread
    uses (and closes) its own database connection."""
    barrier = threading.Barrier(count)
    results: list = [None] * count
    errors: list = []

    def runner(index):
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck (deadlock?)"
    assert not errors, errors
    return [item for result in results for item in result]


def _assert_gap_free(references: list[str], prefix: str, total: int):
    year = timezone.localdate().year
    assert len(references) == total
    duplicates = [ref for ref, n in Counter(references).items() if n > 1]
    assert not duplicates, duplicates
    assert sorted(references) == [format_reference(prefix, year, n) for n in range(1, total + 1)]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_references_are_unique_and_gap_free(demo):
    site = demo.site_a

    def work(index):
        numbers = []
        for _ in range(PER_THREAD):
            with transaction.atomic():
                numbers.append(next_reference(site, "TST"))
        return numbers

    _assert_gap_free(_run_threads(work), "TST", THREADS * PER_THREAD)
    assert ReferenceCounter.objects.filter(site=site, prefix="TST").count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_through_the_service_layer(demo, mailoutbox):
    from participation.suggestions.services import submit_suggestion

    site = demo.site_a
    page = box_page(site)
    category = make_category(site, "Concurrency")
    already = set(Suggestion.objects.filter(site=site).values_list("reference", flat=True))
    per_thread = 10

    def work(index):
        references = []
        for n in range(per_thread):
            data = {
                "kind": "suggestion", "category": category, "title": f"Thread {index} number {n}",
                "text": "A suggestion submitted at the same time as others.",
                "name": f"Citizen {index}", "email": f"citizen{index}.{n}@example.org",
            }  # fmt: skip
            references.append(submit_suggestion(page, data, ip="203.0.113.9", language="ar").reference)
        return references

    references = _run_threads(work)
    assert len(references) == len(set(references)) == THREADS * per_thread
    assert not set(references) & already
    stored = Suggestion.objects.filter(site=site, category=category)
    assert stored.count() == THREADS * per_thread
    assert sorted(stored.values_list("reference", flat=True)) == sorted(references)
    # gap-free after the demo's own suggestions
    year = timezone.localdate().year
    numbers = sorted(int(r.rsplit("-", 1)[1]) for r in references)
    demo_numbers = [int(r.rsplit("-", 1)[1]) for r in already if r.startswith(f"SUG-{year}-")]
    start = max(demo_numbers, default=0) + 1
    assert numbers == list(range(start, start + THREADS * per_thread))
