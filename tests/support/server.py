"""Run the site in a separate process, with a database of its own, for browser tests and benchmarks.

The site is served by gunicorn on 127.0.0.1 and a free port. Commune A answers on host 127.0.0.1 and
commune B on host localhost (Wagtail sites by hostname), so the same server is both communes:

    from tests.support.server import run_site

    with run_site() as site:                       # test settings, demo communes loaded
        page.goto(site.url_a + "/ar/")             # http://127.0.0.1:PORT/ar/
        page.goto(site.url_b + "/ar/")             # http://localhost:PORT/ar/

In a conftest.py, the session-scoped fixture `live_site` yields the same object:

    from tests.support.server import live_site  # noqa: F401

and `live_site_fixture(name=..., scope=..., **run_site_options)` makes others (other settings, workers).

The database is never the test runner's: with no DATABASE_URL (or a SQLite one) it is a fresh SQLite file in
a temporary folder; with a PostgreSQL DATABASE_URL it is a database named `<dbname>_live_<pid>` created with
the same credentials and dropped at the end. `manage.py migrate` and `manage.py load_demo` run in
subprocesses with the test settings and that database, whatever settings the server then runs with. Only the process group this module started is
ever signalled.
"""
from __future__ import annotations

import base64
import contextlib
import http.client
import itertools
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE_DIR = ROOT / "site"
MANAGE = ROOT / "manage.py"
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"

TEST_SETTINGS = "commune.settings.test"
PRODUCTION_SETTINGS = "commune.settings.production"
HOST_A = "127.0.0.1"
HOST_B = "localhost"

# URL schemes django-environ reads as PostgreSQL.
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql", "postgis", "psql"}

_databases = itertools.count()


class LiveSiteError(RuntimeError):
    """The live site could not be set up or did not answer; the message carries the relevant log."""


@dataclass
class LiveSite:
    """A running site. `url_a` / `url_b` are the base URLs of commune A and commune B (no trailing slash)."""

    port: int
    settings: str
    database_url: str
    workdir: Path
    log_path: Path
    env: dict[str, str] = field(repr=False)
    demo_loaded: bool = True
    pid: int = 0

    @property
    def url_a(self) -> str:
        return f"http://{HOST_A}:{self.port}"

    @property
    def url_b(self) -> str:
        return f"http://{HOST_B}:{self.port}"

    @property
    def base_url(self) -> str:
        return self.url_a

    def url(self, path: str = "/", commune: str = "a") -> str:
        """Absolute URL of `path` on commune "a" or "b"."""
        base = {"a": self.url_a, "b": self.url_b}[commune]
        return base + (path if path.startswith("/") else "/" + path)

    def manage(self, *args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess:
        """Run `manage.py ARGS` against the live site's settings and database; output is captured as text."""
        return _manage(self.env, *args, check=check, timeout=timeout)

    def mails(self, to: str | None = None) -> list:
        """The e-mails the site sent (test settings: Django's file backend), oldest first,
        as email.message.EmailMessage objects (headers decoded); only those to `to` when given."""
        import email
        import email.policy

        folder = Path(self.env.get("EMAIL_FILE_PATH", ""))
        if not self.env.get("EMAIL_FILE_PATH") or not folder.is_dir():
            return []
        messages = []
        for path in sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime_ns):
            # the file backend appends each message followed by a line of 79 dashes
            for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if chunk.strip():
                    messages.append(email.message_from_bytes(chunk.strip(b"\n"), policy=email.policy.default))
        return [m for m in messages if to is None or to in (m["To"] or "")]

    def log(self, tail: int = 200) -> str:
        """The last `tail` lines the server wrote (gunicorn's error and access logs, Django's console log)."""
        return _tail(self.log_path, tail)


# --- helpers ------------------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST_A, 0))
        return sock.getsockname()[1]


def _tail(path: Path, lines: int) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


def _manage(env: dict[str, str], *args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, str(MANAGE), *args],
        check=False,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        raise LiveSiteError(
            f"manage.py {' '.join(args)} failed with exit code {result.returncode}\n"
            f"--- stdout ---\n{result.stdout[-2000:]}\n--- stderr ---\n{result.stderr[-4000:]}"
        )
    return result


def _postgres_conninfo(url_parts, dbname: str) -> str:
    """A libpq URI for `dbname` with the credentials, host, port and options of `url_parts`."""
    return urlunsplit(url_parts._replace(scheme="postgresql", path="/" + quote(dbname, safe="")))


def _connect_maintenance(url_parts, own_dbname: str):
    import psycopg

    last_error = None
    for dbname in ("postgres", "template1", own_dbname):
        try:
            return psycopg.connect(_postgres_conninfo(url_parts, dbname), autocommit=True, connect_timeout=10)
        except psycopg.OperationalError as error:
            last_error = error
    raise LiveSiteError(f"Cannot connect to PostgreSQL to create the live database: {last_error}")


def _drop_database(conn, name: str) -> None:
    import psycopg
    from psycopg import sql

    try:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    except psycopg.errors.SyntaxError:  # PostgreSQL < 13
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


@contextlib.contextmanager
def live_database(workdir: Path, base_url: str | None = None) -> Iterator[str]:
    """A DATABASE_URL for a database of the live site's own, removed at the end.

    SQLite (or no DATABASE_URL): a fresh file in `workdir`. PostgreSQL: `<dbname>_live_<pid>` on the
    server and with the credentials of DATABASE_URL (the role needs CREATEDB).
    """
    base_url = os.environ.get("DATABASE_URL", "") if base_url is None else base_url
    scheme = urlsplit(base_url).scheme if base_url else ""
    if not base_url or scheme.startswith("sqlite") or scheme == "spatialite":
        yield f"sqlite:///{workdir / 'live.sqlite3'}"
        return
    if scheme not in POSTGRES_SCHEMES:
        raise LiveSiteError(f"The live site supports SQLite and PostgreSQL, not {scheme!r} (DATABASE_URL).")

    from psycopg import sql

    parts = urlsplit(base_url)
    own_dbname = unquote(parts.path.lstrip("/")) or "postgres"
    number = next(_databases)
    name = f"{own_dbname}_live_{os.getpid()}" + (f"_{number}" if number else "")
    with _connect_maintenance(parts, own_dbname) as conn:
        _drop_database(conn, name)  # a leftover of a killed run with the same pid
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(parts._replace(path="/" + quote(name, safe="")))
    finally:
        with _connect_maintenance(parts, own_dbname) as conn:
            _drop_database(conn, name)


def _environment(settings: str, database_url: str, workdir: Path, port: int, extra: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    pythonpath = [str(SITE_DIR), str(ROOT)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": settings,
            "DATABASE_URL": database_url,
            "PYTHONPATH": os.pathsep.join(pythonpath),
            "PYTHONUNBUFFERED": "1",
            "PORT": str(port),  # load_demo gives the demo Sites this port, as `make setup` does
            "WAGTAILADMIN_BASE_URL": f"http://{HOST_A}:{port}",
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(workdir / "media"),
        }
    )
    if settings == TEST_SETTINGS:  # the e-mails the site sends, as files a test can read (LiveSite.mails)
        env.update({"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": str(workdir / "mail")})
    if settings == PRODUCTION_SETTINGS:
        env.update(
            {
                "SECRET_KEY": secrets.token_urlsafe(50),
                "JAMAA_ENCRYPTION_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),  # a Fernet key
                "JAMAA_HASH_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": f"{HOST_A},{HOST_B}",
                "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback, no TLS proxy in front
                "CSRF_TRUSTED_ORIGINS": f"http://{HOST_A}:{port},http://{HOST_B}:{port}",
            }
        )
    env.update(extra)
    return env


def _media_root(env: dict[str, str]) -> str:
    """MEDIA_ROOT of the settings module named in `env` (read without setting Django up)."""
    code = f"import {env['DJANGO_SETTINGS_MODULE']} as s; print(s.MEDIA_ROOT)"
    result = subprocess.run(
        [sys.executable, "-c", code], check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    if result.returncode != 0:
        raise LiveSiteError(f"Cannot read MEDIA_ROOT of {env['DJANGO_SETTINGS_MODULE']}:\n{result.stderr[-4000:]}")
    return result.stdout.strip().splitlines()[-1]


def _set_parent_death_signal() -> None:
    """In the child before exec: get SIGTERM if the test process dies, so no server outlives it (Linux)."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):  # best effort: Linux's libc only
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _stop(proc: subprocess.Popen) -> None:
    """Stop the server's process group (gunicorn master and its workers), and nothing else."""
    pgid = proc.pid  # the server was started in a new session: its process group id is its pid
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGKILL)
            proc.wait(timeout=10)
    # Workers that outlived their master are still in the group.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)


def _wait_until_serving(proc: subprocess.Popen, port: int, log_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise LiveSiteError(
                f"The server exited with code {proc.returncode} before answering.\n--- server log ---\n{_tail(log_path, 200)}"
            )
        conn = http.client.HTTPConnection(HOST_A, port, timeout=10)
        try:
            conn.request("GET", "/robots.txt", headers={"Host": f"{HOST_A}:{port}"})
            conn.getresponse().read()
            return  # any HTTP answer: gunicorn and Django are up
        except OSError as error:
            last_error = error
        finally:
            conn.close()
        time.sleep(0.2)
    raise LiveSiteError(
        f"The server did not answer on {HOST_A}:{port} within {timeout:.0f} s ({last_error}).\n"
        f"--- server log ---\n{_tail(log_path, 200)}"
    )


# --- the context manager and the fixtures -----------------------------------------------------------


@contextlib.contextmanager
def run_site(
    *,
    settings: str = TEST_SETTINGS,
    workers: int = 2,
    load_demo: bool | str = True,
    extra_env: dict[str, str] | None = None,
    startup_timeout: float = 60,
    keep_workdir: bool = False,
) -> Iterator[LiveSite]:
    """Serve the site through gunicorn on 127.0.0.1 and a free port, with a database of its own.

    settings      `commune.settings.test` (browser tests: static files straight from the themes) or
                  `commune.settings.production` (benchmarks: collectstatic into a temporary STATIC_ROOT,
                  served by whitenoise, a random SECRET_KEY, SECURE_SSL_REDIRECT off).
    workers       gunicorn worker processes.
    load_demo     True: run `manage.py load_demo` (fail if it fails); False: migrate only;
                  "auto": load the demo if the command exists, else go on with migrate only.
    extra_env     environment variables for the server and its management commands.
    """
    workdir = Path(tempfile.mkdtemp(prefix="jamaa-live-"))
    log_path = workdir / "server.log"
    try:
        with live_database(workdir) as database_url:
            port = free_port()
            env = _environment(settings, database_url, workdir, port, extra_env or {})
            # The database is set up with the test settings whatever the server runs with (load_demo is
            # a development command); the uploaded demo media land in their MEDIA_ROOT.
            setup_env = {**env, "DJANGO_SETTINGS_MODULE": TEST_SETTINGS}
            if settings != TEST_SETTINGS and "MEDIA_ROOT" not in (extra_env or {}):
                env["MEDIA_ROOT"] = _media_root(setup_env)
            _manage(setup_env, "migrate", "--no-input", "--verbosity", "0")
            demo_loaded = False
            if load_demo:
                result = _manage(setup_env, "load_demo", check=False)
                output = result.stdout + result.stderr
                if result.returncode == 0:
                    demo_loaded = True
                elif load_demo == "auto" and "Unknown command" in output and "load_demo" in output:
                    print("\n[live site] manage.py load_demo does not exist (yet): serving migrate-only content", file=sys.stderr)
                else:
                    raise LiveSiteError(f"manage.py load_demo failed with exit code {result.returncode}\n{output[-4000:]}")
            if settings == PRODUCTION_SETTINGS:
                _manage(env, "collectstatic", "--no-input", "--verbosity", "0")

            # deploy/gunicorn.conf.py as in production; the command line overrides its bind and workers.
            command = [sys.executable, "-m", "gunicorn"]
            if GUNICORN_CONF.exists():
                command += ["--config", str(GUNICORN_CONF)]
            command += ["--bind", f"{HOST_A}:{port}", "--workers", str(workers), "--chdir", str(ROOT)]
            command += ["--no-control-socket"]
            command += ["commune.wsgi:application"]
            with open(log_path, "ab") as log:
                proc = subprocess.Popen(
                    command,
                    cwd=ROOT,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                    preexec_fn=_set_parent_death_signal,  # noqa: PLW1509 - only prctl(), async-signal-safe
                )
            try:
                _wait_until_serving(proc, port, log_path, startup_timeout)
                yield LiveSite(
                    port=port,
                    settings=settings,
                    database_url=database_url,
                    workdir=workdir,
                    log_path=log_path,
                    env=env,
                    demo_loaded=demo_loaded,
                    pid=proc.pid,
                )
            finally:
                _stop(proc)
    finally:
        if not keep_workdir:
            shutil.rmtree(workdir, ignore_errors=True)


def live_site_fixture(name: str = "live_site", scope: str = "session", **options):
    """A pytest fixture yielding a `LiveSite` started with `run_site(**options)`."""

    @pytest.fixture(name=name, scope=scope)
    def _live_site():
        with run_site(**options) as site:
            yield site

    return _live_site


live_site = live_site_fixture()
