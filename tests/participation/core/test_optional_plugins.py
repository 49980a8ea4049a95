"""A plugin can be left out of INSTALLED_APPS and the site still works."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = """
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
call_command("load_demo", verbosity=0)
from participation.core.apps import plugins
assert [p.label for p in plugins()] == [], plugins()
client = Client(HTTP_HOST="127.0.0.1")
for path in ("/ar/", "/fr/", "/api/v1/openapi.json"):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
print("ok")
"""


def test_site_works_without_the_plugins(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings_without_plugins",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PYTHONPATH": f"{ROOT / 'site'}{os.pathsep}{ROOT}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("ok")
