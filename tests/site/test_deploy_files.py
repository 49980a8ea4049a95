"""The container files stay in step with the systemd setup (deploy/): the same commands for the
web server, the worker and the daily jobs, the same nginx locations, and every variable they set
documented in deploy/env.example; nginx's own error page is the site's, in Arabic and French."""
import re
import runpy
import shlex
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
APP = "/srv/jamaa/app/"


def _exec_start(unit: str) -> list[str]:
    line = next(row for row in (DEPLOY / "systemd" / unit).read_text().splitlines() if row.startswith("ExecStart="))
    return [word.removeprefix(APP) for word in shlex.split(line.removeprefix("ExecStart="))]


def _compose() -> dict:
    return yaml.safe_load((DEPLOY / "container" / "compose.yaml").read_text())


def test_the_web_server_runs_the_same_command():
    dockerfile = (DEPLOY / "container" / "Dockerfile").read_text()
    cmd = re.search(r"^CMD (\[.*\])$", dockerfile, re.M).group(1)
    assert yaml.safe_load(cmd) == _exec_start("jamaa-web.service")


def test_the_worker_and_the_daily_jobs_run_the_same_commands():
    services = _compose()["services"]
    assert services["worker"]["command"] == _exec_start("jamaa-worker.service")
    assert _exec_start("jamaa-daily.service") == ["deploy/daily.sh"]
    assert "deploy/daily.sh" in " ".join(services["daily"]["command"])


def test_nginx_serves_the_same_locations():
    volumes = _compose()["services"]["nginx"]["volumes"]
    assert "../nginx/jamaa-app.conf:/etc/nginx/snippets/jamaa-app.conf:ro" in volumes
    assert "include /etc/nginx/snippets/jamaa-app.conf;" in (DEPLOY / "container" / "nginx.conf").read_text()
    assert "include /etc/nginx/snippets/jamaa-app.conf;" in (DEPLOY / "nginx" / "jamaa.conf").read_text()


def test_nginx_closes_idle_connections_to_gunicorn_first():
    """Each nginx in front of gunicorn keeps its idle upstream connections for less time than
    gunicorn keeps them open, so gunicorn never closes one as nginx reuses it (a failed request,
    and the instance counted as failing); where there are several instances, one failure alone
    does not leave one out."""
    keepalive = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))["keepalive"]
    stack = (DEPLOY / "stack.py").read_text()
    for text in ((DEPLOY / "nginx" / "jamaa.conf").read_text(), (DEPLOY / "container" / "nginx.conf").read_text(), stack):
        upstream = re.search(r"upstream jamaa_app \{+(.*?)\n\s*\}+\n", text, re.S).group(1)
        idle = re.search(r"^\s*keepalive_timeout (\d+)s;", upstream, re.M)
        assert idle and int(idle.group(1)) < keepalive, upstream
    assert "max_fails=3 fail_timeout=5s;" in stack  # its two instances
    assert "max_fails=3 fail_timeout=5s;" in (DEPLOY / "nginx" / "jamaa.conf").read_text()  # how to add one


def test_every_variable_the_containers_set_is_documented():
    documented = set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", (DEPLOY / "env.example").read_text(), re.M))
    container = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (DEPLOY / "container" / ".env.example").read_text(), re.M))
    dockerfile = set(re.findall(r"\b([A-Z][A-Z0-9_]+)=", (DEPLOY / "container" / "Dockerfile").read_text()))
    throwaway = {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "JAMAA_ENCRYPTION_KEYS", "JAMAA_HASH_KEY"}  # the build's placeholders, documented anyway
    assert (container | dockerfile) - {"POSTGRES_PASSWORD", "PYTHONPATH", "PYTHONUNBUFFERED"} - throwaway <= documented


class _Structure(HTMLParser):
    """Checks what a browser would otherwise repair silently: elements closed in order, and
    notes the languages, the resources asked for and the text."""

    VOID = {"meta", "link", "br", "hr", "img", "input", "source", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open, self.errors, self.tags, self.text, self.doctype = [], [], [], [], None

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open.pop() != tag:
            self.errors.append(f"</{tag}> closes nothing open")

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("codes, retry, arabic, french", [
    ("502 504", True, "الموقع غير متاح", "Le site est brièvement indisponible"),
    ("413", False, "الملف المرسل كبير جدا", "Fichier trop volumineux"),
])
def test_nginx_answers_its_own_errors_with_a_bilingual_page(codes, retry, arabic, french):
    """nginx's English error pages are replaced by static Arabic-then-French ones, which it can
    serve while the application is down (no template, nothing fetched), at an address nobody can
    ask for directly; the status is kept (no `=` in error_page)."""
    app = (DEPLOY / "nginx" / "jamaa-app.conf").read_text()
    uri = re.search(rf"^error_page {codes} (/\S+);$", app, re.M).group(1)
    block = re.search(r"^location = " + re.escape(uri) + r" \{\n(.*?)^\}", app, re.M | re.S).group(1)
    assert re.search(r"^\s*internal;$", block, re.M)
    assert bool(re.search(r'^\s*add_header Retry-After \d+ always;$', block, re.M)) is retry
    alias = re.search(r"^\s*alias (\S+);$", block, re.M).group(1)
    assert alias.startswith(APP + "deploy/nginx/errors/")  # from the checkout, in place
    page = DEPLOY.parent / alias.removeprefix(APP)
    # the containers' nginx finds it at the same path
    folder = alias.removeprefix(APP).rsplit("/", 1)[0].removeprefix("deploy/")
    assert f"../{folder}:{APP}deploy/{folder}:ro" in _compose()["services"]["nginx"]["volumes"]

    source = page.read_text(encoding="utf-8")
    assert len(source.encode()) < 4096  # small: it is shown when things already go wrong
    parser = _Structure()
    parser.feed(source)
    parser.close()
    assert parser.doctype.lower() == "doctype html" and not parser.errors and not parser.open, parser.errors
    assert parser.tags[0] == ("html", {"lang": "ar", "dir": "rtl"})
    assert ("meta", {"charset": "utf-8"}) in parser.tags
    assert any(tag == "section" and attrs == {"lang": "fr", "dir": "ltr"} for tag, attrs in parser.tags)
    assert [tag for tag, _attrs in parser.tags].count("title") == 1
    # self-contained: no script, stylesheet, image, font or frame; links only to the site's home pages
    assert not {"script", "link", "img", "iframe", "object", "embed"} & {tag for tag, _attrs in parser.tags}
    assert "url(" not in source and "@import" not in source
    assert {attrs["href"] for tag, attrs in parser.tags if tag == "a"} == {"/ar/", "/fr/"}
    text = " ".join(parser.text)
    assert text.index(arabic) < text.index(french)  # Arabic first
