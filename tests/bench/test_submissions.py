"""Suggestions accepted per second through the full stack (`make bench`).

The site runs in its own process and database (tests/support/server.py): gunicorn with BENCH_WORKERS
sync workers, PostgreSQL when DATABASE_URL points at it (else SQLite, which serialises writers), the
demo communes loaded. It runs with commune.settings.test, the settings that have CAPTCHA_TEST_MODE on
(the captcha answer "PASSED" is accepted); production has no switch for it, on purpose. With those
settings the notification e-mails are rendered and "sent" (to memory) inside the request by the
immediate task backend; in production the request only queues them for the worker.

Each of BENCH_CONCURRENCY client threads fetches the form page once (CSRF cookie and token, the
captcha's key, a category), then POSTs valid suggestions until BENCH_SUBMISSIONS have been sent in
all. Every POST must answer with the redirect to its receipt, and the database must then hold exactly
that many new suggestions with distinct references: figures of refused submissions would mean nothing.

Rate limits: each POST comes through the trusted proxy address (127.0.0.1, JAMAA_TRUSTED_PROXIES) with
its own X-Forwarded-For client address (IPv6 documentation prefix) and its own e-mail address, as when
many citizens write through nginx, so the per-IP and per-e-mail limits are counted as in production
but not reached. Nothing is asserted on speed.

    BENCH_SUBMISSIONS=300  BENCH_CONCURRENCY=4  BENCH_WORKERS=2  BENCH_MAX_SECONDS=120
"""
from __future__ import annotations

import http.client
import itertools
import os
import platform
import re
import threading
import time
from collections import Counter
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest

from tests.bench.test_throughput import _git_commit, collect, run_clients
from tests.support.server import HOST_A, TEST_SETTINGS, run_site

SUBMISSIONS = int(os.environ.get("BENCH_SUBMISSIONS", "300"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "4"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
MAX_SECONDS = float(os.environ.get("BENCH_MAX_SECONDS", "120"))
EMAIL_DOMAIN = "bench.example.org"

# Run in the site's process (manage.py shell): the form's path on commune A, in Arabic.
FIND_FORM = """
from wagtail.models import Site
from participation.suggestions.models import SuggestionBoxPage
site = Site.objects.get(hostname="127.0.0.1")
page = (SuggestionBoxPage.objects.live().public().descendant_of(site.root_page)
        .filter(locale__language_code="ar").order_by("path").first())
print("FORM=" + (page.get_url_parts()[2] + "new/" if page else ""))
"""

COUNT = f"""
from participation.suggestions.models import Suggestion
rows = Suggestion.objects.filter(email__endswith="@{EMAIL_DOMAIN}")
print("STORED=%d" % rows.count())
print("DISTINCT=%d" % rows.values("site", "reference").distinct().count())
"""


class FormParser(HTMLParser):
    """The submission form's hidden fields and the first option of each choice."""

    def __init__(self):
        super().__init__()
        self.hidden: dict[str, str] = {}
        self.first_choice: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name:
            if a.get("type") == "hidden":
                self.hidden[name] = a.get("value") or ""
            elif a.get("type") == "radio":
                self.first_choice.setdefault(name, a.get("value") or "")
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and a.get("value"):
            self.first_choice.setdefault(self._select, a["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def _value(output: str, key: str) -> str:
    return next((line[len(key) + 1 :] for line in output.splitlines() if line.startswith(key + "=")), "")


@pytest.fixture(scope="module")
def bench_site():
    started = time.perf_counter()
    extra = {"JAMAA_TRUSTED_PROXIES": "127.0.0.1"}
    with run_site(settings=TEST_SETTINGS, workers=WORKERS, load_demo=True, extra_env=extra) as site:
        print(f"\n[bench] site ready in {time.perf_counter() - started:.1f} s (migrate, demo, gunicorn)")
        yield site


def _form(port: int, path: str):
    """GET the form: (csrf cookie, hidden fields, first choices)."""
    conn = http.client.HTTPConnection(HOST_A, port, timeout=30)
    conn.request("GET", path, headers={"Host": f"{HOST_A}:{port}", "User-Agent": "jamaa-bench"})
    response = conn.getresponse()
    body = response.read().decode("utf-8", "replace")
    conn.close()
    assert response.status == 200, f"GET {path} answered {response.status}"
    cookie = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookie.load(header)
    assert "csrftoken" in cookie, "the form page set no CSRF cookie"
    parser = FormParser()
    parser.feed(body)
    assert "csrfmiddlewaretoken" in parser.hidden and "captcha_0" in parser.hidden, sorted(parser.hidden)
    assert parser.first_choice.get("category"), "the form offers no category (demo not loaded?)"
    return cookie["csrftoken"].value, parser.hidden, parser.first_choice


def submit_many(port: int, path: str, total: int, concurrency: int, max_seconds: float):
    counter = itertools.count()
    lock = threading.Lock()
    per_thread: list[tuple[list[float], Counter, list[str]]] = []
    deadline = time.monotonic() + max_seconds
    receipt = re.compile(re.escape(path[: -len("new/")]) + r"thanks/[\w-]+/$")

    def client() -> None:
        latencies: list[float] = []
        statuses: Counter = Counter()
        problems: list[str] = []
        csrf, hidden, choices = _form(port, path)
        conn = http.client.HTTPConnection(HOST_A, port, timeout=60)
        while time.monotonic() < deadline:
            n = next(counter)
            if n >= total:
                break
            fields = {
                **hidden,
                "kind": choices.get("kind", "suggestion"),
                "category": choices["category"],
                "title": f"Bench suggestion {n}",
                "text": f"Suggestion number {n} sent by the submission benchmark, please ignore.",
                "neighbourhood": "Hay Bench",
                "name": f"Bench Citizen {n}",
                "email": f"bench{n}@{EMAIL_DOMAIN}",
                "phone": "",
                "consent": "on",
                "website": "",
                "captcha_1": "PASSED",
            }
            headers = {
                "Host": f"{HOST_A}:{port}",
                "User-Agent": "jamaa-bench",
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={csrf}",
                "X-Forwarded-For": f"2001:db8::{n + 1:x}",  # one documentation address per citizen
            }
            start = time.perf_counter()
            try:
                conn.request("POST", path, body=urlencode(fields), headers=headers)
                response = conn.getresponse()
                body = response.read()
                status = response.status
                location = response.headers.get("Location", "")
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                status, location, body = type(error).__name__, "", b""
            latencies.append((time.perf_counter() - start) * 1000)
            ok = status == 302 and receipt.search(location.split("?")[0])
            statuses["accepted" if ok else status] += 1
            if not ok and len(problems) < 3:
                problems.append(f"#{n}: {status} {location} {body[:300]!r}")
        conn.close()
        with lock:
            per_thread.append((latencies, statuses, problems))

    return collect("submit suggestion", path, run_clients(client, concurrency), per_thread)


def test_suggestions_accepted_per_second(bench_site):
    site = bench_site
    path = _value(site.manage("shell", "--no-imports", "-c", FIND_FORM).stdout, "FORM")
    assert path, "commune A has no live suggestions box page in Arabic (the demo seed creates it)"
    before = int(_value(site.manage("shell", "--no-imports", "-c", COUNT).stdout, "STORED") or 0)

    # warm-up: one submission per worker, not counted in the figures but in the database
    warm, problems = submit_many(site.port, path, WORKERS, 1, MAX_SECONDS)
    assert warm.statuses == {"accepted": warm.requests}, f"{warm.statuses} {problems}\n{site.log(60)}"

    result, problems = submit_many(site.port, path, SUBMISSIONS, CONCURRENCY, MAX_SECONDS)
    accepted = result.statuses.get("accepted", 0)
    counted = site.manage("shell", "--no-imports", "-c", COUNT).stdout
    stored = int(_value(counted, "STORED")) - before - warm.requests
    distinct = int(_value(counted, "DISTINCT")) - before - warm.requests

    vendor = "postgresql" if site.database_url.startswith(("postgres", "pgsql", "psql")) else "sqlite"
    print(
        f"\n[bench] commit {_git_commit()}, Python {platform.python_version()}, {os.cpu_count()} cores, "
        f"gunicorn {WORKERS} sync workers, {TEST_SETTINGS} (captcha test mode, e-mails rendered in the request), "
        f"database {vendor}, {SUBMISSIONS} submissions over {CONCURRENCY} client threads"
    )
    header = f"{'database':<11} {'posts':>6} {'accepted':>9} {'stored':>7} {'accepted/s':>11} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
    print(header)
    print("-" * len(header))
    print(
        f"{vendor:<11} {result.requests:>6} {accepted:>9} {stored:>7} {accepted / result.seconds if result.seconds else 0:>11.1f} "
        f"{result.percentile(50):>8.1f} {result.percentile(95):>8.1f} {result.percentile(99):>8.1f}"
    )
    if result.requests < SUBMISSIONS:
        print(f"[bench] stopped after {MAX_SECONDS:.0f} s at {result.requests} submissions (BENCH_MAX_SECONDS)")

    assert result.requests == SUBMISSIONS, f"only {result.requests} of {SUBMISSIONS} sent within {MAX_SECONDS:.0f} s"
    assert accepted == SUBMISSIONS, f"{result.statuses}: {problems}\n{site.log(40)}"
    assert stored == SUBMISSIONS, f"{stored} new suggestions stored for {SUBMISSIONS} accepted"
    assert distinct == SUBMISSIONS, f"{distinct} distinct references for {SUBMISSIONS} suggestions"
