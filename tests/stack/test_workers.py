"""Two task workers on one queue (the stack's worker and a second one started here): every queued
e-mail is sent exactly once, none twice, none lost (django-tasks-db claims each task with a row
lock that the other worker skips)."""
import json
import os
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COUNT = 30
TAG = f"workers{time.time_ns()}"

pytestmark = pytest.mark.stack

SUBMIT = f"""
from wagtail.models import Site
from participation.suggestions.models import SuggestionBoxPage, SuggestionCategory
from participation.suggestions.services import submit_suggestion
site = Site.objects.get(hostname="127.0.0.1")
box = SuggestionBoxPage.objects.live().descendant_of(site.root_page).filter(locale__language_code="ar").first()
category = SuggestionCategory.objects.filter(site=site, locale=box.locale).first()
for n in range({COUNT}):
    submit_suggestion(box, dict(kind="report", category=category, title=f"Queued {{n}}", neighbourhood="",
                      text="A report queued for the two workers.", name="Queued Citizen", email=f"{TAG}.{{n}}@example.org"),
                      ip="203.0.113.9", language="ar")
print("QUEUED")
"""


CLAIMS = """
import json
from django_tasks_db.models import DBTaskResult
rows = DBTaskResult.objects.filter(task_path="participation.core.tasks.send_notification", enqueued_at__gte="{since}")
print("CLAIMS=" + json.dumps([r.worker_ids for r in rows]))
"""


def _env(stack) -> dict:
    values = dict(line.split("=", 1) for line in (stack.dir / "env").read_text().splitlines())
    values.pop("PG_PASSWORD")
    return {**os.environ, **stack.env, **values}


def _sent(stack) -> dict[str, int]:
    counts = dict.fromkeys(range(COUNT), 0)
    for path in stack.mails():
        text = path.read_text(errors="replace")
        for n in range(COUNT):
            counts[n] += text.count(f"To: {TAG}.{n}@example.org\n")
    return counts


def test_two_workers_send_each_queued_email_once(stack):
    with open(stack.dir / "log" / "worker2.log", "ab") as log:
        second = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "manage.py"), "db_worker", "--queue-name", "*",
             "--interval", "0.2", "--no-reload"], env=_env(stack), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    since = stack.manage("shell", "-c", "from django.utils import timezone; print(timezone.now().isoformat())").split()[-1]
    try:
        assert "QUEUED" in stack.manage("shell", "-c", SUBMIT)
        deadline = time.monotonic() + 120
        while sum(1 for count in _sent(stack).values() if count) < COUNT and time.monotonic() < deadline:
            time.sleep(1)
        time.sleep(3)  # a task run twice would show now
        counts = _sent(stack)
        assert all(count == 1 for count in counts.values()), {n: c for n, c in counts.items() if c != 1}
        output = stack.manage("shell", "-c", CLAIMS.format(since=since))
        claims = json.loads(next(line for line in output.splitlines() if line.startswith("CLAIMS="))[7:])
        assert len(claims) >= COUNT and all(len(ids) == 1 for ids in claims)  # each task claimed by one worker, once
        assert len({ids[0] for ids in claims}) == 2  # and both workers took some
    finally:
        second.terminate()
        second.wait(timeout=30)
