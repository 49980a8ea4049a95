"""Notifications leave through django-tasks: the immediate backend in tests and development, the
database queue (django-tasks-db) and `manage.py db_worker` in production.

The production path runs in subprocesses with commune.settings.production against a SQLite file of
its own: migrate (django_tasks_db's tables included), submit a suggestion through the service layer,
see the e-mail task queued and nothing sent, run the worker once (`db_worker --batch`), see exactly
one e-mail to the citizen, run the worker again and see nothing more.
"""
import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CITIZEN = "queued.citizen@example.org"

SUBMIT = f"""
from wagtail.models import Site
from participation.suggestions.models import SuggestionBoxPage, SuggestionCategory
from participation.suggestions.services import submit_suggestion
from django_tasks_db.models import DBTaskResult

site = Site.objects.get(is_default_site=True)
box = SuggestionBoxPage(title="Suggestions", slug="suggestions")
site.root_page.add_child(instance=box)
category = SuggestionCategory.objects.create(site=site, name="Lighting")
suggestion = submit_suggestion(box, dict(
    kind="report", category=category, title="Broken street light", text="Off for a week in front of the school.",
    name="Queued Citizen", email="{CITIZEN}",
), ip="203.0.113.5", language="ar")
print("REFERENCE=" + suggestion.reference)
"""

STATE = """
from django_tasks_db.models import DBTaskResult
rows = DBTaskResult.objects.filter(task_path="participation.core.tasks.send_notification")
print("NOTIFICATION_TASKS=" + ",".join(sorted(str(r.status) for r in rows)))
print("OTHER_UNFINISHED=" + str(DBTaskResult.objects.exclude(status__in=["SUCCESSFUL", "FAILED"]).exclude(
    task_path="participation.core.tasks.send_notification").count()))
"""


def _value(output: str, key: str) -> str:
    for line in output.splitlines():
        if line.startswith(key + "="):
            return line[len(key) + 1 :]
    raise AssertionError(f"{key} not printed:\n{output}")


@pytest.fixture
def production(tmp_path):
    maildir = tmp_path / "mail"
    maildir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "commune.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "JAMAA_ENCRYPTION_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),  # a Fernet key
        "JAMAA_HASH_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "EMAIL_URL": f"filemail:///{maildir}",  # four slashes: an absolute path
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "site"), str(ROOT)]),
    }

    def manage(*args, timeout=300):
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}"
        return result.stdout

    def mails() -> list[str]:
        """One text per message written by the file e-mail backend."""
        messages = []
        for file in sorted(maildir.iterdir()):
            messages += [m for m in file.read_text(encoding="utf-8").split("-" * 79) if m.strip()]
        return messages

    manage.mails = mails
    return manage


def test_db_worker_sends_queued_notification_once(production):
    assert "db_worker" in production("help", "--commands")
    production("migrate", "--no-input", "--verbosity", "0")
    assert "[X] 0001_initial" in production("showmigrations", "django_tasks_database")

    reference = _value(production("shell", "--no-imports", "-c", SUBMIT), "REFERENCE")
    assert reference.startswith("SUG-")
    queued = _value(production("shell", "--no-imports", "-c", STATE), "NOTIFICATION_TASKS").split(",")
    assert queued and set(queued) == {"READY"}, queued  # queued in the database after commit...
    assert production.mails() == []  # ...and nothing sent by the request itself

    production("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*")
    state = production("shell", "--no-imports", "-c", STATE)
    assert set(_value(state, "NOTIFICATION_TASKS").split(",")) == {"SUCCESSFUL"}
    assert _value(state, "OTHER_UNFINISHED") == "0"  # Wagtail's own tasks ran too
    to_citizen = [m for m in production.mails() if f"To: {CITIZEN}" in m]
    assert len(to_citizen) == 1, production.mails()
    assert reference in to_citizen[0]
    sent = len(production.mails())

    production("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*")
    assert len(production.mails()) == sent  # a second run sends nothing more


def test_tests_and_development_use_the_immediate_backend(settings):
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"
    assert "django_tasks_db" not in settings.INSTALLED_APPS


@pytest.mark.django_db
def test_notification_task_of_a_vanished_record_does_nothing(mailoutbox):
    from participation.core.tasks import send_notification

    result = send_notification.enqueue("participation.suggestions.notifications.Received", "participation_suggestions", "suggestion", 10**9)
    assert result.return_value is False
    assert mailoutbox == []
