"""Requests per second and latency of anonymous pages, through gunicorn on loopback (`make bench`).

The site runs as in production (commune.settings.production, 2 sync workers, static files collected and
served by whitenoise, the demo communes loaded) in its own process and database (tests/support/server.py).
Each URL is warmed up, then fetched BENCH_REQUESTS times by BENCH_CONCURRENCY client threads, each with
its own keep-alive connection (gunicorn's sync workers close it after each response, so in practice a
connection per request, as behind nginx). Results are printed as a table; nothing is asserted on
speed: a benchmark measures, it does not fail because the machine was busy. It fails only if a page does
not answer 200, since the figures of an error page mean nothing.

    BENCH_REQUESTS=2000  BENCH_CONCURRENCY=4  BENCH_WARMUP=100  BENCH_MAX_SECONDS=60 (per URL)
    BENCH_WORKERS=2      BENCH_JSON=path/to/results.json (also write the figures as JSON)
"""
from __future__ import annotations

import http.client
import itertools
import json
import math
import os
import platform
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field

import pytest

from tests.support.server import HOST_A, PRODUCTION_SETTINGS, ROOT, run_site

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "2000"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "4"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "100"))
MAX_SECONDS = float(os.environ.get("BENCH_MAX_SECONDS", "60"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))

# Run in the site's own process (manage.py shell): the newest Arabic news article of commune A.
FIND_ARTICLE = """
from wagtail.models import Site
from news.models import NewsPage
site = Site.objects.filter(hostname="127.0.0.1").first() or Site.objects.filter(is_default_site=True).first()
article = None
if site is not None:
    article = (NewsPage.objects.live().public().descendant_of(site.root_page)
               .filter(locale__language_code="ar").order_by("-date", "-pk").first())
parts = article.get_url_parts() if article else None
print("ARTICLE=" + (parts[2] if parts else ""))
"""


@dataclass
class Result:
    label: str
    path: str
    requests: int = 0
    seconds: float = 0.0
    statuses: dict = field(default_factory=dict)
    latencies_ms: list = field(default_factory=list, repr=False)
    response_bytes: int = 0
    fixed_percentiles: dict = field(default_factory=dict, repr=False)  # given by a client that keeps no latencies (wrk)

    @property
    def errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status != 200)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if p in self.fixed_percentiles:
            return self.fixed_percentiles[p]
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return float("nan")
        rank = max(1, math.ceil(p / 100 * len(ordered)))  # nearest-rank
        return ordered[rank - 1]


def run_clients(client, concurrency: int) -> float:
    """Run `client` in `concurrency` threads at once; the seconds they took together."""
    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def collect(label: str, path: str, seconds: float, per_thread: list) -> tuple[Result, list[str]]:
    """One Result from the clients' (latencies, statuses, problems), and the first problems seen."""
    result = Result(label=label, path=path, seconds=seconds)
    statuses: Counter = Counter()
    problems: list[str] = []
    for latencies, thread_statuses, thread_problems in per_thread:
        result.latencies_ms.extend(latencies)
        statuses.update(thread_statuses)
        problems += thread_problems
    result.requests = len(result.latencies_ms)
    result.statuses = dict(statuses)
    return result, problems


def fetch_many(port: int, path: str, total: int, concurrency: int, max_seconds: float, label: str = "") -> Result:
    """GET `path` (host 127.0.0.1, commune A) `total` times from `concurrency` threads."""
    counter = itertools.count()
    host = f"{HOST_A}:{port}"
    per_thread: list[tuple[list[float], Counter, int]] = []
    lock = threading.Lock()
    deadline = time.monotonic() + max_seconds

    def client() -> None:
        latencies: list[float] = []
        statuses: Counter = Counter()
        size = 0
        conn = http.client.HTTPConnection(HOST_A, port, timeout=30)
        while next(counter) < total and time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Host": host, "User-Agent": "jamaa-bench"})
                response = conn.getresponse()
                body = response.read()
                status, size = response.status, len(body)
            except (OSError, http.client.HTTPException) as error:
                conn.close()  # reconnects on the next request
                status = type(error).__name__
            latencies.append((time.perf_counter() - start) * 1000)
            statuses[status] += 1
        conn.close()
        with lock:
            per_thread.append((latencies, statuses, size))

    result = Result(label=label or path, path=path, seconds=run_clients(client, concurrency))
    statuses: Counter = Counter()
    for latencies, thread_statuses, size in per_thread:
        result.latencies_ms.extend(latencies)
        statuses.update(thread_statuses)
        result.response_bytes = max(result.response_bytes, size)
    result.requests = len(result.latencies_ms)
    result.statuses = dict(statuses)
    return result


def format_table(results: list[Result]) -> str:
    header = f"{'page':<28} {'path':<44} {'reqs':>6} {'errors':>6} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'bytes':>8}"
    lines = [header, "-" * len(header)]
    for r in results:
        path = r.path if len(r.path) <= 44 else r.path[:41] + "..."
        lines.append(
            f"{r.label:<28} {path:<44} {r.requests:>6} {r.errors:>6} {r.rps:>8.1f} "
            f"{r.percentile(50):>8.1f} {r.percentile(95):>8.1f} {r.percentile(99):>8.1f} {r.response_bytes:>8}"
        )
    return "\n".join(lines)


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], check=False, cwd=ROOT, capture_output=True, text=True, timeout=10
        )
        return out.stdout.strip() or "?"
    except OSError:
        return "?"


@pytest.fixture(scope="module")
def bench_site():
    started = time.perf_counter()
    with run_site(settings=PRODUCTION_SETTINGS, workers=WORKERS, load_demo="auto") as site:
        print(f"\n[bench] site ready in {time.perf_counter() - started:.1f} s (migrate, demo, collectstatic, gunicorn)")
        yield site


def test_anonymous_pages(bench_site):
    site = bench_site
    pages = [("home (ar)", "/ar/")]
    found = site.manage("shell", "--no-imports", "-c", FIND_ARTICLE).stdout
    article = next((line[len("ARTICLE="):] for line in found.splitlines() if line.startswith("ARTICLE=")), "")
    if article:
        pages.append(("news article (ar)", article))
        print(f"[bench] news article: {article}")
    else:
        print("[bench] no news article found (no demo content?): measuring the home page only")

    results = []
    for label, path in pages:
        warm = fetch_many(site.port, path, WARMUP, CONCURRENCY, MAX_SECONDS, label)
        assert warm.statuses == {200: warm.requests}, f"{path} answered {warm.statuses}\n{site.log(60)}"
        results.append(fetch_many(site.port, path, REQUESTS, CONCURRENCY, MAX_SECONDS, label))

    vendor = "postgresql" if site.database_url.startswith(("postgres", "pgsql", "psql")) else "sqlite"
    print(
        f"\n[bench] commit {_git_commit()}, Python {platform.python_version()}, {os.cpu_count()} cores, "
        f"gunicorn {WORKERS} sync workers, {PRODUCTION_SETTINGS}, {vendor}, "
        f"demo {'loaded' if site.demo_loaded else 'NOT loaded (migrate only)'}, "
        f"{REQUESTS} requests per page over {CONCURRENCY} client threads after {WARMUP} warm-up requests"
    )
    print(format_table(results))
    for r in results:
        if r.errors:
            print(f"[bench] {r.path}: statuses {r.statuses}")
        if r.requests < REQUESTS:
            print(f"[bench] {r.path}: stopped after {MAX_SECONDS:.0f} s at {r.requests} requests (BENCH_MAX_SECONDS)")

    if os.environ.get("BENCH_JSON"):
        payload = {
            "commit": _git_commit(),
            "python": sys.version.split()[0],
            "database": vendor,
            "workers": WORKERS,
            "concurrency": CONCURRENCY,
            "demo_loaded": site.demo_loaded,
            "results": [
                {**{k: v for k, v in asdict(r).items() if k != "latencies_ms"}, "rps": r.rps,
                 "p50_ms": r.percentile(50), "p95_ms": r.percentile(95), "p99_ms": r.percentile(99)}
                for r in results
            ],
        }  # fmt: skip
        with open(os.environ["BENCH_JSON"], "w", encoding="utf-8") as out:
            json.dump(payload, out, indent=2)
