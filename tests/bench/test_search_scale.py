"""Search with 20,000 indexed pages on PostgreSQL (`make bench`; issue 8: p95 under 100 ms).

The local production stack (deploy/stack.py in var/bench-search-stack/, ports 8720–8724: nginx, two
gunicorn instances of one sync worker each, PostgreSQL, Redis, the worker, the demo communes) gets
BENCH_SEARCH_PAGES pages of varied Arabic text in commune A (`manage.py create_articles`: news
articles and standard pages, a Zipf spread of words, place and family names, some French; bulk
inserted and indexed by the database backend, no Elasticsearch). Then BENCH_SEARCH_QUERIES distinct
queries, drawn from the same generated texts: frequent, middling and rare words, phrases, spelling
variants (diacritics, tatweel, hamza forms, ta marbuta, alef maqsura) that normalisation must fold,
French words, words found nowhere; one in ten asks for the second page of results.

Measured, each query once (all distinct, so neither the page cache nor nginx's micro-cache answers):
- backend: search/query.search_pages() in a process of the stack (its database and settings),
  i.e. the searches, the count and the page of specific pages, without the template;
- search page: the whole view through Django's test client in that process, page cache off;
- HTTP: GET /ar/search/?q=… through nginx by one client (latency), then other queries as many again
  by BENCH_SEARCH_CONCURRENCY clients at once (both gunicorn instances busy, on the same cores).
Printed as p50/p95/p99/max per measure and p50/p95 per kind of query, with the queries per search
page. Nothing is asserted on speed; a search page that does not answer 200, a phrase taken from a
page that finds nothing, or a made-up word that finds something, fails the run (its figures would
mean nothing). The output's format is stable: closing notes quote it.

    BENCH_SEARCH_PAGES=20000  BENCH_SEARCH_QUERIES=400  BENCH_SEARCH_WARMUP=100  BENCH_SEARCH_CONCURRENCY=2
    BENCH_SEARCH_SEED=1 (of the queries)
"""
from __future__ import annotations

import http.client
import json
import os
import platform
import random
import shutil
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

import pytest

from base import synthetic_text
from tests.bench.test_throughput import Result, _git_commit
from tests.stack.conftest import Stack

ROOT = Path(__file__).resolve().parents[2]
PAGES = int(os.environ.get("BENCH_SEARCH_PAGES", "20000"))
QUERIES = int(os.environ.get("BENCH_SEARCH_QUERIES", "400"))
WARMUP = int(os.environ.get("BENCH_SEARCH_WARMUP", "100"))
CONCURRENCY = int(os.environ.get("BENCH_SEARCH_CONCURRENCY", "2"))
QUERY_SEED = int(os.environ.get("BENCH_SEARCH_SEED", "1"))
PORT_BASE = 8720
HOST = "127.0.0.1"  # commune A of the demo
SEED = 0  # of the pages' texts

#: kind of query → its share of the queries
MIX = {"frequent": 0.12, "middling": 0.13, "rare": 0.10, "phrase": 0.25, "variant": 0.15, "french": 0.10, "none": 0.15}

# Run in the stack's environment (manage.py shell): each query through search_pages(), then through the view.
MEASURE = """
import json, time
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site
from wagtail.search.models import IndexEntry
from search.query import search_pages

data = json.load(open({path!r}, encoding="utf-8"))
site = Site.objects.get(hostname={host!r})
client = Client(HTTP_HOST={host!r})

def backend(q, page):
    started = time.perf_counter()
    results = search_pages(q, site.root_page, page)
    return (time.perf_counter() - started) * 1000, results.paginator.count if results is not None else 0

def view(q, page):
    started = time.perf_counter()
    response = client.get("/ar/search/", {{"q": q, "page": page}})
    return (time.perf_counter() - started) * 1000, response.status_code

for q, page, _kind in data["warmup"]:
    backend(q, page), view(q, page)
out = {{"backend": [], "view": [], "found": [], "statuses": [], "queries": []}}
for q, page, _kind in data["queries"]:
    ms, found = backend(q, page)
    out["backend"].append(ms)
    out["found"].append(found)
for q, page, _kind in data["queries"]:
    ms, status = view(q, page)
    out["view"].append(ms)
    out["statuses"].append(status)
for q, page, _kind in data["queries"][::8]:
    with CaptureQueriesContext(connection) as captured:
        client.get("/ar/search/", {{"q": q, "page": page}})
    out["queries"].append(len(captured))
out["entries"] = IndexEntry.objects.count()
out["pages"] = site.root_page.get_descendants(inclusive=True).live().count()
print("RESULT=" + json.dumps(out))
"""


@pytest.fixture(scope="module")
def stack():
    directory = ROOT / "var" / "bench-search-stack"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    stack = Stack(directory, base=PORT_BASE, STACK_GUNICORN_THREADS="1")
    started = time.perf_counter()
    result = stack.command("start", check=False)
    try:
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        ready = time.perf_counter()
        print(f"\n[bench] search stack ready in {ready - started:.0f} s")
        out = stack.manage("create_articles", str(PAGES), "--site", HOST, "--seed", str(SEED))
        stack.setup_seconds = (ready - started, time.perf_counter() - ready)
        print(f"[bench] {out.strip()}")
        yield stack
    finally:
        stack.command("stop", check=False)


# --- the queries ---------------------------------------------------------------------------------

_HARAKAT = "\u064e\u064f\u0650\u0652"  # fatha, damma, kasra, sukun
_HAMZA_FORMS = {"\u0627": "\u0623", "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627"}


def _variant(rng: random.Random, text: str) -> str:
    """`text` spelled another way that normalisation folds back: harakat, tatweel, hamza, ta marbuta, alef maqsura."""
    words = []
    for word in text.split():
        if not any("\u0600" <= c <= "\u06ff" for c in word):
            words.append(word)
            continue
        way = rng.randrange(5)
        if way == 0:  # diacritics after some letters
            word = "".join(c + (rng.choice(_HARAKAT) if rng.random() < 0.5 else "") for c in word)
        elif way == 1 and len(word) > 3:  # tatweel in the middle
            middle = rng.randrange(2, len(word) - 1)
            word = word[:middle] + "\u0640" * rng.randint(1, 3) + word[middle:]
        elif way == 2:  # another hamza form of the first alef
            index = next((i for i, c in enumerate(word) if c in _HAMZA_FORMS), None)
            if index is not None:
                word = word[:index] + _HAMZA_FORMS[word[index]] + word[index + 1:]
        elif way == 3:
            word = word.replace("\u0629", "\u0647").replace("\u0649", "\u064a")  # ة → ه, ى → ي
        else:
            word = word.replace("\u0647", "\u0629") if word.endswith("\u0647") else word + "\u064b"  # ه → ة, or tanwin
        words.append(word)
    return " ".join(words)


def _nonsense(rng: random.Random) -> str:
    letters = "ضصثقفغعخحجشسيبلتنمكطظزوةىرؤءئ"
    return "".join(rng.choice(letters) for _ in range(rng.randint(7, 9)))


def make_queries(count: int, seed: int, texts: list) -> list[tuple[str, int, str]]:
    """`count` distinct (query, results page, kind), in a shuffled order."""
    rng = random.Random(seed)
    vocabulary, french = synthetic_text.VOCABULARY, synthetic_text.FRENCH_WORDS
    places = synthetic_text.PLACES

    def phrase() -> str:
        words = rng.choice(texts).words
        length = rng.choice((2, 2, 3))
        start = rng.randrange(len(words) - length)
        return " ".join(words[start:start + length])

    makers = {
        "frequent": lambda: rng.choice(vocabulary[:40]) if rng.random() < 0.7 else " ".join(rng.sample(vocabulary[:40], 2)),
        "middling": lambda: rng.choice(vocabulary[40:]),
        "rare": lambda: (rng.choice(places) if rng.random() < 0.5
                         else synthetic_text.family_name(rng.choice(places))),
        "phrase": phrase,
        "variant": lambda: _variant(rng, rng.choice([phrase(), rng.choice(vocabulary)])),
        "french": lambda: " ".join(rng.sample(french, rng.choice((1, 1, 2)))),
        "none": lambda: (_nonsense(rng) if rng.random() < 0.6
                         else f"{rng.choice(vocabulary[:200])} {_nonsense(rng)}" if rng.random() < 0.5
                         else f"xq{rng.randrange(10**6)}zv"),
    }
    seen: set[str] = set()
    queries = []
    for kind, share in MIX.items():
        wanted, tries = round(count * share), 0
        while wanted and tries < wanted * 50:
            tries += 1
            query = makers[kind]()
            if query in seen:
                continue
            seen.add(query)
            wanted -= 1
            page = 2 if kind not in ("none", "rare") and rng.random() < 0.1 else 1
            queries.append((query, page, kind))
    rng.shuffle(queries)
    return queries


# --- HTTP -------------------------------------------------------------------------------------------


def fetch_all(port: int, queries: list, concurrency: int) -> tuple[list[float], list]:
    """GET each query's search page once through nginx; (latencies ms, statuses) in the queries' order."""
    latencies: list[float] = [0.0] * len(queries)
    statuses: list = [None] * len(queries)
    lock, position = threading.Lock(), iter(range(len(queries)))

    def client() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        while True:
            with lock:
                index = next(position, None)
            if index is None:
                break
            query, page, _kind = queries[index]
            path = "/ar/search/?" + urlencode({"q": query, **({"page": page} if page != 1 else {})})
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Host": f"{HOST}:{port}", "User-Agent": "jamaa-bench"})
                response = conn.getresponse()
                response.read()
                statuses[index] = response.status
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                statuses[index] = type(error).__name__
            latencies[index] = (time.perf_counter() - started) * 1000
        conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, statuses


def wait_until_served(stack: Stack, timeout: float = 120) -> None:
    """Until each gunicorn instance answers, then nginx (which marks an instance down for a few seconds
    after a failure, and may have answered `stack.py start` from its cache while gunicorn was booting)."""
    deadline = time.monotonic() + timeout
    for port, path in [*((port, "/ar/") for port in stack.web_ports), (stack.port, "/ar/?bench-ready=%d")]:
        attempt = 0
        while True:
            attempt += 1
            conn = http.client.HTTPConnection(HOST, port, timeout=10)
            try:
                conn.request("GET", path.replace("%d", str(attempt)), headers={"Host": f"{HOST}:{port}"})
                if conn.getresponse().status == 200:
                    break
            except (OSError, http.client.HTTPException):
                pass
            finally:
                conn.close()
            assert time.monotonic() < deadline, f"port {port} did not answer {path} within {timeout:.0f} s"
            time.sleep(0.5)


def _result(label: str, latencies: list[float]) -> Result:
    return Result(label=label, path="", requests=len(latencies), latencies_ms=list(latencies))


def _line(result: Result) -> str:
    return (f"{result.label:<44} {result.requests:>5} {result.percentile(50):>8.1f} {result.percentile(95):>8.1f} "
            f"{result.percentile(99):>8.1f} {max(result.latencies_ms):>8.1f}")


def _check_statuses(label: str, queries: list, statuses: list) -> None:
    failed = [(q, status) for (q, _page, _kind), status in zip(queries, statuses, strict=True) if status != 200]
    assert not failed, f"{label}: {len(failed)} search pages did not answer 200, e.g. {failed[:5]}"


def test_search_with_many_pages(stack):
    texts = list(synthetic_text.texts(min(PAGES, 2000), seed=SEED))  # the first pages created: phrases to look for
    queries = make_queries(2 * QUERIES + WARMUP, QUERY_SEED, texts)
    warmup, measured, loaded = queries[:WARMUP], queries[WARMUP:WARMUP + QUERIES], queries[WARMUP + QUERIES:]
    data_file = stack.dir / "bench-search-queries.json"
    data_file.write_text(json.dumps({"warmup": warmup, "queries": measured}, ensure_ascii=False), encoding="utf-8")

    wait_until_served(stack)
    _latencies, statuses = fetch_all(stack.port, warmup, CONCURRENCY)
    _check_statuses("warm-up", warmup, statuses)
    http_ms, statuses = fetch_all(stack.port, measured, 1)
    _check_statuses("HTTP, one client", measured, statuses)
    loaded_ms, statuses = fetch_all(stack.port, loaded, CONCURRENCY)
    _check_statuses(f"HTTP, {CONCURRENCY} clients", loaded, statuses)
    load_average = os.getloadavg()[0]

    out = stack.manage("shell", "-c", MEASURE.format(path=str(data_file), host=HOST), JAMAA_PAGE_CACHE_SECONDS="0")
    result = json.loads(next(line for line in out.splitlines() if line.startswith("RESULT="))[len("RESULT="):])
    _check_statuses("in-process view", measured, result["statuses"])
    kinds = [kind for _q, _p, kind in measured]
    lost = [q for (q, _p, kind), found in zip(measured, result["found"], strict=True) if kind == "phrase" and not found]
    assert not lost, f"phrases taken from the pages found nothing: {lost[:10]}"
    invented = [q for (q, _p, kind), found in zip(measured, result["found"], strict=True) if kind == "none" and found]
    assert not invented, f"made-up words found something: {invented[:10]}"

    stack_seconds, pages_seconds = stack.setup_seconds
    print(f"\n[bench] commit {_git_commit()}, Python {platform.python_version()}, {os.cpu_count()} cores (load average "
          f"{load_average:.1f} after the HTTP runs); local stack (nginx, 2 gunicorn x 1 sync worker, PostgreSQL, Redis), "
          "database search backend")
    print(f"[bench] {result['pages']} live pages in commune {HOST} ({PAGES} generated), {result['entries']} index entries; "
          f"setup: stack {stack_seconds:.0f} s, pages created and indexed {pages_seconds:.0f} s")
    counts = defaultdict(int)
    for kind in kinds:
        counts[kind] += 1
    print(f"[bench] {len(measured)} distinct queries after {len(warmup)} warm-up: "
          + ", ".join(f"{kind} {counts[kind]}" for kind in MIX)
          + f"; {sum(p == 2 for _q, p, _k in measured)} for results page 2; {len(loaded)} others for HTTP "
          f"with {CONCURRENCY} clients")
    header = f"{'search':<44} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}"
    print(header)
    print("-" * len(header))
    print(_line(_result("backend (search_pages, in the stack)", result["backend"])))
    print(_line(_result("search page (view in-process, uncached)", result["view"])))
    print(_line(_result("search page over HTTP, 1 client", http_ms)))
    print(_line(_result(f"search page over HTTP, {CONCURRENCY} clients (other queries)", loaded_ms)))
    print(f"{'by kind: backend | HTTP, 1 client':<44} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'results':>13}")
    for kind in MIX:
        chosen = [i for i, k in enumerate(kinds) if k == kind]
        backend = _result(kind, [result["backend"][i] for i in chosen])
        over_http = _result(kind, [http_ms[i] for i in chosen])
        found = sorted(result["found"][i] for i in chosen)
        print(f"  {kind:<42} {len(chosen):>5} {backend.percentile(50):>8.1f} {backend.percentile(95):>8.1f} "
              f"{over_http.percentile(50):>8.1f} {over_http.percentile(95):>8.1f} {f'{found[0]}–{found[-1]}':>13}")
    slowest = sorted(range(len(measured)), key=lambda i: result["backend"][i], reverse=True)[:5]
    print("[bench] slowest in the backend: " + "; ".join(
        f"{measured[i][0]!r} p.{measured[i][1]} {result['found'][i]} results {result['backend'][i]:.0f} ms" for i in slowest))
    print(f"[bench] queries per search page: {min(result['queries'])}–{max(result['queries'])} "
          f"(over {len(result['queries'])} searches, whatever the number of results)")
    sys.stdout.flush()
