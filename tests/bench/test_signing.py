"""Petition signatures through the full stack (`make bench`): signatures confirmed per second,
and signatures taken per second.

Issue 4: the UK Parliament petitions site peaked near 2,000 signatures a minute (33 a second) in
March 2019 and crashed; a single small server should hold several times that. The hot path is the
confirmation (each signature counts when its e-mail link is confirmed: one conditional UPDATE of the
petition's counter, the row every confirmation of the same petition contends for).

The site runs in its own process and database (tests/support/server.py): gunicorn with BENCH_WORKERS
sync workers, PostgreSQL when DATABASE_URL points at it (else SQLite, which serialises writers), the
demo communes loaded, commune.settings.test (captcha answer "PASSED" accepted; notification e-mails
rendered and "sent" to memory inside the request by the immediate task backend).

1. In the site's process (manage.py shell), an open petition of commune A and BENCH_SIGNATURES
   pending signatures are prepared, with their confirmation tokens (participation.core.verification).
2. Signing: BENCH_CONCURRENCY client threads each GET the petition's page once (CSRF cookie and
   token, captcha key), then POST the sign form with distinct signatories (BENCH_SIGNS in all), each
   from its own X-Forwarded-For address through the trusted proxy, as when many citizens sign
   through nginx: every POST must answer with the redirect to the petition's page.
3. Confirming: BENCH_CONCURRENCY client threads follow the confirmation links as a signatory does:
   GET the confirmation page (CSRF cookie and token), POST the button. Every POST must answer 200,
   and the petition's count must then be exactly BENCH_SIGNATURES (the signatures of step 2 are not
   confirmed, so they do not count). Nothing is asserted on speed.

    BENCH_SIGNATURES=1000  BENCH_SIGNS=300  BENCH_CONCURRENCY=4  BENCH_WORKERS=2  BENCH_MAX_SECONDS=180
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
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest

from tests.bench.test_submissions import FormParser, _value
from tests.bench.test_throughput import Result, _git_commit, collect, run_clients
from tests.support.server import HOST_A, TEST_SETTINGS, run_site

SIGNATURES = int(os.environ.get("BENCH_SIGNATURES", "1000"))
SIGNS = int(os.environ.get("BENCH_SIGNS", "300"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "4"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
MAX_SECONDS = float(os.environ.get("BENCH_MAX_SECONDS", "180"))
EMAIL_DOMAIN = "bench.example.org"
TITLE = "عريضة اختبار الأداء: تهيئة حديقة عمومية"

# Run in the site's process (manage.py shell): an open petition of commune A and N pending signatures.
PREPARE = """
from django.contrib.auth import get_user_model
from wagtail.models import Site
from participation.core import services
from participation.core.verification import make_token
from participation.petitions import services as petitions
from participation.petitions.models import PetitionIndexPage, Signature

site = Site.objects.get(hostname="127.0.0.1")
page = (PetitionIndexPage.objects.live().public().descendant_of(site.root_page)
        .filter(locale__language_code="ar").order_by("path").first())
admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
petition = petitions.start_petition(page, {{
    "kind": "citizens", "title": "{title}",
    "reasons": "عريضة أنشأها اختبار الأداء لقياس عدد التوقيعات المؤكدة في الثانية، يرجى تجاهلها.",
    "objectives": "قياس قدرة الموقع على تحمل التوقيعات المتزامنة.",
    "requested_item": "لا شيء: هذه عريضة تجريبية أنشأها اختبار الأداء.",
    "name": "Bench Agent", "email": "agent@{domain}", "agent_cin": "BE100000", "agent_address": "Bench street",
}}, language="ar")
petition = services.perform(petition, "open", admin)
rows = Signature.objects.bulk_create([
    Signature(petition=petition, name=f"Bench Signer {{n}}", cin=f"BN{{100000 + n}}", basis="resident",
              address=f"Bench street {{n}}", email=f"confirm{{n}}@{domain}")
    for n in range({count})
])
with open("{tokens}", "w") as out:
    for row in rows:
        out.write(page.route_path("confirm_signature", make_token("sign", row)) + "\\n")
print("PETITION=%d" % petition.pk)
print("DETAIL=" + page.get_url_parts()[2] + page.reverse_subpage("detail", args=[petition.pk]))
"""

COUNT = """
from participation.petitions.models import Petition, Signature
petition = Petition.objects.get(pk={pk})
print("COUNT=%d" % petition.signature_count)
print("CONFIRMED=%d" % Signature.objects.filter(petition=petition, confirmed_at__isnull=False).count())
print("SIGNED=%d" % Signature.objects.filter(petition=petition, email__startswith="sign").count())
print("STATUS=" + petition.status)
"""


@pytest.fixture(scope="module")
def bench_site():
    started = time.perf_counter()
    extra = {"JAMAA_TRUSTED_PROXIES": "127.0.0.1"}
    with run_site(settings=TEST_SETTINGS, workers=WORKERS, load_demo=True, extra_env=extra) as site:
        print(f"\n[bench] site ready in {time.perf_counter() - started:.1f} s (migrate, demo, gunicorn)")
        yield site


CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _get(conn, port: int, path: str, cookie: str = "", whole_form: bool = True):
    """GET a page: status, cookies, its form's hidden fields (only the CSRF token's unless `whole_form`:
    parsing a page costs the client as much CPU as the server spends to confirm), body."""
    headers = {"Host": f"{HOST_A}:{port}", "User-Agent": "jamaa-bench"}
    if cookie:
        headers["Cookie"] = cookie
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read().decode("utf-8", "replace")
    jar = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    if whole_form:
        parser = FormParser()
        parser.feed(body)
        return response.status, jar, parser.hidden, body
    token = CSRF_FIELD.search(body)
    return response.status, jar, {"csrfmiddlewaretoken": token.group(1)} if token else {}, body


def _post(conn, port: int, path: str, fields: dict, csrf: str, client_ip: str = ""):
    headers = {
        "Host": f"{HOST_A}:{port}",
        "User-Agent": "jamaa-bench",
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={csrf}",
    }
    if client_ip:
        headers["X-Forwarded-For"] = client_ip
    conn.request("POST", path, body=urlencode(fields), headers=headers)
    response = conn.getresponse()
    body = response.read()
    return response.status, response.headers.get("Location", ""), body


def _ports(port: int | list[int]):
    """Each client thread its port, in turn (several gunicorn instances share the load)."""
    ports, turn = ([port] if isinstance(port, int) else list(port)), itertools.count()
    return lambda: ports[next(turn) % len(ports)]


def sign_many(port: int | list[int], detail: str, total: int, concurrency: int, max_seconds: float, first: int = 0):
    """POST the sign form `total` times (distinct signatories and client addresses)."""
    next_port = _ports(port)
    counter = itertools.count(first)
    lock = threading.Lock()
    per_thread: list = []
    deadline = time.monotonic() + max_seconds
    sign_path = detail + "sign/"

    def client() -> None:
        latencies: list[float] = []
        statuses: Counter = Counter()
        problems: list[str] = []
        port = next_port()
        conn = http.client.HTTPConnection(HOST_A, port, timeout=60)
        status, jar, hidden, _body = _get(conn, port, detail)
        assert status == 200 and "csrftoken" in jar, f"GET {detail} answered {status}"
        assert "captcha_0" in hidden, sorted(hidden)
        csrf = jar["csrftoken"].value
        while time.monotonic() < deadline:
            n = next(counter)
            if n >= first + total:
                break
            fields = {
                **hidden,
                "name": f"Bench Signatory {n}",
                "cin": f"BS{200000 + n}",
                "basis": "resident",
                "address": f"Bench avenue {n}",
                "activity": "",
                "email": f"sign{n}@{EMAIL_DOMAIN}",
                "consent": "on",
                "website": "",
                "captcha_1": "PASSED",
            }
            start = time.perf_counter()
            try:
                status, location, body = _post(conn, port, sign_path, fields, csrf, f"2001:db8::1:{n + 1:x}")
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                status, location, body = type(error).__name__, "", b""
            latencies.append((time.perf_counter() - start) * 1000)
            ok = status == 302 and location.split("?")[0].endswith(detail)
            statuses["accepted" if ok else status] += 1
            if not ok and len(problems) < 3:
                problems.append(f"#{n}: {status} {location} {body[:300]!r}")
        conn.close()
        with lock:
            per_thread.append((latencies, statuses, problems))

    return collect("sign", sign_path, run_clients(client, concurrency), per_thread)


def confirm_many(port: int | list[int], links: list[str], concurrency: int, max_seconds: float):
    """Follow each confirmation link once: GET the page, POST its button."""
    next_port = _ports(port)
    queue = iter(links)
    lock = threading.Lock()
    gets: list[float] = []  # list.append is atomic: the threads share these two
    posts: list[float] = []
    per_thread: list = []
    deadline = time.monotonic() + max_seconds

    def client() -> None:
        latencies: list[float] = []
        statuses: Counter = Counter()
        problems: list[str] = []
        port = next_port()
        conn = http.client.HTTPConnection(HOST_A, port, timeout=60)
        csrf = ""
        while time.monotonic() < deadline:
            with lock:
                link = next(queue, None)
            if link is None:
                break
            start = time.perf_counter()
            try:
                status, jar, hidden, body = _get(conn, port, link, f"csrftoken={csrf}" if csrf else "", whole_form=False)
                if "csrftoken" in jar:
                    csrf = jar["csrftoken"].value
                if status == 200 and "csrfmiddlewaretoken" in hidden:
                    posted = time.perf_counter()
                    gets.append((posted - start) * 1000)
                    status, _location, body = _post(conn, port, link, hidden, csrf)
                    posts.append((time.perf_counter() - posted) * 1000)
                    body = body.decode("utf-8", "replace")
                else:
                    status = f"GET {status}"
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                status, body = type(error).__name__, ""
            latencies.append((time.perf_counter() - start) * 1000)
            statuses["confirmed" if status == 200 else status] += 1
            if status != 200 and len(problems) < 3:
                problems.append(f"{link}: {status} {body[:300]!r}")
        conn.close()
        with lock:
            per_thread.append((latencies, statuses, problems))

    result, problems = collect("confirm (GET + POST)", "confirm/<token>/", run_clients(client, concurrency), per_thread)
    return result, problems, (Result("GET", "", latencies_ms=gets), Result("POST", "", latencies_ms=posts))


def _line(vendor: str, result: Result, ok: int, unit: str) -> str:
    rate = ok / result.seconds if result.seconds else 0
    return (
        f"{vendor:<11} {result.label:<21} {result.requests:>6} {ok:>6} {rate:>8.1f} {rate * 60:>9.0f} "
        f"{result.percentile(50):>8.1f} {result.percentile(95):>8.1f} {result.percentile(99):>8.1f}   {unit}"
    )


def test_signatures_confirmed_per_second(bench_site):
    site = bench_site
    tokens_file = site.workdir / "bench-confirm-links.txt"
    prepared = site.manage(
        "shell", "--no-imports", "-c",
        PREPARE.format(title=TITLE, domain=EMAIL_DOMAIN, count=SIGNATURES, tokens=tokens_file),
    ).stdout
    pk, detail = int(_value(prepared, "PETITION")), _value(prepared, "DETAIL")
    assert pk and detail, prepared
    links = tokens_file.read_text().split()
    assert len(links) == SIGNATURES

    # warm-up: one page per worker (not counted)
    conn = http.client.HTTPConnection(HOST_A, site.port, timeout=30)
    for _ in range(WORKERS):
        status = _get(conn, site.port, detail)[0]
        assert status == 200, f"GET {detail}: {status}\n{site.log(40)}"
    conn.close()

    signed, sign_problems = sign_many(site.port, detail, SIGNS, CONCURRENCY, MAX_SECONDS)
    confirmed, confirm_problems, (gets, posts) = confirm_many(site.port, links, CONCURRENCY, MAX_SECONDS)
    counted = site.manage("shell", "--no-imports", "-c", COUNT.format(pk=pk)).stdout

    vendor = "postgresql" if site.database_url.startswith(("postgres", "pgsql", "psql")) else "sqlite"
    print(
        f"\n[bench] commit {_git_commit()}, Python {platform.python_version()}, {os.cpu_count()} cores, "
        f"gunicorn {WORKERS} sync workers, {TEST_SETTINGS} (captcha test mode, e-mails rendered in the request), "
        f"database {vendor}, {CONCURRENCY} client threads, one petition"
    )
    header = (f"{'database':<11} {'step':<21} {'tries':>6} {'ok':>6} {'ok/s':>8} {'ok/min':>9} "
              f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    print(header)
    print("-" * len(header))
    print(_line(vendor, signed, signed.statuses.get("accepted", 0), "signatures taken (POST of the form, e-mail sent)"))
    print(_line(vendor, confirmed, confirmed.statuses.get("confirmed", 0), "signatures confirmed and counted"))
    print(f"[bench] confirmation: GET of the page p50 {gets.percentile(50):.1f} ms, p95 {gets.percentile(95):.1f} ms; "
          f"POST of the button p50 {posts.percentile(50):.1f} ms, p95 {posts.percentile(95):.1f} ms")
    print(f"[bench] petition count {_value(counted, 'COUNT')}, confirmed rows {_value(counted, 'CONFIRMED')}, "
          f"signed through the form {_value(counted, 'SIGNED')}")

    assert signed.requests == SIGNS, f"only {signed.requests} of {SIGNS} signatures sent within {MAX_SECONDS:.0f} s"
    assert signed.statuses == {"accepted": SIGNS}, f"{signed.statuses}: {sign_problems}\n{site.log(40)}"
    assert int(_value(counted, "SIGNED")) == SIGNS
    assert confirmed.requests == SIGNATURES, f"only {confirmed.requests} of {SIGNATURES} confirmed within {MAX_SECONDS:.0f} s"
    assert confirmed.statuses == {"confirmed": SIGNATURES}, f"{confirmed.statuses}: {confirm_problems}\n{site.log(40)}"
    assert _value(counted, "STATUS") == "open"
    assert int(_value(counted, "COUNT")) == SIGNATURES, counted  # exactly: each confirmation counted once
    assert int(_value(counted, "CONFIRMED")) == SIGNATURES, counted
