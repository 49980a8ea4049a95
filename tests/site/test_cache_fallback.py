"""The production cache (commune.cache.FallbackRedisCache) while Redis cannot be reached: every
call is answered from the process's memory, one warning is logged, Redis is not tried again on
each call, and it is used again once it answers. No Redis here: a closed port plays the dead one."""
import logging
import socket

import pytest

from commune import cache as fallback
from commune.cache import FallbackRedisCache


@pytest.fixture(autouse=True)
def fresh_health(monkeypatch):
    monkeypatch.setattr(fallback, "_health", {})


@pytest.fixture
def warnings():
    """The records of the jamaa.cache logger (which does not propagate to the root in production)."""
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("jamaa.cache")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _dead_redis(**options) -> FallbackRedisCache:
    return FallbackRedisCache(f"redis://:secret@127.0.0.1:{_closed_port()}/0", {"OPTIONS": options})


class FakeRedis:
    """What Django's RedisCacheClient does, in a dict: Redis answering again."""

    def __init__(self):
        self.data, self.deleted = {}, []

    def get_client(self, key=None, *, write=False):
        return self

    def ping(self):
        return True

    def get(self, key, default):
        return self.data.get(key, default)

    def set(self, key, value, timeout):
        self.data[key] = value

    def delete_many(self, keys):
        self.deleted.extend(keys)
        for key in keys:
            self.data.pop(key, None)


def test_without_redis_every_call_is_answered_from_memory_and_logged_once(warnings):
    cache = _dead_redis()
    cache.set("page", "<html>")
    assert cache.get("page") == "<html>"
    assert cache.add("hits", 0, timeout=60) is True and cache.add("hits", 5) is False
    assert cache.incr("hits") == 1 and cache.incr("hits", 2) == 3
    with pytest.raises(ValueError):
        cache.incr("never-set")  # the rate limits rely on Django's contract: a missing key raises
    cache.set_many({"a": 1, "b": 2})
    assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": 2}
    assert cache.has_key("a") and cache.delete("a") and not cache.has_key("a")
    assert cache.get("a", "gone") == "gone"

    logged = [r for r in warnings if r.levelno == logging.WARNING]
    assert len(logged) == 1, [r.getMessage() for r in warnings]
    message = logged[0].getMessage()
    assert "cannot be reached" in message and "secret" not in message  # where, without the password


def test_memory_is_shared_by_the_threads_of_a_process():
    """Django makes a cache object per thread: they must see the same memory and the same health."""
    location = f"redis://127.0.0.1:{_closed_port()}/0"
    first, second = FallbackRedisCache(location, {}), FallbackRedisCache(location, {})
    first.set("session", "data")
    assert second.get("session") == "data"


def test_redis_is_not_tried_again_on_every_call(monkeypatch):
    cache = _dead_redis(RETRY_SECONDS=60)
    cache.get("anything")  # fails, and says so

    def no_redis_now(*args, **kwargs):
        raise AssertionError("Redis tried again before RETRY_SECONDS")

    monkeypatch.setattr(cache._cache, "get_client", no_redis_now)
    for n in range(100):
        cache.set(f"key{n}", n)
        assert cache.get(f"key{n}") == n


def test_a_short_connect_timeout_is_the_default_and_options_still_reach_redis():
    cache = _dead_redis(RETRY_SECONDS=1, socket_connect_timeout=0.2, health_check_interval=10)
    options = cache._cache._pool_options
    assert options["socket_connect_timeout"] == 0.2 and options["health_check_interval"] == 10
    assert "RETRY_SECONDS" not in options
    assert _dead_redis()._cache._pool_options["socket_connect_timeout"] <= 0.5


def test_redis_is_used_again_when_it_answers_and_deletions_made_meanwhile_follow(warnings):
    cache = _dead_redis(RETRY_SECONDS=0)
    cache.set("session", "signed in")
    cache.delete("session")  # signed out while Redis was away
    cache.set("page", "from memory")

    redis = FakeRedis()
    redis.data[cache.make_key("session")] = "signed in"  # what Redis still holds from before
    cache.__dict__["_cache"] = redis  # Redis answers again
    assert cache.get("session") is None  # the stale session was deleted there first
    assert redis.deleted == [cache.make_key("session")]
    cache.set("page", "from Redis")
    assert redis.data[cache.make_key("page")] == "from Redis"
    assert any("answers again" in r.getMessage() for r in warnings)
    assert not fallback._health[",".join(cache._servers)].down


def test_a_long_outage_is_logged_again_once_per_warning_seconds(monkeypatch, warnings):
    now = [1000.0]
    monkeypatch.setattr(fallback, "monotonic", lambda: now[0])
    cache = _dead_redis(RETRY_SECONDS=5, WARNING_SECONDS=60)
    for seconds in range(0, 130, 5):  # Redis retried every 5 s for two minutes, failing each time
        now[0] = 1000.0 + seconds
        cache.get("page")
    assert len([r for r in warnings if r.levelno == logging.WARNING]) == 3  # at 0, 60 and 120 s


def test_writes_made_in_memory_during_an_outage_are_made_good_when_redis_returns(monkeypatch):
    """A page invalidated while Redis was away (its commune's generation bumped in memory only)
    must not be served from Redis's older copy afterwards: recovery starts every page afresh."""
    from base import page_cache

    cache = _dead_redis(RETRY_SECONDS=0)
    monkeypatch.setattr(page_cache, "cache", cache)
    redis = FakeRedis()
    generation = cache.make_key(page_cache._generation_key(page_cache.GLOBAL))
    redis.data[generation] = 7  # what Redis held before the outage

    cache.get("anything")  # Redis is down: noticed
    page_cache.bump("commune.example")  # a page published meanwhile: written to memory only
    redis.incr = lambda key, delta: redis.data.__setitem__(key, redis.data.get(key, 0) + delta) or redis.data[key]
    redis.add = lambda key, value, timeout: redis.data.setdefault(key, value) == value
    cache.__dict__["_cache"] = redis  # Redis answers again
    assert cache.get("anything") is None
    assert redis.data[generation] == 8  # every commune's pages have a new key: none served stale


def test_an_outage_without_writes_changes_nothing_when_redis_returns():
    received = []
    fallback.redis_recovered.connect(lambda sender, **kw: received.append(sender), weak=False, dispatch_uid="test-recovered")
    try:
        cache = _dead_redis(RETRY_SECONDS=0)
        cache.get("anything")
        cache.__dict__["_cache"] = FakeRedis()
        cache.get("anything")
        assert received == []
    finally:
        fallback.redis_recovered.disconnect(dispatch_uid="test-recovered")
