"""A Redis cache that keeps the site serving while Redis cannot be reached.

Redis holds what every web instance shares: cached pages, rate-limit counters, sessions (read
through, written to the database too: SESSION_ENGINE cached_db). Django's RedisCache raises on
every call when Redis is down, and every caller would have to handle it. Here a call that cannot
reach Redis is answered from this process's memory instead:

- pages are rendered and cached per process (Django's local-memory cache, 300 entries), rate
  limits count per process, sessions come from the database (cached_db), so visitors, forms and
  staff sign-in keep working;
- one WARNING says so, then at most one per WARNING_SECONDS per process, never one per call;
- Redis is tried again RETRY_SECONDS after it failed, by one call; until then calls go straight to
  memory, so a dead Redis costs nothing per request (and a hung one at most the short socket
  timeouts below, once per retry);
- when Redis answers again, the keys deleted meanwhile (sessions that signed out...) are deleted
  there too, the memory copy is dropped, and Redis is used again; if anything was written
  meanwhile, `redis_recovered` is sent, so that what was only written to memory (a page cache's
  invalidation: base.page_cache) is made good in Redis.

CACHES = {"default": {"BACKEND": "commune.cache.FallbackRedisCache", "LOCATION": "redis://...",
"OPTIONS": {"RETRY_SECONDS": 5, "WARNING_SECONDS": 60}}}; other OPTIONS go to redis-py as usual.
"""
import logging
import threading
from time import monotonic
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.dispatch import Signal
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("jamaa.cache")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
WRITES = frozenset({"add", "set", "touch", "delete", "incr", "set_many", "delete_many", "clear"})
#: how many deletions made while Redis was away are kept to be made there too when it returns
MAX_PENDING_DELETES = 10_000
#: sent (sender: the cache) when Redis answers again after writes went to memory only
redis_recovered = Signal()


class _Health:
    """Whether Redis answers, shared by the threads of one process (Django makes one cache
    object per thread)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down = False
        self.retry_at = 0.0
        self.warned_at: float | None = None
        self.pending_deletes: set = set()
        self.written = False  # something was written to memory only while Redis was down


_health: dict[str, _Health] = {}
_health_lock = threading.Lock()


def _where(servers: list[str]) -> str:
    """The servers without their passwords, for the log."""
    return ", ".join(urlsplit(s).netloc.rpartition("@")[2] or urlsplit(s).path for s in servers)


class FallbackRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.retry_seconds = float(options.pop("RETRY_SECONDS", 5))
        self.warning_seconds = float(options.pop("WARNING_SECONDS", 60))
        # Redis is local or next door: a connection not made in half a second will not be made.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 1)
        super().__init__(server, {**params, "OPTIONS": options})
        location = ",".join(self._servers)
        with _health_lock:
            self._health = _health.setdefault(location, _Health())
        local = {key: params[key] for key in ("TIMEOUT", "KEY_PREFIX", "VERSION", "KEY_FUNCTION") if key in params}
        self._local = LocMemCache(f"jamaa-fallback:{location}", local)

    # --- choosing Redis or memory -------------------------------------------------------------

    def _use_redis(self) -> bool:
        """True unless Redis failed less than retry_seconds ago; the first call after that tries it."""
        health = self._health
        if not health.down:
            return True
        with health.lock:
            if not health.down:
                return True
            if monotonic() < health.retry_at:
                return False
            health.retry_at = monotonic() + self.retry_seconds  # the other threads keep to memory
            pending = list(health.pending_deletes)
        try:
            if pending:
                self._cache.delete_many(pending)
            else:
                self._cache.get_client(write=True).ping()
        except UNREACHABLE as error:
            self._failed(error)
            return False
        with health.lock:
            health.down = False
            health.pending_deletes.difference_update(pending)
            written, health.written = health.written, False
        self._local.clear()
        logger.info("Redis at %s answers again: the shared cache is used again", _where(self._servers))
        if written:
            redis_recovered.send(sender=self)
        return True

    def _failed(self, error: Exception) -> None:
        health = self._health
        now = monotonic()
        with health.lock:
            health.down = True
            health.retry_at = now + self.retry_seconds
            warn = health.warned_at is None or now - health.warned_at >= self.warning_seconds
            if warn:
                health.warned_at = now
        if warn:
            logger.warning("Redis at %s cannot be reached (%s): caching in this process's memory, retrying every %g s",
                           _where(self._servers), error, self.retry_seconds)

    def _call(self, name: str, *args, **kwargs):
        if self._use_redis():
            try:
                return getattr(super(), name)(*args, **kwargs)
            except UNREACHABLE as error:
                self._failed(error)
        if name in WRITES:
            self._health.written = True
        return getattr(self._local, name)(*args, **kwargs)

    def _deleting(self, keys, version) -> None:
        """Remember keys deleted while Redis is away, to delete them there when it returns (a
        signed-out session must not come back from Redis)."""
        health = self._health
        if health.down:
            made = [self.make_and_validate_key(key, version=version) for key in keys]
            with health.lock:
                if len(health.pending_deletes) < MAX_PENDING_DELETES:
                    health.pending_deletes.update(made)

    # --- the cache API ------------------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        result = self._call("delete", key, version)
        self._deleting([key], version)
        return result

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        result = self._call("delete_many", keys, version)
        self._deleting(keys, version)
        return result

    def clear(self):
        return self._call("clear")
