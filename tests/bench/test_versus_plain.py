"""Jamaa on the local production stack against a plain Wagtail site (`make bench`), side by side.

Jamaa runs as deployed (deploy/stack.py in var/bench-stack/, ports 8690–8694): nginx in front of two
gunicorn instances of one worker each (two workers in all, of BENCH_THREADS threads), PostgreSQL, Redis, the worker, the demo communes. The plain site is
what `wagtail start` makes (its production settings, SQLite, a second page standing for an article),
served by gunicorn with two workers of BENCH_THREADS threads on port 8696. Both on this machine, measured
in one run with the same client: wrk when installed (Debian's `wrk`; tests/bench/wrk.py), else Python
threads, BENCH_CONCURRENCY (16) keep-alive connections, about BENCH_REQUESTS requests per page after a
warm-up. "home page, app cache" asks a gunicorn instance directly: what Django's page cache serves
without nginx's micro-cache.

Printed: requests per second and p50/p99 latency for the home page, an article and a search, and
for Jamaa alone (the plain site has no forms) a suggestion submitted and petition signatures taken
and confirmed (each confirmation a GET of its page and a POST, as a signatory does); the ratio Jamaa /
plain for each page; then one uncached render of each home page (median ms of 20, and queries).
Nothing is asserted on speed; a page that does not answer 200 fails the run (its figures would mean
nothing). The output's format is stable: closing notes quote it.

    BENCH_REQUESTS=20000  BENCH_CONCURRENCY=16  BENCH_WARMUP=200  BENCH_MAX_SECONDS=60  BENCH_THREADS=1
    BENCH_SUBMISSIONS=300  BENCH_SIGNATURES=1000  BENCH_SIGNS=300
"""
from __future__ import annotations

import os
import platform
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.bench.cpu import StackCpu
from tests.bench.test_signing import COUNT as SIGNATURE_COUNT
from tests.bench.test_signing import EMAIL_DOMAIN as SIGN_DOMAIN
from tests.bench.test_signing import PREPARE, TITLE, confirm_many, sign_many
from tests.bench.test_submissions import FIND_FORM, _value, submit_many
from tests.bench.test_throughput import FIND_ARTICLE, Result, _git_commit, fetch_many
from tests.bench.wrk import client_name, load
from tests.stack.conftest import Stack

ROOT = Path(__file__).resolve().parents[2]
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20000"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "16"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "200"))
MAX_SECONDS = float(os.environ.get("BENCH_MAX_SECONDS", "60"))
SUBMISSIONS = int(os.environ.get("BENCH_SUBMISSIONS", "300"))
SIGNATURES = int(os.environ.get("BENCH_SIGNATURES", "1000"))
SIGNS = int(os.environ.get("BENCH_SIGNS", "300"))
THREADS = os.environ.get("BENCH_THREADS", "1")  # 4 threads made both sites slower here (the GIL, 2 cores)
PLAIN_PORT = 8696
SEARCH_TERM = "الميزانية"

RENDER = """
import statistics, time
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
assert client.get("{path}").status_code == 200
times = []
for _ in range(20):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get("{path}")
        times.append((time.perf_counter() - started) * 1000)
    assert response.status_code == 200
print("RENDER=%.1f" % statistics.median(times))
print("QUERIES=%d" % len(queries))
"""

PLAIN_ARTICLE = """
from wagtail.models import Page
from home.models import HomePage
home = HomePage.objects.first()
if not home.get_children().filter(slug="article").exists():
    article = HomePage(title="An article of the plain site", slug="article")
    home.add_child(instance=article)
    article.save_revision().publish()
print("ARTICLE=/article/")
"""


@pytest.fixture(scope="module")
def jamaa():
    directory = ROOT / "var" / "bench-stack"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    stack = Stack(directory, base=8690, STACK_GUNICORN_THREADS=THREADS)
    started = time.perf_counter()
    result = stack.command("start", check=False)
    try:
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        print(f"\n[bench] Jamaa stack ready in {time.perf_counter() - started:.0f} s")
        yield stack
    finally:
        stack.command("stop", check=False)


@pytest.fixture(scope="module")
def plain():
    directory = ROOT / "var" / "bench-plain"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    venv = ROOT / ".venv" / "bin"
    subprocess.run([str(venv / "wagtail"), "start", "plainsite", str(directory)], check=True, capture_output=True)
    (directory / "plainsite" / "settings" / "local.py").write_text(
        'SECRET_KEY = "bench-only-not-secret"\nALLOWED_HOSTS = ["127.0.0.1", "localhost"]\n')
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "plainsite.settings.production", "PYTHONPATH": str(directory)}

    def manage(*args) -> str:
        done = subprocess.run([str(venv / "python"), "manage.py", *args], cwd=directory, env=env, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    manage("migrate", "--no-input", "-v", "0")
    manage("collectstatic", "--no-input", "-v", "0")  # its production settings use hashed static names
    article = _value(manage("shell", "-c", PLAIN_ARTICLE), "ARTICLE")
    pid = directory / "gunicorn.pid"
    subprocess.run([str(venv / "gunicorn"), "--workers", "2", "--threads", THREADS, "--bind", f"127.0.0.1:{PLAIN_PORT}", "--daemon", "--pid", str(pid),
                    "--error-logfile", str(directory / "gunicorn.log"), "plainsite.wsgi:application"],
                   cwd=directory, env=env, check=True)
    deadline = time.monotonic() + 30
    while not pid.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1)
    try:
        yield {"port": PLAIN_PORT, "article": article, "manage": manage}
    finally:
        if pid.exists():
            os.kill(int(pid.read_text().split()[0]), signal.SIGTERM)


def _measure(port: int, label: str, path: str) -> Result:
    warm = fetch_many(port, path, WARMUP, CONCURRENCY, MAX_SECONDS, label)
    assert warm.statuses == {200: warm.requests}, f"{label} {path} answered {warm.statuses}"
    result = load(port, path, REQUESTS, CONCURRENCY, MAX_SECONDS, label)
    assert result.statuses == {200: result.requests}, f"{label} {path} answered {result.statuses}"
    return result


def _row(label: str, jamaa: Result | None, plain: Result | None, unit: str = "req/s") -> str:
    def cells(r):
        return f"{r.rps:>9.1f} {r.percentile(50):>8.1f} {r.percentile(99):>8.1f}" if r else f"{'—':>9} {'—':>8} {'—':>8}"

    ratio = f"{jamaa.rps / plain.rps:>8.1f}×" if jamaa and plain and plain.rps else f"{'—':>9}"
    return f"{label:<26} {cells(jamaa)}   {cells(plain)}   {ratio}  {unit}"


def test_jamaa_versus_plain_wagtail(jamaa, plain):
    article = _value(jamaa.manage("shell", "-c", FIND_ARTICLE), "ARTICLE")
    pages = [
        ("home page", "/ar/", "/"),
        ("news article", article, plain["article"]),
        ("search query", f"/ar/search/?q={quote(SEARCH_TERM)}", "/search/?query=article"),
    ]
    rows = []
    for label, jamaa_path, plain_path in pages:
        rows.append((label, _measure(jamaa.port, label, jamaa_path), _measure(plain["port"], label, plain_path)))
    rows.insert(1, ("home page, app cache", _measure(jamaa.web_ports[0], "home page, app cache", "/ar/"), rows[0][2]))

    # submissions go to the gunicorn instances directly (suggestions to the first, signatures to both in turn),
    # each from its own address through the trusted proxy: through nginx they would all come from 127.0.0.1
    form = _value(jamaa.manage("shell", "-c", FIND_FORM), "FORM")
    submitted, problems = submit_many(jamaa.web_ports[0], form, SUBMISSIONS, CONCURRENCY, MAX_SECONDS)
    assert submitted.statuses == {"accepted": submitted.requests}, (submitted.statuses, problems)

    links_file = jamaa.dir / "bench-confirm-links.txt"
    prepared = jamaa.manage("shell", "-c", PREPARE.format(title=TITLE, domain=SIGN_DOMAIN, count=SIGNATURES, tokens=links_file))
    petition, detail = int(_value(prepared, "PETITION")), _value(prepared, "DETAIL")
    signed, sign_problems = sign_many(jamaa.web_ports, detail, SIGNS, CONCURRENCY, MAX_SECONDS)
    assert signed.statuses == {"accepted": signed.requests}, (signed.statuses, sign_problems)
    links = links_file.read_text().split()
    cpu = StackCpu(jamaa.dir)
    before = cpu.read()
    confirmed, confirm_problems, _steps = confirm_many(jamaa.web_ports, links, CONCURRENCY, MAX_SECONDS)
    confirm_cpu = {part: seconds * 1000 / max(confirmed.requests, 1) for part, seconds in cpu.spent(before, cpu.read()).items()}
    assert confirmed.statuses == {"confirmed": confirmed.requests}, (confirmed.statuses, confirm_problems)
    counted = int(_value(jamaa.manage("shell", "-c", SIGNATURE_COUNT.format(pk=petition)), "COUNT"))
    assert counted == confirmed.requests  # each confirmation counted once

    jamaa_render = jamaa.manage("shell", "-c", RENDER.format(path="/ar/"), JAMAA_PAGE_CACHE_SECONDS="0")
    plain_render = plain["manage"]("shell", "-c", RENDER.format(path="/"))

    print(f"\n[bench] commit {_git_commit()}, Python {platform.python_version()}, {os.cpu_count()} cores, {CONCURRENCY} "
          f"connections ({client_name()}), about {REQUESTS} requests per page after {WARMUP} warm-up requests")
    print(f"[bench] Jamaa: local stack (nginx, 2 gunicorn instances x 1 worker x {THREADS} threads, PostgreSQL, Redis); "
          f"plain: `wagtail start`, gunicorn 2 workers x {THREADS} threads, SQLite")
    header = f"{'':<26} {'Jamaa req/s':>9} {'p50 ms':>8} {'p99 ms':>8}   {'plain req/s':>9} {'p50 ms':>8} {'p99 ms':>8}   {'ratio':>9}"
    print(header)
    print("-" * len(header))
    for label, jamaa_result, plain_result in rows:
        print(_row(label, jamaa_result, plain_result))
    print(_row("suggestion submitted", submitted, None, f"{submitted.rps * 60:.0f}/min"))
    print(_row("petition signature taken", signed, None, f"{signed.rps * 60:.0f}/min"))
    print(_row("signature confirmed", confirmed, None, f"{confirmed.rps * 60:.0f}/min (GET + POST each)"))
    server_ms = sum(ms for part, ms in confirm_cpu.items() if part != "client")
    print("[bench] CPU per signature confirmed (GET + POST): " + ", ".join(f"{part} {ms:.1f} ms" for part, ms in confirm_cpu.items())
          + f"; the server's {server_ms:.1f} ms make {os.cpu_count() * 60_000 / server_ms:.0f}/min on {os.cpu_count()} cores without the client")
    print(f"[bench] uncached home page render: Jamaa {_value(jamaa_render, 'RENDER')} ms, {_value(jamaa_render, 'QUERIES')} "
          f"queries; plain {_value(plain_render, 'RENDER')} ms, {_value(plain_render, 'QUERIES')} queries")
    sys.stdout.flush()
