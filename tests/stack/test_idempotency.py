"""A web instance killed in the middle of a submission, on the local production stack
(deploy/stack.py: two gunicorn instances, PostgreSQL, Redis), with a stack of its own
(var/test-stack-idempotency, ports 8770-8774) started and stopped here.

Each round: a citizen's browser gets the suggestion form from instance 1 (its hidden token
included), sends the POST there, and instance 1's processes (the gunicorn master and its
worker) are SIGKILLed a moment later, before the answer is read; the browser then sends the
same bytes through instance 2. The kill lands before the commit in some rounds and after it in
others (the delay grows): in every round exactly one suggestion with that title exists and the
retry answers the redirect to its receipt (participation.core.idempotency)."""
import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.bench.test_submissions import FIND_FORM
from tests.stack.conftest import ROOT, Stack, _missing
from tests.stack.test_stack import Browser, _value

pytestmark = pytest.mark.stack

BASE = 8770  # nginx; 8771 and 8772 the two instances, 8773 PostgreSQL, 8774 Redis
#: seconds between sending the POST and killing the instance: early kills land before the commit
DELAYS = (0.0, 0.01, 0.05, 0.15, 0.3, 0.6, 1.0, 2.0)


@pytest.fixture(scope="module")
def own_stack():
    missing = _missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"the local stack needs {', '.join(missing)} (Debian packages), which CI installs")
        pytest.skip(f"the local stack needs {', '.join(missing)}")
    directory = ROOT / "var" / "test-stack-idempotency"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    stack = Stack(directory, base=BASE)
    started = stack.command("start", check=False)
    try:
        assert started.returncode == 0, started.stdout[-3000:] + started.stderr[-3000:]
        yield stack
    finally:
        stack.command("stop", check=False)
        shutil.rmtree(directory, ignore_errors=True)


def _parent(pid: Path) -> int | None:
    try:
        return int((pid / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def instance_processes(stack, n: int) -> list[int]:
    """The gunicorn master of instance `n` (its pid file) and its workers."""
    master = int((stack.dir / "run" / f"web{n}.pid").read_text().split()[0])
    return [master, *(int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _parent(p) == master)]


def kill(pids: list[int]) -> None:
    for pid in pids:  # the master first: it would start a new worker
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.02)


def restart_instance(stack, n: int) -> None:
    """deploy/stack.py's own start of one instance, then wait until it serves."""
    code = f"import sys; sys.path.insert(0, {str(ROOT / 'deploy')!r}); import stack; stack.start_web({n}, {stack.web_ports[n - 1]})"
    subprocess.run([sys.executable, "-c", code], env=stack.env, cwd=ROOT, check=True, capture_output=True, timeout=120)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if Browser(stack.web_ports[n - 1]).request("/ar/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"instance {n} did not come back")


def query(stack, sql: str) -> list[str]:
    password = _value((stack.dir / "env").read_text(), "PG_PASSWORD")
    result = subprocess.run(
        ["psql", "-X", "-tA", "-h", "127.0.0.1", "-p", str(BASE + 3), "-U", "jamaa", "-d", "jamaa", "-c", sql],
        env={**os.environ, "PGPASSWORD": password}, capture_output=True, text=True, check=True, timeout=60,
    )
    return result.stdout.split()


def headers(cookies: str, body: bytes, client: str) -> dict:
    """What nginx passes on: the same host name whichever instance it picks, and the client's address
    (one per round: the rate limits, counted in Redis, are not what this test is about)."""
    return {"Host": "127.0.0.1", "X-Forwarded-For": client, "Content-Type": "application/x-www-form-urlencoded",
            "Content-Length": str(len(body)), "Cookie": cookies, "Connection": "close"}


def send_without_reading(port: int, path: str, body: bytes, cookies: str, client: str) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    head = f"POST {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers(cookies, body, client).items()) + "\r\n"
    sock.sendall(head.encode() + body)
    return sock


def test_a_submission_killed_in_flight_and_retried_elsewhere_is_stored_once(own_stack):
    first, second = own_stack.web_ports
    form_path = _value(own_stack.manage("shell", "-c", FIND_FORM), "FORM")
    landed = {"before the commit": 0, "after the commit": 0}
    for round_, delay in enumerate(DELAYS):
        citizen = Browser(first)
        form = citizen.form(form_path)
        assert form.hidden.get("submission_token"), "the form carries no idempotency token"
        title = f"Killed in flight {round_} {time.time_ns()}"
        body = urlencode({
            **form.hidden, "kind": form.first_choice.get("kind", "suggestion"), "category": form.first_choice["category"],
            "title": title, "text": "A suggestion whose first POST loses its web instance.", "neighbourhood": "",
            "name": "Retrying Citizen", "email": f"retrying.citizen.{round_}@example.org", "phone": "", "consent": "on",
            "website": "", "captcha_1": "PASSED",
        }).encode()
        cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in citizen.jar)
        client = f"203.0.113.{round_ + 1}"

        processes = instance_processes(own_stack, 1)
        sock = send_without_reading(first, form_path, body, cookies, client)
        time.sleep(delay)
        kill(processes)
        sock.close()
        time.sleep(0.5)  # PostgreSQL ends the dead connection's transaction
        stored = int(query(own_stack, f"SELECT count(*) FROM participation_suggestions_suggestion WHERE title = '{title}'")[0])
        landed["after the commit" if stored else "before the commit"] += 1

        retry = http.client.HTTPConnection("127.0.0.1", second, timeout=60)
        retry.request("POST", form_path, body, headers(cookies, body, client))
        answer = retry.getresponse()
        location = answer.getheader("Location") or ""
        retry.close()
        tokens = query(own_stack, f"SELECT access_token FROM participation_suggestions_suggestion WHERE title = '{title}'")
        assert len(tokens) == 1, (round_, delay, answer.status, tokens)
        assert answer.status == 302 and location.endswith(f"/thanks/{tokens[0]}/"), (round_, delay, answer.status, location)
        assert Browser(second).request(location)[0] == 200
        restart_instance(own_stack, 1)
    print(f"\n[idempotency] {len(DELAYS)} instances killed in flight, each retried through the other: "
          f"{landed['before the commit']} killed before the commit, {landed['after the commit']} after; "
          f"exactly one suggestion each time")
    assert landed["before the commit"] and landed["after the commit"], landed  # both cases were exercised
