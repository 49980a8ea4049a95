"""nginx's own error page on the local production stack: when no web instance answers, citizens
get the site's bilingual page (deploy/nginx/errors/unavailable.html, Arabic then French) with
the 502 status and a Retry-After, not nginx's English page; a page still in the micro-cache is
served as before; once the instances are back, the same form goes through. The stack runs in
var/test-stack-errors/ on five ports from STACK_ERRORS_PORT_BASE (8810)."""
import json
import os
import time
from pathlib import Path

import pytest

from tests.stack.conftest import running_stack
from tests.stack.test_faults import PATHS, answers, rows, suggestion, wait_for
from tests.stack.test_stack import Browser, _value

pytestmark = pytest.mark.stack

BASE = int(os.environ.get("STACK_ERRORS_PORT_BASE", "8810"))
PAGE = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "errors" / "unavailable.html"


@pytest.fixture(scope="module")
def errors():
    with running_stack("test-stack-errors", BASE) as stack:
        yield stack


def test_both_instances_down_give_the_bilingual_page(errors):
    box = json.loads(_value(errors.manage("shell", "-c", PATHS), "PATHS"))["suggestions_ar"]
    email = f"errors{time.time_ns()}@example.org"
    cached, citizen = Browser(errors.port), Browser(errors.port)
    assert cached.request("/fr/")[0] == 200  # now in nginx's micro-cache
    form = suggestion(citizen, box, email)  # the citizen opens the form while the site works
    assert citizen.request("/_errors/unavailable.html")[0] == 404  # internal: never asked for directly

    stopped = time.monotonic()
    for name in ("web1", "web2"):
        errors.command("stop-service", name)
    try:
        answered = {
            "GET": Browser(errors.port).request(f"/ar/?errors={time.time_ns()}"),  # not in the micro-cache
            "POST": citizen.request(box + "new/", form),  # never resent by nginx: it may have been stored
        }
        stale = cached.request("/fr/")
    finally:
        for name in ("web1", "web2"):
            errors.command("start-service", name)
    down = time.monotonic() - stopped

    for method, (status, headers, body) in answered.items():
        assert status == 502, (method, status)
        assert body == PAGE.read_bytes(), method
        assert headers["Content-Type"] == "text/html; charset=utf-8", method
        assert headers["Retry-After"] == "60" and headers["Cache-Control"] == "no-store", method
        text = body.decode()
        assert '<html lang="ar" dir="rtl">' in text and '<section lang="fr" dir="ltr">' in text
    assert stale[0] == 200 and stale[1]["X-Micro-Cache"] == "STALE"

    # back: the same form, sent again, is accepted once
    wait_for(lambda: all(answers(port, "/fr/") for port in errors.web_ports), 60, "the instances did not answer within 60 s")
    retried = time.monotonic()
    status, headers, _body = wait_for(lambda: (r := citizen.request(box + "new/", form))[0] != 502 and r, 20,
                                      "nginx did not reach the restarted instances within 20 s")
    assert status == 302 and "/thanks/" in headers["Location"], status
    assert rows(errors, "participation_suggestions_suggestion", email) == 1
    print(f"\n[errors] both instances down for {down:.1f} s: a GET and a POST answered 502 with the bilingual page "
          f"({len(PAGE.read_bytes())} bytes, Retry-After 60), a micro-cached page served stale; the same POST "
          f"accepted {time.monotonic() - retried:.1f} s after both instances answered")


def test_a_form_too_large_gets_the_bilingual_page(errors):
    """More than client_max_body_size (12 MB): nginx refuses it before the application, with the
    site's page saying nothing was stored; the application never saw it."""
    box = json.loads(_value(errors.manage("shell", "-c", PATHS), "PATHS"))["suggestions_ar"]
    citizen = Browser(errors.port)
    form = suggestion(citizen, box, f"large{time.time_ns()}@example.org")
    status, headers, body = citizen.request(box + "new/", form | {"text": "a" * (13 * 1024 * 1024)})
    assert status == 413
    assert body == (PAGE.parent / "too-large.html").read_bytes()
    assert headers["Cache-Control"] == "no-store"
    assert rows(errors, "participation_suggestions_suggestion", form["email"]) == 0
