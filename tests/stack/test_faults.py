"""Faults on the local production stack (deploy/stack.py): one part stops, the site keeps serving
what it can, says so, and recovers by itself when the part is back, without restarting the web
servers. The stack runs in var/test-stack-faults/ on five ports from STACK_FAULTS_PORT_BASE (8495),
with ELASTICSEARCH_URL pointing at a closed port.

- PostgreSQL stopped: cached pages are still served (Django's page cache in Redis, nginx's
  micro-cache); a form answers a 503 page in the visitor's language and stores nothing; when
  PostgreSQL returns, the same form succeeds and the worker (restarted by its loop, as systemd
  does) sends its e-mail;
- Redis stopped: pages, forms and staff sign-in work from each process's memory, one warning per
  process says so, and Redis is used again when it answers;
- Elasticsearch unreachable: search answers from the database index and logs a warning;
- the task worker stopped: submissions queue their e-mails in the database; each is sent once
  when the worker is back;
- a web instance killed mid-request: nginx sends the GETs to the other instance, none fails.

Each test prints its figures (pytest -s shows them)."""
import json
import os
import signal
import socket
import subprocess
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis

from tests.stack.conftest import running_stack
from tests.stack.test_stack import DEMO_PASSWORD, Browser, _value

pytestmark = pytest.mark.stack

BASE = int(os.environ.get("STACK_FAULTS_PORT_BASE", "8495"))

PATHS = """
import json
from wagtail.models import Site
from participation.petitions.models import Petition, PetitionIndexPage
from participation.suggestions.models import SuggestionBoxPage
site = Site.objects.get(hostname="127.0.0.1")
box = SuggestionBoxPage.objects.live().public().descendant_of(site.root_page).filter(locale__language_code="ar").first()
index = PetitionIndexPage.objects.live().descendant_of(site.root_page).filter(locale__language_code="ar").first()
petition = Petition.objects.filter(site=site, status="open", signatures_required__isnull=False).order_by("pk").first()
paths = {}
for page in [box, index]:
    for translation in [page, *page.get_translations().live().filter(locale__language_code="fr")]:
        language, translation = translation.locale.language_code, translation.specific
        if isinstance(translation, SuggestionBoxPage):
            paths["suggestions_" + language] = translation.get_url_parts()[2]
        else:
            paths["petition_" + language] = translation.route_path("detail", petition.pk)
            paths["sign_" + language] = translation.route_path("sign", petition.pk)
print("PATHS=" + json.dumps(paths))
"""
UNAVAILABLE = {"ar": "الموقع غير متاح لبضع لحظات", "fr": "Le site est brièvement indisponible"}


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def faults():
    with running_stack("test-stack-faults", BASE, ELASTICSEARCH_URL=f"http://127.0.0.1:{_closed_port()}") as stack:
        yield stack


@pytest.fixture(scope="module")
def paths(faults) -> dict[str, str]:
    return json.loads(_value(faults.manage("shell", "-c", PATHS), "PATHS"))


# --- helpers -------------------------------------------------------------------------------------


def sql(stack, query: str) -> str:
    """One value from the stack's database, through psql (quicker than a manage.py shell)."""
    password = next(line for line in (stack.dir / "env").read_text().splitlines() if line.startswith("PG_PASSWORD="))
    result = subprocess.run(["psql", "-X", "-A", "-t", "-h", "127.0.0.1", "-p", stack.env["STACK_PG_PORT"], "-U", "jamaa",
                             "-d", "jamaa", "-c", query], env={**os.environ, "PGPASSWORD": password.split("=", 1)[1]},
                            capture_output=True, text=True, timeout=30, check=True)
    return result.stdout.strip()


def rows(stack, table: str, tag: str) -> int:
    return int(sql(stack, f"SELECT count(*) FROM {table} WHERE email LIKE '{tag}%'"))


def log_size(stack, name: str) -> int:
    path = stack.dir / "log" / f"{name}.log"
    return path.stat().st_size if path.exists() else 0


def log_since(stack, name: str, offset: int) -> str:
    with open(stack.dir / "log" / f"{name}.log", "rb") as log:
        log.seek(offset)
        return log.read().decode(errors="replace")


def web_logs(stack) -> list[str]:
    return [f"web{n}" for n in range(1, len(stack.web_ports) + 1)]


def sent_to(stack, addresses: list[str]) -> Counter:
    """E-mails written by the stack, counted by recipient."""
    counts = Counter()
    for path in stack.mails():
        text = path.read_text(errors="replace")
        for address in addresses:
            counts[address] += text.count(f"To: {address}\n")
    return counts


def answers(port: int, path: str) -> bool:
    try:
        return Browser(port).request(path)[0] == 200
    except OSError:  # not listening (yet)
        return False


def burst(ports: list[int], label: str, per_port: int = 8) -> Counter:
    """Statuses of `per_port` concurrent GETs of new addresses (rendered, so reading the database)
    on each port: more than an instance's threads, so that each thread serves one."""
    paths = [(port, f"/ar/?{label}={time.time_ns()}.{n}") for port in ports for n in range(per_port)]
    with ThreadPoolExecutor(max_workers=per_port) as pool:
        return Counter(pool.map(lambda target: Browser(target[0]).request(target[1])[0], paths))


def wait_for(condition, seconds: float, message: str, every: float = 0.25):
    deadline = time.monotonic() + seconds
    while not (result := condition()):
        assert time.monotonic() < deadline, message
        time.sleep(every)
    return result


def idle_worker(stack) -> None:
    """Wait until the worker has run every queued task: loading the demo queues some 2,000 (search
    and reference index updates, e-mails), which build the search index and would otherwise delay
    the e-mails measured here."""
    query = "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')"
    wait_for(lambda: sql(stack, query) == "0", 180, "the worker did not empty its queue within 180 s", every=1)


def suggestion(browser, box: str, email: str) -> dict:
    """The filled-in suggestion form of `box` (read now, to be sent later)."""
    form = browser.form(box + "new/")
    return {**form.hidden, "kind": form.first_choice.get("kind", "suggestion"), "category": form.first_choice["category"],
            "title": f"Fault test {email}", "text": "A suggestion sent while a part of the stack was down.",
            "neighbourhood": "", "name": "Fault Citizen", "email": email, "phone": "", "consent": "on", "website": "",
            "captcha_1": "PASSED"}


def signature(browser, petition: str, email: str) -> dict:
    form = browser.form(petition)
    return {**form.hidden, "captcha_1": "PASSED", "name": "Signataire de test", "cin": f"ZT{time.time_ns() % 10_000_000}",
            "basis": "resident", "address": "Derb du test, 1", "activity": "", "email": email, "consent": "on",
            "website": ""}


# --- the faults ----------------------------------------------------------------------------------


def test_redis_stopped(faults, paths):
    """Pages, a form and staff sign-in work while Redis is stopped; the log says so once per
    process; Redis is used again once it is back."""
    tag = f"redis{time.time_ns()}"
    offsets = {name: log_size(faults, name) for name in web_logs(faults)}
    faults.command("stop-service", "redis")
    try:
        served, started = 0, time.monotonic()
        for n in range(10):  # rendered by the instances (new addresses), each caching in its memory
            status, _headers, _body = Browser(faults.port).request(f"/ar/?{tag}={n}")
            assert status == 200, status
            served += 1
        direct = Browser(faults.web_ports[0])
        assert direct.request(f"/fr/?{tag}=cached")[0] == 200
        status, headers, _body = direct.request(f"/fr/?{tag}=cached")
        assert status == 200 and headers["X-Page-Cache"] == "hit"  # from the process's memory
        pages_seconds = time.monotonic() - started

        citizen = Browser(faults.port)
        status, headers, _body = citizen.request(paths["suggestions_ar"] + "new/",
                                                 suggestion(citizen, paths["suggestions_ar"], f"{tag}@example.org"))
        assert status == 302 and "/thanks/" in headers["Location"], status

        staff = Browser(faults.port)
        login = staff.form("/admin/login/")
        status, _headers, _body = staff.request("/admin/login/", {
            "csrfmiddlewaretoken": login.hidden["csrfmiddlewaretoken"], "username": "a_participation",
            "password": DEMO_PASSWORD, "next": "/admin/"})
        assert status == 302, "the staff account could not sign in without Redis"
        for port in faults.web_ports:  # the session is known to both instances (from the database)
            assert Browser(port, staff.jar).request("/admin/")[0] == 200

        warnings = {name: log_since(faults, name, offset).count("cannot be reached") for name, offset in offsets.items()}
        assert sum(warnings.values()) >= 1 and all(count <= 1 for count in warnings.values()), warnings
    finally:
        faults.command("start-service", "redis")

    back, client = time.monotonic(), redis.Redis(port=int(faults.env["STACK_REDIS_PORT"]))

    def redis_used_by_both() -> bool:
        for n in range(4):  # round robin: each instance gets requests, and retries Redis within 5 s
            Browser(faults.port).request(f"/fr/?{tag}=back{time.time_ns()}{n}")
        logs = [log_since(faults, name, offset) for name, offset in offsets.items()]
        return client.dbsize() > 0 and all("answers again" in log for log in logs)

    wait_for(redis_used_by_both, 30, "the instances did not use Redis again within 30 s of its return", every=0.5)
    print(f"\n[faults] Redis stopped: {served} pages rendered in {pages_seconds:.1f} s, a cached hit, a suggestion and a "
          f"staff sign-in on both instances, 0 errors; warnings logged {warnings}; Redis used again by both instances "
          f"{time.monotonic() - back:.1f} s after its return")


def _tree(pid: int) -> list[int]:
    """A process and its descendants (gunicorn's master and its workers)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    tree, grown = {pid}, True
    while grown:
        children = {child for child, parent in parents.items() if parent in tree} - tree
        grown, tree = bool(children), tree | children
    return sorted(tree)


def test_a_web_instance_killed_mid_request(faults):
    """SIGKILL one gunicorn instance (master and workers) under a steady stream of GETs through
    nginx: the other instance answers every one; start-service brings the first one back."""
    log = faults.dir / "log" / "nginx.access.log"
    offset = log.stat().st_size
    results, stop = Counter(), threading.Event()

    def reader(n: int):
        browser, count = Browser(faults.port), 0
        while not stop.is_set():
            count += 1
            try:  # new addresses: both caches miss, the instances render every request
                status = browser.request(f"/{'ar' if count % 2 else 'fr'}/?kill={n}.{count}")[0]
            except Exception as error:  # a reset, a cut response...: a failed GET all the same
                status = type(error).__name__
            results[status] += 1

    readers = [threading.Thread(target=reader, args=(n,)) for n in range(3)]
    for thread in readers:
        thread.start()
    try:
        time.sleep(1.5)
        victim = _tree(int((faults.dir / "run" / "web1.pid").read_text().split()[0]))
        before_kill = sum(results.values())
        for pid in victim:
            os.kill(pid, signal.SIGKILL)
        time.sleep(4)
        during = sum(results.values()) - before_kill
        restarted = time.monotonic()
        faults.command("start-service", "web1")
        wait_for(lambda: answers(faults.web_ports[0], "/fr/"), 60,
                 "the restarted instance did not answer within 60 s")
        back = time.monotonic() - restarted

        def nginx_uses_it_again() -> bool:
            recent = log_since(faults, "nginx.access", offset).splitlines()[-20:]
            return any(line.endswith(f"127.0.0.1:{faults.web_ports[0]}") for line in recent)

        wait_for(nginx_uses_it_again, 20, "nginx did not send requests to the restarted instance within 20 s")
    finally:
        stop.set()
        for thread in readers:
            thread.join(timeout=60)
    retried = sum(", " in line for line in log_since(faults, "nginx.access", offset).splitlines())
    assert results.keys() == {200}, results
    print(f"\n[faults] web1 killed ({len(victim)} processes): {results[200]} GETs through nginx, {during} while it was "
          f"down, 0 failed ({retried} retried on the other instance); web1 answered {back:.1f} s after start-service")


def test_elasticsearch_unreachable(faults):
    """ELASTICSEARCH_URL is a closed port: search answers from the database index and says so."""
    idle_worker(faults)  # the worker builds the database index of the demo pages
    offsets = {name: log_size(faults, name) for name in web_logs(faults)}
    started = time.monotonic()
    status, _headers, body = Browser(faults.port).request(f"/fr/search/?q=conseil&t={time.time_ns()}")
    seconds = time.monotonic() - started
    assert status == 200 and b'class="search-results"' in body
    assert any("Search engine unreachable" in log_since(faults, name, offset) for name, offset in offsets.items())
    print(f"\n[faults] Elasticsearch unreachable: search answered 200 with results from the database in {seconds:.2f} s")


def test_worker_stopped(faults, paths):
    """Submissions made while the worker is stopped queue their e-mails; each is sent once when it is back."""
    tag = f"worker{time.time_ns()}"
    emails = [f"{tag}.{n}@example.org" for n in range(4)]
    idle_worker(faults)
    faults.command("stop-service", "worker")
    try:
        for email in emails:
            citizen = Browser(faults.port)
            status, _headers, _body = citizen.request(paths["suggestions_ar"] + "new/",
                                                      suggestion(citizen, paths["suggestions_ar"], email))
            assert status == 302, status
        time.sleep(3)  # the worker polls every second: a running one would have sent them by now
        assert not any(sent_to(faults, emails).values())
        queued = int(sql(faults, f"""
            SELECT count(*) FROM django_tasks_database_dbtaskresult t JOIN participation_suggestions_suggestion s
            ON t.args_kwargs->'args'->>1 = 'participation_suggestions' AND t.args_kwargs->'args'->>3 = s.id::text
            WHERE s.email LIKE '{tag}%' AND t.status = 'READY'"""))
        assert queued >= len(emails), queued
    finally:
        faults.command("start-service", "worker")
    back = time.monotonic()
    wait_for(lambda: all(sent_to(faults, emails)[email] for email in emails), 60,
             "the worker did not send the queued e-mails within 60 s of its return", every=0.5)
    sent_after = time.monotonic() - back
    time.sleep(2)  # a message sent twice would show now
    counts = sent_to(faults, emails)
    assert all(counts[email] == 1 for email in emails), counts
    print(f"\n[faults] worker stopped: {len(emails)} suggestions accepted, {queued} tasks queued, 0 e-mails sent; "
          f"all {len(emails)} receipts sent once each {sent_after:.1f} s after the worker was back")


def test_postgresql_stopped(faults, paths):
    """Cached pages are served, forms answer 503 in the visitor's language and store nothing; when
    PostgreSQL is back the same forms succeed on the same web servers and the e-mails leave."""
    tag = f"pg{time.time_ns()}"
    idle_worker(faults)
    pages = ["/ar/", "/fr/", paths["suggestions_ar"], paths["suggestions_fr"]]
    with_form = [paths["petition_ar"], paths["petition_fr"]]  # a captcha, made in the database for each visitor
    reader = Browser(faults.port)
    for page in pages + with_form:  # rendered once: now in Django's page cache (Redis)
        assert reader.request(page)[0] == 200
    assert burst(faults.web_ports, "before") == {200: 16}  # every thread of each instance keeps a connection
    ar, fr, signer = Browser(faults.port), Browser(faults.port), Browser(faults.port)
    forms = {  # name: (citizen, where the form is sent, language, what they typed before the outage)
        "suggestion ar": (ar, paths["suggestions_ar"] + "new/", "ar", suggestion(ar, paths["suggestions_ar"], f"{tag}.ar@example.org")),
        "suggestion fr": (fr, paths["suggestions_fr"] + "new/", "fr", suggestion(fr, paths["suggestions_fr"], f"{tag}.fr@example.org")),
        "signature fr": (signer, paths["sign_fr"], "fr", signature(signer, paths["petition_fr"], f"{tag}.sign@example.org")),
    }

    faults.command("stop-service", "postgres")
    try:
        # pages: through nginx past its micro-cache's 5 s, and from each instance (Django's page cache)
        served, failed, deadline = 0, [], time.monotonic() + 6
        while time.monotonic() < deadline:
            for port in (faults.port, *faults.web_ports):
                for page in pages:
                    status, headers, _body = Browser(port).request(page)
                    served += status == 200
                    if status != 200:
                        failed.append((port, page, status))
        assert not failed, failed
        for page in with_form:  # served too, without a captcha key (none can be made now)
            assert reader.request(page)[0] == 200
            served += 1
        # forms: a clear 503 in the visitor's language, no trace of the error
        for name, (citizen, path, language, data) in forms.items():
            status, headers, body = citizen.request(path, data)
            text = body.decode()
            assert status == 503, (name, status)
            assert headers["Retry-After"] and f'<html lang="{language}"' in text and UNAVAILABLE[language] in text, name
            assert "Traceback" not in text and "OperationalError" not in text, name
    finally:
        faults.command("start-service", "postgres")
    # at once, every thread of both instances reads the database again: a kept connection, dead
    # since PostgreSQL stopped, is checked and replaced before it is used (CONN_HEALTH_CHECKS)
    back = time.monotonic()
    statuses = burst(faults.web_ports, "back")
    recovered = time.monotonic() - back
    assert statuses == {200: 16}, statuses

    # nothing of the refused submissions was written
    assert rows(faults, "participation_suggestions_suggestion", tag) == 0
    assert rows(faults, "participation_petitions_signature", tag) == 0
    # the same forms, sent again, succeed
    for name, (citizen, path, _language, data) in forms.items():
        status, headers, _body = citizen.request(path, data)
        assert status == 302, (name, status)
    assert rows(faults, "participation_suggestions_suggestion", tag) == 2
    assert rows(faults, "participation_petitions_signature", tag) == 1
    emails = [data["email"] for _citizen, _path, _language, data in forms.values()]
    wait_for(lambda: all(sent_to(faults, emails)[email] for email in emails), 90,
             "the worker did not send the e-mails of the accepted submissions after PostgreSQL's return", every=1)
    mailed = time.monotonic() - back
    print(f"\n[faults] PostgreSQL stopped: {served} page requests served, 0 failed; 3 forms answered 503 (ar, fr), "
          f"0 rows stored; PostgreSQL back: 16 concurrent renders on both instances answered in {recovered:.1f} s, "
          f"0 failed; 3 forms then accepted, their e-mails sent {mailed:.1f} s after PostgreSQL's return")
