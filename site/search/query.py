"""Searching the pages of one commune in one language, with a database fallback.

The database backend's index is always kept up to date next to Elasticsearch
(settings: WAGTAILSEARCH_BACKENDS), so when Elasticsearch cannot be reached we log
a warning and answer from the database instead of failing the visitor; for the next
JAMAA_SEARCH_BREAKER_SECONDS every search goes straight there (search_pages).

On PostgreSQL, the database backend's own query reads the whole index table and
ranks every match: with 20,000 pages a word found in 15,000 of them took 0.4 s. There
PostgresMatches finds the matches through a GIN index and ranks at most the
RANKED_MATCHES newest of them; the older ones follow, newest first; the count stays
exact (tests/bench/test_search_scale.py measures it).
"""
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import F, IntegerField
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast
from django.utils.functional import cached_property
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from base.pagination import get_page
from participation.core.search import normalize_arabic

logger = logging.getLogger("jamaa.search")

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
FALLBACK_BACKEND = "database"
#: with more matches than this, relevance orders the newest this many (PostgreSQL database backend)
RANKED_MATCHES = 1000
#: cache keys of the circuit breaker (search_pages): set while searches skip Elasticsearch, and
#: from a failure until it answers again
BREAKER_OPEN = "jamaa:search:engine-down"
BREAKER_TRIPPED = "jamaa:search:engine-failed"
#: held by the one search trying the engine again once the window is over (search_pages)
BREAKER_PROBE = "jamaa:search:engine-probe"


def clean_query(raw: str) -> str:
    """The visitor's query, trimmed, bounded and normalised like the index."""
    text = " ".join((raw or "").replace("\x00", " ").split())[:MAX_QUERY_LENGTH]
    return normalize_arabic(text)


class PostgresMatches:
    """The pages matching a query on PostgreSQL's database backend, in relevance order, for a Paginator.

    The backend's own query ranks every match (ts_rank reads each matching page's whole vector)
    and joins pages to the index in a way that hides the index's GIN index from the planner, so
    its cost grows with the number of matches, not with the page of results shown. Here:

    1. one query finds the matching index entries through the GIN index on `title || body`
       (migration 0001), keeps those of live public pages under the root, and returns the exact
       total (a window count) with the entries of the RANKED_MATCHES newest pages (highest ids);
    2. a second ranks those entries (the backend's own tsquery and rank expression) and returns
       the page ids of the slice asked for.

    A query with at most RANKED_MATCHES matches is ranked whole, as the backend would rank it; with
    more, the older matches follow the ranked ones, newest first (a third query, only for those
    pages of results), so that every match has its place and the count is exact.
    """

    def __init__(self, backend, query: str, pages):
        from django.contrib.postgres.search import SearchVectorField
        from modelsearch.utils import get_descendants_content_types_pks
        from wagtail.search.models import IndexEntry

        self._entries = None
        results = backend.search(query, pages, operator="and")
        self._compiler = getattr(results, "query_compiler", None)
        if self._compiler is None:  # nothing left to search for
            return
        self._config = self._compiler.get_config(backend)
        document = CombinedExpression(F("title"), "||", F("body"), output_field=SearchVectorField())
        tsquery = self._compiler.build_tsquery(self._compiler.query, config=self._config)
        self._entries = IndexEntry.objects.annotate(_document=document).filter(_document=tsquery)
        self._pages = pages
        self._page_types = get_descendants_content_types_pks(Page)

    def _newest_first(self, columns: str, start: int, stop: int) -> list[tuple]:
        """`columns` of the matching entries of pages, newest page first, from `start` to `stop`.

        The entries are matched alone first (a materialised CTE, sequential scans off: see
        _through_the_index), so that the GIN index is the planner's only way to them; then those
        of pages (by content type) that are live, public and under the root are kept. A page's
        entry has the page's integer pk as its object_id."""
        matches_sql, matches_params = (self._entries.order_by().values_list("pk", "content_type_id", "object_id")
                                       .query.sql_with_params())
        pages_sql, pages_params = self._pages.order_by().values("pk").query.sql_with_params()
        # Not an injection (bandit B608): the SQL pieces are the ORM's own, `columns` a constant of this class,
        # and every value a parameter.
        sql = (f"WITH matches (id, content_type_id, object_id) AS MATERIALIZED ({matches_sql}) "  # nosec B608
               f"SELECT {columns} FROM matches "
               f"WHERE content_type_id = ANY(%s) AND object_id::integer IN ({pages_sql}) "
               "ORDER BY object_id::integer DESC LIMIT %s OFFSET %s")
        params = [*matches_params, self._page_types, *pages_params, stop - start, start]
        return _through_the_index(self._entries.db, sql, params)

    @cached_property
    def _newest(self) -> tuple[int, list[int]]:
        """(total matches, index entry ids of the RANKED_MATCHES newest), in one query."""
        if self._entries is None:
            return 0, []
        rows = self._newest_first("id, COUNT(*) OVER ()", 0, RANKED_MATCHES)
        return (rows[0][1] if rows else 0), [pk for pk, _total in rows]

    def _ranked(self, start: int, stop: int) -> list[int]:
        """Page ids of the newest matches by relevance: the backend's rank (title weighted by its
        norm, plus body) and tie-break (newest first)."""
        rank = self._compiler.build_tsrank(F("title"), self._compiler.query, config=self._config) * F("title_norm")
        rank += self._compiler.build_tsrank(F("body"), self._compiler.query, config=self._config)
        entries = self._entries.model.objects.filter(pk__in=self._newest[1]).annotate(
            page_id=Cast("object_id", IntegerField()), _rank=rank)
        return list(entries.order_by("-_rank", "-page_id").values_list("page_id", flat=True)[start:stop])

    def count(self) -> int:
        return self._newest[0]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key) -> list[int]:
        """Page ids of a slice of the results."""
        if not isinstance(key, slice) or key.step:
            raise TypeError("PostgresMatches only takes slices without a step")
        total, newest = self._newest
        start, stop = key.start or 0, total if key.stop is None else min(key.stop, total)
        ids: list[int] = []
        if start < min(stop, len(newest)):
            ids += self._ranked(start, min(stop, len(newest)))
        if stop > len(newest):  # past the ranked ones: the older matches, newest first
            ids += [pk for (pk,) in self._newest_first("object_id::integer", max(start, len(newest)), stop)]
        return ids


def _through_the_index(database: str, sql: str, params: list) -> list[tuple]:
    """The rows of a query whose matches must be found through the GIN index, not by reading the table.

    When most pages match (a query of common words), PostgreSQL's planner prefers reading the
    whole index table, or every entry of the pages' content types, to the GIN index: it prices
    `(title || body) @@ query` per row as a cheap operator, while each row's vectors must be
    fetched from TOAST, decompressed and concatenated (20,000 pages, all matching: 150 to 220 ms
    against 20 through the GIN index). Parallel workers did not pay either: on the two cores of the
    stack, busy with other requests, starting them cost more than they saved (same query: 45 ms
    with two workers, 28 ms without). So, for this one query: sequential scans discouraged, no
    parallel workers (SET LOCAL, in a transaction of its own; reset after it within an enclosing one).
    """
    connection = connections[database]
    enclosed = connection.in_atomic_block
    with transaction.atomic(using=database), connection.cursor() as cursor:
        _set_local(cursor, {"enable_seqscan": "off", "max_parallel_workers_per_gather": "0"})
        try:
            cursor.execute(sql, params)
            return cursor.fetchall()
        finally:
            if enclosed:  # the enclosing transaction goes on as before
                _set_local(cursor, {"enable_seqscan": "DEFAULT", "max_parallel_workers_per_gather": "DEFAULT"})


def _set_local(cursor, values: dict[str, str]) -> None:
    for name, value in values.items():
        cursor.execute(f"SET LOCAL {name} TO {value}")


def _search_page(backend_name: str, query: str, root: Page, page_number):
    pages = Page.objects.live().public().descendant_of(root, inclusive=True)
    backend = get_search_backend(backend_name)
    if _is_postgres_database_backend(backend):
        results = PostgresMatches(backend, query, pages)
    else:
        results = backend.search(query, pages, operator="and")
    page = get_page(results, page_number, RESULTS_PER_PAGE)
    ids = [getattr(hit, "pk", hit) for hit in page.object_list]  # evaluate here, so a backend failure is caught here
    specific = Page.objects.filter(pk__in=ids).specific().in_bulk()
    page.object_list = [specific[pk] for pk in ids if pk in specific]
    return page


def _is_postgres_database_backend(backend) -> bool:
    try:
        from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend
    except ImportError:  # psycopg missing: not PostgreSQL
        return False
    return isinstance(backend, PostgresSearchBackend)


def breaker_seconds() -> int:
    """How long searches skip Elasticsearch after it failed (JAMAA_SEARCH_BREAKER_SECONDS; 0: never)."""
    return int(getattr(settings, "JAMAA_SEARCH_BREAKER_SECONDS", 30))


def search_pages(raw_query: str, root: Page, page_number=1):
    """A paginator page of the specific pages under `root` matching the query.

    A circuit breaker in the shared cache spares visitors a search engine that has just failed:
    a hung node costs its whole timeout, each time. After a failure, every search of every web
    process goes straight to the database index for breaker_seconds(), and one warning says so;
    then one search tries Elasticsearch again while the others keep to the database until it
    answers (one INFO line when it does), so a node still hung costs one timeout per window."""
    query = clean_query(raw_query)
    if not query:
        return None
    if FALLBACK_BACKEND not in settings.WAGTAILSEARCH_BACKENDS:  # the database is the only backend
        return _search_page("default", query, root, page_number)
    state = cache.get_many([BREAKER_OPEN, BREAKER_TRIPPED])
    probing = BREAKER_TRIPPED in state
    if BREAKER_OPEN in state or (probing and not cache.add(BREAKER_PROBE, True, breaker_seconds())):
        return _search_page(FALLBACK_BACKEND, query, root, page_number)
    try:
        page = _search_page("default", query, root, page_number)
    except Exception:  # the search engine is outside this process; any failure falls back
        seconds = breaker_seconds()
        if seconds <= 0:
            logger.warning("Search engine unreachable, answering from the database index", exc_info=True)
        elif cache.add(BREAKER_OPEN, True, seconds):  # the first process to see it says it, once
            cache.set(BREAKER_TRIPPED, True, 24 * 3600)
            logger.warning("Search engine unreachable, answering from the database index for the next %d s",
                           seconds, exc_info=True)
        return _search_page(FALLBACK_BACKEND, query, root, page_number)
    finally:
        if probing:
            cache.delete(BREAKER_PROBE)
    if probing and cache.delete(BREAKER_TRIPPED):
        logger.info("Search engine answers again")
    return page
