"""The local production stack: what a host runs, started on this machine's loopback.

    python3 deploy/stack.py start | stop | status | env
    python3 deploy/stack.py stop-service | start-service postgres|redis|web1|web2|worker|nginx

`start` (`make stack`) runs, from Debian's packages and this checkout: PostgreSQL (a cluster
of its own), Redis, **two** gunicorn instances with the production settings
(commune.settings.stack: production's, minus TLS), nginx in front of both with the
production site's locations (deploy/nginx/jamaa-app.conf), and the task worker. It migrates,
collects the static files and loads the demo communes (idempotent), then waits until nginx
answers. `stop` (`make stack-stop`) stops them all; the data stays for the next start.
Everything lives under STACK_DIR (default var/stack/): data, logs, pids, e-mails written as
files (mail/), the generated configuration and environment (env, read by `env`).
`stop-service NAME` and `start-service NAME` stop and start one part of a running stack, as a
failure would and as an operator then does (tests/stack/test_faults.py).

Ports (all on 127.0.0.1, each overridable from the environment): nginx STACK_PORT=8480,
gunicorn STACK_WEB_PORTS=8481,8482, PostgreSQL STACK_PG_PORT=8483, Redis STACK_REDIS_PORT=8484.

Debian packages needed: postgresql, redis-server, nginx (the CI installs them).
"""
import base64
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIR = Path(os.environ.get("STACK_DIR", ROOT / "var" / "stack")).resolve()
PORT = int(os.environ.get("STACK_PORT", "8480"))
WEB_PORTS = [int(p) for p in os.environ.get("STACK_WEB_PORTS", "8481,8482").split(",")]
PG_PORT = int(os.environ.get("STACK_PG_PORT", "8483"))
REDIS_PORT = int(os.environ.get("STACK_REDIS_PORT", "8484"))
WORKERS_PER_INSTANCE = os.environ.get("STACK_GUNICORN_WORKERS", "2")
PYTHON = ROOT / ".venv" / "bin" / "python"
IS_ROOT = os.geteuid() == 0


def log(message: str) -> None:
    print(f"stack: {message}", flush=True)


def run(*args, user: str | None = None, **kwargs):
    command = [str(a) for a in args]
    if user and IS_ROOT:
        command = ["runuser", "-u", user, "--", *command]
    return subprocess.run(command, check=True, **kwargs)


def pid_alive(path: Path) -> int | None:
    try:
        pid = int(path.read_text().split()[0])
        os.kill(pid, 0)
        return pid
    except (OSError, ValueError, IndexError):
        return None


# --- environment ---------------------------------------------------------------------------


def environment() -> dict[str, str]:
    """The processes' environment, kept in STACK_DIR/env (the secrets are made once)."""
    path = DIR / "env"
    if path.exists():
        values = dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    else:
        values = {"SECRET_KEY": secrets.token_urlsafe(50), "PG_PASSWORD": secrets.token_hex(16)}
    # made once too (a stack made before CINs were encrypted gets them on its next start)
    values.setdefault("JAMAA_ENCRYPTION_KEYS", base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    values.setdefault("JAMAA_HASH_KEY", secrets.token_urlsafe(50))
    values.update({
        "DJANGO_SETTINGS_MODULE": "commune.settings.stack",
        "PYTHONPATH": f"{ROOT / 'site'}:{ROOT}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{PORT},http://localhost:{PORT}",
        "DATABASE_URL": f"postgres://jamaa:{values['PG_PASSWORD']}@127.0.0.1:{PG_PORT}/jamaa",
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "STATIC_ROOT": str(DIR / "static"),
        "MEDIA_ROOT": str(DIR / "media"),
        "JAMAA_STACK_MAIL_DIR": str(DIR / "mail"),
        "JAMAA_LINK_PORT": str(PORT),
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{PORT}",
        "DEFAULT_FROM_EMAIL": "no-reply@stack.jamaa.invalid",
    })
    path.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
    path.chmod(0o600)
    return values


def process_env() -> dict[str, str]:
    values = environment()
    values.pop("PG_PASSWORD")
    return {**os.environ, **values}


# --- PostgreSQL ------------------------------------------------------------------------------


def pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: [int(x) for x in p.parent.name.split(".")])
    if not found:
        sys.exit("stack: PostgreSQL server binaries missing (apt-get install postgresql)")
    return found[-1]


def start_postgres(password: str) -> None:
    data, user = DIR / "pg" / "data", "postgres" if IS_ROOT else None
    if pid_alive(data / "postmaster.pid"):
        return
    (DIR / "pg").mkdir(exist_ok=True)
    if IS_ROOT:
        shutil.chown(DIR / "pg", "postgres", "postgres")
    (DIR / "pg").chmod(0o700)
    fresh = not data.exists()
    if fresh:
        run(pg_bin() / "initdb", "-D", data, "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--auth-local=peer",
            "--auth-host=scram-sha-256", user=user, stdout=subprocess.DEVNULL, cwd=DIR / "pg")
    run(pg_bin() / "pg_ctl", "-D", data, "-l", DIR / "pg" / "server.log", "-w", "-t", "60", "start", "-o",
        f"-c listen_addresses=127.0.0.1 -c port={PG_PORT} -c unix_socket_directories={DIR / 'pg'} -c max_connections=100",
        user=user, stdout=subprocess.DEVNULL, cwd=DIR / "pg")
    if fresh:
        run("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", DIR / "pg", "-p", PG_PORT, "-U", "postgres", "-d", "postgres",
            "-c", f"CREATE ROLE jamaa LOGIN CREATEDB PASSWORD '{password}'",
            "-c", "CREATE DATABASE jamaa OWNER jamaa ENCODING 'UTF8'", user=user, cwd=DIR / "pg")
    log(f"PostgreSQL on 127.0.0.1:{PG_PORT}")


def stop_postgres() -> None:
    data = DIR / "pg" / "data"
    if pid_alive(data / "postmaster.pid"):
        run(pg_bin() / "pg_ctl", "-D", data, "-m", "fast", "-w", "-t", "30", "stop", user="postgres" if IS_ROOT else None,
            stdout=subprocess.DEVNULL, cwd=DIR / "pg")
        log("PostgreSQL stopped")


# --- Redis, gunicorn, the worker, nginx -------------------------------------------------------


def start_redis() -> None:
    if pid_alive(DIR / "run" / "redis.pid"):
        return
    (DIR / "redis").mkdir(exist_ok=True)
    run("redis-server", "--bind", "127.0.0.1", "--port", REDIS_PORT, "--dir", DIR / "redis", "--daemonize", "yes",
        "--pidfile", DIR / "run" / "redis.pid", "--logfile", DIR / "log" / "redis.log", "--save", "", "--appendonly", "no")
    log(f"Redis on 127.0.0.1:{REDIS_PORT}")


def start_web(n: int, port: int) -> None:
    pid = DIR / "run" / f"web{n}.pid"
    if pid_alive(pid):
        return
    env = {**process_env(), "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": WORKERS_PER_INSTANCE,
           "GUNICORN_THREADS": os.environ.get("STACK_GUNICORN_THREADS", "4"), "GUNICORN_ACCESSLOG": ""}
    run(ROOT / ".venv" / "bin" / "gunicorn", "--config", ROOT / "deploy" / "gunicorn.conf.py", "--daemon", "--pid", pid,
        "--error-logfile", DIR / "log" / f"web{n}.log", "--name", f"jamaa-stack-web{n}", "commune.wsgi:application",
        env=env, cwd=ROOT)
    log(f"gunicorn #{n} on 127.0.0.1:{port}")


def start_worker() -> None:
    """The worker, started again 5 s after it exits, as jamaa-worker.service does (Restart=always,
    RestartSec=5): db_worker exits when PostgreSQL goes away, and must be back when it returns."""
    pid = DIR / "run" / "worker.pid"
    if pid_alive(pid):
        return
    worker = [str(PYTHON), str(ROOT / "manage.py"), "db_worker", "--queue-name", "*", "--interval", "1", "--no-reload"]
    with open(DIR / "log" / "worker.log", "ab") as out:
        process = subprocess.Popen(
            ["sh", "-c", 'while :; do "$@"; sleep 5; done', "jamaa-worker", *worker],
            env=process_env(), cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    pid.write_text(str(process.pid))
    log("task worker started")


def nginx_conf() -> Path:
    """nginx.conf of the stack: the production locations (jamaa-app.conf) with the stack's paths."""
    app = (ROOT / "deploy" / "nginx" / "jamaa-app.conf").read_text()
    app = app.replace("/srv/jamaa/static/", f"{DIR / 'static'}/").replace("/srv/jamaa/media/", f"{DIR / 'media'}/")
    app = app.replace("/srv/jamaa/app/", f"{ROOT}/")  # the checkout (the error page of 502/504)
    (DIR / "nginx" / "jamaa-app.conf").write_text(app)
    servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=3 fail_timeout=5s;" for port in WEB_PORTS)
    temp = DIR / "nginx" / "tmp"
    conf = f"""# Generated by deploy/stack.py: do not edit.
{"user www-data;" if IS_ROOT else ""}
worker_processes 2;
pid {DIR / 'run' / 'nginx.pid'};
error_log {DIR / 'log' / 'nginx.error.log'} warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    log_format jamaa '$remote_addr [$time_local] "$request_method $uri" $status $body_bytes_sent $request_time $upstream_addr';
    proxy_cache_path {DIR / 'nginx' / 'cache'} levels=1:2 keys_zone=jamaa_micro:10m max_size=100m inactive=10m use_temp_path=off;
    upstream jamaa_app {{
{servers}
        keepalive 16;
        keepalive_timeout 60s;
    }}
    server {{
        listen 127.0.0.1:{PORT};
        server_name 127.0.0.1 localhost;
        server_tokens off;
        access_log {DIR / 'log' / 'nginx.access.log'} jamaa;
        include {DIR / 'nginx' / 'jamaa-app.conf'};
    }}
}}
"""
    path = DIR / "nginx" / "nginx.conf"
    path.write_text(conf)
    return path


def start_nginx() -> None:
    if pid_alive(DIR / "run" / "nginx.pid"):
        return
    (DIR / "nginx" / "tmp").mkdir(parents=True, exist_ok=True)
    conf = nginx_conf()
    run("nginx", "-t", "-q", "-c", conf, "-p", DIR / "nginx")
    run("nginx", "-c", conf, "-p", DIR / "nginx")
    log(f"nginx on http://127.0.0.1:{PORT}/ in front of {', '.join(str(p) for p in WEB_PORTS)}")


def stop_pid(name: str, sig=signal.SIGTERM, wait: float = 30) -> None:
    pid = pid_alive(DIR / "run" / f"{name}.pid")
    if pid is None:
        return
    # the worker's session (its restart loop and db_worker, which finishes its task first) is signalled whole
    signal_process = os.killpg if name == "worker" else os.kill
    try:
        signal_process(pid, sig)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            signal_process(pid, 0)
        except OSError:  # gone (or the number already reused by another user's process)
            break
        time.sleep(0.1)
    log(f"{name} stopped")


# --- the commands ------------------------------------------------------------------------------


def wait_until_served(timeout: float = 60) -> None:
    deadline, error = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/ar/", timeout=10) as response:
                if response.status == 200:
                    return
        except OSError as e:
            error = e
        time.sleep(0.5)
    sys.exit(f"stack: nginx did not serve the home page within {timeout:.0f} s ({error}); see {DIR / 'log'}")


def prepare() -> None:
    """Migrate, collect static files (hashed names) and load the demo communes, as a deployment does."""
    env = process_env()
    for command in (["migrate", "--no-input", "-v", "0"], ["collectstatic", "--no-input", "-v", "0"], ["load_demo"]):
        run(PYTHON, ROOT / "manage.py", *command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    log("migrated, static files collected, demo communes loaded")


def start() -> None:
    for name in ("run", "log", "mail", "media", "static", "nginx"):
        (DIR / name).mkdir(parents=True, exist_ok=True)
    values = environment()
    start_postgres(values["PG_PASSWORD"])
    start_redis()
    prepare()
    for n, port in enumerate(WEB_PORTS, start=1):
        start_web(n, port)
    start_worker()
    start_nginx()
    wait_until_served()
    log(f"up: http://127.0.0.1:{PORT}/ (stop with `make stack-stop`)")


def services() -> dict[str, tuple[Callable[[], None], Callable[[], None]]]:
    """Each part of the stack by name, in start order: how to start it and how to stop it."""
    webs = {f"web{n}": (partial(start_web, n, port), partial(stop_pid, f"web{n}")) for n, port in enumerate(WEB_PORTS, 1)}
    return {
        "postgres": (lambda: start_postgres(environment()["PG_PASSWORD"]), stop_postgres),
        "redis": (start_redis, partial(stop_pid, "redis")),
        **webs,
        "worker": (start_worker, partial(stop_pid, "worker")),
        "nginx": (start_nginx, partial(stop_pid, "nginx", signal.SIGQUIT)),
    }


def stop() -> None:
    for _start, stop_service in reversed(services().values()):
        stop_service()


def status() -> int:
    names = ["nginx", "worker", "redis", *(f"web{n}" for n in range(1, len(WEB_PORTS) + 1))]
    down = 0
    for name in names:
        pid = pid_alive(DIR / "run" / f"{name}.pid")
        down += pid is None
        print(f"{name:8} {'running (pid %d)' % pid if pid else 'stopped'}")
    pg = pid_alive(DIR / "pg" / "data" / "postmaster.pid")
    down += pg is None
    print(f"{'postgres':8} {'running (pid %d)' % pg if pg else 'stopped'}")
    return 1 if down else 0


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "start"
    if command == "start":
        start()
    elif command == "stop":
        stop()
    elif command == "status":
        return status()
    elif command == "env":
        print(DIR / "env")
    elif command in ("start-service", "stop-service") and len(argv) == 3 and argv[2] in services():
        start_service, stop_service = services()[argv[2]]
        start_service() if command == "start-service" else stop_service()
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
