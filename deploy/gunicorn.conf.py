"""Gunicorn settings for Jamaa: `gunicorn -c deploy/gunicorn.conf.py commune.wsgi:application`.

Every value can be changed from the environment (see deploy/env.example); options given on the command
line win over this file. Nginx sits in front (deploy/nginx/jamaa.conf): it buffers slow clients and serves
static and media files, so plain sync workers are right here.
"""
import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value in {"1", "true", "yes", "on"}


wsgi_app = "commune.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = _int("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1)
threads = _int("GUNICORN_THREADS", 1)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# How long an idle connection from nginx stays open (threaded workers only: the sync worker closes
# each one). Longer than nginx keeps its idle upstream connections (`keepalive_timeout` in the
# upstream blocks, 60 s), so nginx always closes first: were gunicorn to close one just as nginx
# reuses it, the request would fail on it and nginx would count the instance as failing.
keepalive = _int("GUNICORN_KEEPALIVE", 75)
# Recycle workers now and then so a slow leak never grows without bound.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max(1, max_requests // 10) if max_requests else 0
# Load Django once in the master, then fork: less memory on a small server, and a broken
# configuration (a missing SECRET_KEY...) stops the master at start-up instead of looping workers.
preload_app = _bool("GUNICORN_PRELOAD", True)
# Heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Only nginx on this machine may set X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proxy_allow_ips = forwarded_allow_ips

# Logs go to stdout/stderr (journald under systemd). The access log has no client address, no query
# string and no referrer: those can carry personal data, and nginx's own log already has the address.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
capture_output = True
proc_name = "jamaa"

# gunicornc's control socket: only where asked for (the systemd unit puts it in /run/jamaa-web/), so two
# instances never share the default path in $HOME.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
    control_socket_mode = 0o600
else:
    control_socket_disable = True


def pre_fork(server, worker):
    """Freeze what the loaded application holds (preload_app) before each worker is forked: those
    objects live as long as the process, so the garbage collector never scans them again (measured:
    pauses of 100–150 ms every ~120 searches, the p99 of the search page, fell to under 50 ms) and
    the workers keep sharing their memory pages with the master."""
    import gc

    gc.freeze()
