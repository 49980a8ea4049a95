"""The local production stack (deploy/stack.py) started once for the stack tests, in a folder
and on ports of its own (a `make stack` left running is not touched), and stopped after.

It needs Debian's postgresql, redis-server and nginx: without them the tests are skipped on
a developer's machine and fail in CI, which installs them."""
import contextlib
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_BASE = int(os.environ.get("STACK_TEST_PORT_BASE", "8490"))  # five ports from there


def ports(base: int) -> dict[str, str]:
    return {"STACK_PORT": str(base), "STACK_WEB_PORTS": f"{base + 1},{base + 2}", "STACK_PG_PORT": str(base + 3),
            "STACK_REDIS_PORT": str(base + 4)}


class Stack:
    """A local stack in `directory` on five ports from `base`; `extra` adds to its environment."""

    def __init__(self, directory: Path, base: int = _BASE, **extra):
        given = ports(base)
        self.dir = directory
        self.port = int(given["STACK_PORT"])
        self.web_ports = [int(p) for p in given["STACK_WEB_PORTS"].split(",")]
        self.env = {**os.environ, **given, "STACK_DIR": str(directory), "STACK_GUNICORN_WORKERS": "1", **extra}

    def command(self, *args, check=True) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(ROOT / "deploy" / "stack.py"), *args], env=self.env, cwd=ROOT,
                              capture_output=True, text=True, check=check, timeout=600)

    def manage(self, *args, **extra) -> str:
        """manage.py in the stack's environment (its database, production settings)."""
        env = {**self.env, **dict(line.split("=", 1) for line in (self.dir / "env").read_text().splitlines()), **extra}
        env.pop("PG_PASSWORD", None)
        result = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "manage.py"), *args], env=env, cwd=ROOT,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr[-2000:]
        return result.stdout

    def mails(self) -> list[Path]:
        return sorted((self.dir / "mail").glob("*.log"))

    def nginx_errors(self) -> Counter:
        """nginx's error log by message (its time, process and connection numbers left out), for a
        failing test to say why nginx answered as it did."""
        path = self.dir / "log" / "nginx.error.log"
        lines = path.read_text(errors="replace").splitlines() if path.exists() else []
        return Counter(re.sub(r"^\S+ \S+ (\[\w+\]) \d+#\d+: (\*\d+ )?", r"\1 ", line)[:240] for line in lines)


def _missing() -> list[str]:
    return [tool for tool in ("nginx", "redis-server", "psql") if shutil.which(tool) is None]


@contextlib.contextmanager
def running_stack(name: str, base: int, **extra):
    """A fresh stack in var/<name>/ on five ports from `base`, stopped and removed after."""
    missing = _missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"the local stack needs {', '.join(missing)} (Debian packages), which CI installs")
        pytest.skip(f"the local stack needs {', '.join(missing)} (apt-get install nginx redis-server postgresql)")
    # not under /tmp/pytest-of-*: nginx's workers (www-data) and PostgreSQL (postgres) must reach it
    directory = ROOT / "var" / name
    stack = Stack(directory, base, **extra)
    if (directory / "run").exists():
        stack.command("stop", check=False)  # left running by an interrupted session
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    try:
        started = stack.command("start", check=False)
        assert started.returncode == 0, started.stdout[-3000:] + started.stderr[-3000:]
        yield stack
    finally:
        stack.command("stop", check=False)
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
def stack():
    with running_stack("test-stack", _BASE) as stack:
        yield stack
