"""The container files stay in step with the systemd setup (deploy/): the same commands for the
web server, the worker and the daily jobs, the same nginx locations, and every variable they set
documented in deploy/env.example."""
import re
import shlex
from pathlib import Path

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


def test_every_variable_the_containers_set_is_documented():
    documented = set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", (DEPLOY / "env.example").read_text(), re.M))
    container = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (DEPLOY / "container" / ".env.example").read_text(), re.M))
    dockerfile = set(re.findall(r"\b([A-Z][A-Z0-9_]+)=", (DEPLOY / "container" / "Dockerfile").read_text()))
    throwaway = {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "JAMAA_ENCRYPTION_KEYS", "JAMAA_HASH_KEY"}  # the build's placeholders, documented anyway
    assert (container | dockerfile) - {"POSTGRES_PASSWORD", "PYTHONPATH", "PYTHONUNBUFFERED"} - throwaway <= documented
