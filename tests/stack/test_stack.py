"""The local production stack (deploy/stack.py): nginx in front of two gunicorn instances with
the production settings, PostgreSQL, Redis and the task worker, as a host runs them.

- nginx serves pages, hashed static files (compressed, cached for a year), Wagtail's images
  and no other upload (citizens' photos, petition scans, answers go through checked views); both instances take requests;
- the instances share everything that matters: a suggestion submitted on one is in the
  admin of the other, and a staff session opened on one is valid on the other (sessions in
  Redis with the database behind);
- the worker, not the request, sends the e-mail (the stack writes e-mails to files);
- the page cache is shared: a petition page cached by one instance is rendered afresh when a
  signature is confirmed on the other."""
import http.cookiejar
import re
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest

from tests.bench.test_submissions import FIND_FORM, FormParser

pytestmark = pytest.mark.stack

DEMO_PASSWORD = "jamaa-demo-2026"
ADMIN_INDEX = """
from django.urls import reverse
print("URL=" + reverse("participation_suggestions_suggestion:index"))
"""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A client with its own cookies, talking to one port (nginx or one gunicorn instance)."""

    def __init__(self, port: int, jar=None):
        self.port = port
        self.jar = jar if jar is not None else http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def request(self, path: str, data: dict | None = None, headers: dict | None = None):
        body = urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=body, headers=headers or {})
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:  # 3xx (not followed) and 4xx/5xx
            response = error
        return response.status, response.headers, response.read()

    def form(self, path: str) -> FormParser:
        status, _headers, body = self.request(path)
        assert status == 200, (path, status)
        parser = FormParser()
        parser.feed(body.decode())
        return parser


def _value(output: str, key: str) -> str:
    return next(line[len(key) + 1:] for line in output.splitlines() if line.startswith(key + "="))


def test_nginx_serves_pages_static_files_and_never_private_media(stack):
    browser = Browser(stack.port)
    status, headers, body = browser.request("/ar/", headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Encoding"] == "gzip"  # nginx compresses the page
    status, headers, body = browser.request("/ar/")
    css = re.search(rb'/static/[\w/.-]+\.[0-9a-f]{12}\.css', body).group(0).decode()  # hashed by collectstatic
    status, headers, _body = browser.request(css, headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert browser.request("/static/css/no-such-file.css")[0] == 404
    # Real files in every upload folder: only Wagtail's images are handed out by nginx.
    media = stack.dir / "media"
    for folder in ("images", "original_images", "petitions/2026", "charter/2026", "documents", "suggestions/2026/11",
                   "information/2026", "any_new_plugin"):
        (media / folder).mkdir(parents=True, exist_ok=True)
        (media / folder / "probe.jpg").write_bytes(b"\xff\xd8\xff probe")
    for public in ("/media/images/probe.jpg", "/media/original_images/probe.jpg"):
        status, headers, body = browser.request(public)
        assert status == 200 and body == b"\xff\xd8\xff probe" and "sandbox" in headers["Content-Security-Policy"]
    for private in ("/media/petitions/2026/probe.jpg", "/media/charter/2026/probe.jpg", "/media/documents/probe.jpg",
                    "/media/suggestions/2026/11/probe.jpg", "/media/information/2026/probe.jpg",
                    "/media/any_new_plugin/probe.jpg", "/media/images/../suggestions/2026/11/probe.jpg",
                    "/media/images/%2e%2e/suggestions/2026/11/probe.jpg"):
        assert browser.request(private)[0] == 404, private


def test_nginx_micro_caches_anonymous_pages_only(stack):
    browser = Browser(stack.port)
    path = f"/fr/?micro={time.time_ns()}"
    assert browser.request(path)[1]["X-Micro-Cache"] == "MISS"
    assert browser.request(path)[1]["X-Micro-Cache"] == "HIT"
    staff = browser.request(path, headers={"Cookie": "sessionid=anything"})
    assert staff[0] == 200 and staff[1]["X-Micro-Cache"] == "BYPASS"


def test_both_instances_take_requests(stack):
    for port in stack.web_ports:
        assert Browser(port).request("/fr/")[0] == 200
    log = stack.dir / "log" / "nginx.access.log"
    before = len(log.read_text().splitlines())
    for n in range(8):  # distinct addresses: neither cache answers for the application
        assert Browser(stack.port).request(f"/ar/?n={n}")[0] == 200
    upstreams = {line.rsplit(" ", 1)[-1] for line in log.read_text().splitlines()[before:]}
    assert upstreams == {f"127.0.0.1:{port}" for port in stack.web_ports}


def test_what_one_instance_stores_the_other_shows_with_a_shared_session(stack):
    first, second = stack.web_ports
    form_path = _value(stack.manage("shell", "-c", FIND_FORM), "FORM")
    citizen = Browser(first)
    form = citizen.form(form_path)
    title = f"Stack suggestion {time.time_ns()}"
    status, headers, _body = citizen.request(form_path, {
        **form.hidden, "kind": form.first_choice.get("kind", "suggestion"), "category": form.first_choice["category"],
        "title": title, "text": "A suggestion submitted through the local production stack.", "neighbourhood": "",
        "name": "Stack Citizen", "email": "stack.citizen@example.org", "phone": "", "consent": "on", "website": "",
        "captcha_1": "PASSED",
    })
    assert status == 302 and "/thanks/" in headers["Location"], status

    staff = Browser(second)  # logs in on the second instance...
    login = staff.form("/admin/login/")
    status, headers, _body = staff.request("/admin/login/", {
        "csrfmiddlewaretoken": login.hidden["csrfmiddlewaretoken"], "username": "a_participation",
        "password": DEMO_PASSWORD, "next": "/admin/",
    })
    assert status == 302, "the demo staff account could not log in"
    listing = _value(stack.manage("shell", "-c", ADMIN_INDEX), "URL")
    status, _headers, body = Browser(first, staff.jar).request(listing)  # ...and is known on the first
    assert status == 200 and title in body.decode()

    deadline = time.monotonic() + 60  # the worker, polling the task table, sends the receipt
    while not any(title in path.read_text(errors="replace") for path in stack.mails()):
        assert time.monotonic() < deadline, "the worker wrote no e-mail about the suggestion within 60 s"
        time.sleep(1)


def test_the_daily_jobs_run_with_the_production_settings(stack):
    import os
    import subprocess

    env = {**os.environ, **stack.env, **dict(line.split("=", 1) for line in (stack.dir / "env").read_text().splitlines())}
    env.pop("PG_PASSWORD")
    root = stack.dir.parents[1]
    result = subprocess.run([str(root / "deploy" / "daily.sh")], env={**env, "PYTHON": str(root / ".venv" / "bin" / "python")},
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    for job in ("purge_personal_data", "prune_db_task_results", "send_moderation_digest", "update_index"):
        assert f"jamaa-daily: {job}" in result.stdout


OPEN_PETITION = """
from wagtail.models import Site
from participation.petitions.models import Petition, PetitionIndexPage
site = Site.objects.get(hostname="127.0.0.1")
page = PetitionIndexPage.objects.live().descendant_of(site.root_page).filter(locale__language_code="ar").first()
petition = Petition.objects.filter(site=site, status="open", signatures_required__isnull=False).order_by("pk").first()
print("PATH=" + page.route_path("detail", petition.pk))
print("SIGN=" + page.route_path("sign", petition.pk))
"""


def _progress(body: bytes) -> int:
    return int(re.search(rb'<progress max="\d+" value="(\d+)"', body).group(1))


def test_a_signature_confirmed_on_one_instance_refreshes_the_page_cached_by_the_other(stack):
    first, second = stack.web_ports
    output = stack.manage("shell", "-c", OPEN_PETITION)
    path, sign = _value(output, "PATH"), _value(output, "SIGN")
    reader = Browser(second)
    reader.request(path)
    status, headers, body = reader.request(path)
    assert status == 200 and headers["X-Page-Cache"] == "hit"
    before = _progress(body)

    signer = Browser(first)
    form = signer.form(path)
    email = f"stack.signer.{time.time_ns()}@example.org"
    status, headers, _body = signer.request(sign, {
        "csrfmiddlewaretoken": form.hidden["csrfmiddlewaretoken"], "captcha_0": form.hidden["captcha_0"], "captcha_1": "PASSED",
        "name": "موقع من الاختبار", "cin": f"ZT{time.time_ns() % 10_000_000}", "basis": "resident",
        "address": "درب الاختبار، رقم 1", "activity": "", "email": email, "consent": "on", "website": "",
    })
    assert status == 302, status
    deadline = time.monotonic() + 60
    link = None
    while link is None and time.monotonic() < deadline:
        for mail in stack.mails():  # a file holds the messages of one connection, each after a line of dashes
            for message in mail.read_text(errors="replace").split("-" * 79):
                if f"To: {email}" in message:
                    link = re.search(r"https?://[^/\s]+(/\S+/confirm/\S+)", message)
        time.sleep(0.5)
    assert link, "no confirmation e-mail"
    confirm = signer.form(link.group(1))
    status, _headers, _body = signer.request(link.group(1), {"csrfmiddlewaretoken": confirm.hidden["csrfmiddlewaretoken"]})
    assert status == 200

    # a record change shows within JAMAA_PAGE_CACHE_RECORD_SECONDS (5) of the page being stored, not at once
    deadline = time.monotonic() + 8
    status, headers, body = reader.request(path)
    while headers["X-Page-Cache"] == "hit" and time.monotonic() < deadline:
        assert _progress(body) == before
        time.sleep(0.25)
        status, headers, body = reader.request(path)
    assert headers["X-Page-Cache"] == "miss" and _progress(body) == before + 1
