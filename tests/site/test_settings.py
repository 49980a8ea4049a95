"""Production settings: refuse to start without their three required values, pass Django's deployment
checks when given them, and read the optional services (search, cache, e-mail) from the environment.

Each case runs in a fresh interpreter, since settings are read once per process.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = "commune.settings.production"

# Every variable the settings read (and any JAMAA_* or MEDIA_S3_* one); cleared from the inherited environment
# so that the developer's shell or CI (which sets DATABASE_URL) cannot change what is tested.
SETTINGS_VARIABLES = {
    "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CONN_MAX_AGE", "CSRF_TRUSTED_ORIGINS",
    "CACHE_URL", "REDIS_URL", "EMAIL_URL", "DEFAULT_FROM_EMAIL", "ELASTICSEARCH_URL", "ELASTICSEARCH_INDEX_PREFIX",
    "STATIC_ROOT", "MEDIA_ROOT", "JAMAA_THEME", "JAMAA_LOG_LEVEL", "WAGTAILADMIN_BASE_URL", "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_PRELOAD", "DEBUG", "CAPTCHA_TEST_MODE", "JAMAA_ENCRYPTION_KEYS", "JAMAA_HASH_KEY",
}  # fmt: skip

# Print the settings a case looks at, as JSON, from a fully set-up Django.
DUMP = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "SEARCH": settings.WAGTAILSEARCH_BACKENDS,
    "CACHES": settings.CACHES,
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
    "EMAIL_HOST": settings.EMAIL_HOST,
    "EMAIL_PORT": settings.EMAIL_PORT,
    "EMAIL_HOST_USER": settings.EMAIL_HOST_USER,
    "EMAIL_USE_TLS": settings.EMAIL_USE_TLS,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "DATABASE_ENGINE": settings.DATABASES["default"]["ENGINE"],
}, default=str))
"""


@pytest.fixture
def required(tmp_path):
    """The values production cannot start without (a throw-away SQLite database)."""
    return {
        "JAMAA_ENCRYPTION_KEYS": "dGhyb3ctYXdheS1wcm9kdWN0aW9uLXRlc3Qta2V5LTA=",  # a Fernet key: 32 bytes, base64
        "JAMAA_HASH_KEY": "throw-away-production-test-hash-key",
        "SECRET_KEY": "x7-" + "kQ9vZr2LmN8pT4wY6bC1dF3gH5jK0sX" * 2,  # long and varied enough for check --deploy
        "ALLOWED_HOSTS": "commune.example.org,www.commune.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }


def run(args, **variables):
    """Run `python ARGS` from the repository root with only `variables` set among the settings' variables."""
    env = {key: value for key, value in os.environ.items()
           if key not in SETTINGS_VARIABLES and not key.startswith(("JAMAA_", "MEDIA_S3_"))}
    env.update({"DJANGO_SETTINGS_MODULE": PRODUCTION, "PYTHONPATH": "site:.", **variables})
    return subprocess.run(
        [sys.executable, *args],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def dump(**variables):
    result = run(["-c", DUMP], **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "JAMAA_ENCRYPTION_KEYS", "JAMAA_HASH_KEY"])
def test_production_refuses_to_start_without(missing, required):
    variables = {key: value for key, value in required.items() if key != missing}
    result = run(["-c", "import django; django.setup()"], **variables)
    assert result.returncode != 0
    assert missing in result.stderr
    assert "ImproperlyConfigured" in result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "JAMAA_ENCRYPTION_KEYS", "JAMAA_HASH_KEY"])
def test_production_refuses_an_empty_value(missing, required):
    result = run(["-c", "import django; django.setup()"], **{**required, missing: ""})
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_passes_the_deployment_checks(required):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **required)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_defaults(required):
    values = dump(**required)
    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == ["commune.example.org", "www.commune.example.org"]
    assert values["DATABASE_ENGINE"] == "django.db.backends.sqlite3"
    # without Elasticsearch, one database backend only (a second one would index every page twice);
    # on PostgreSQL, words match exactly whatever the cluster's default text search configuration
    assert values["SEARCH"] == {"default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}}
    assert values["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"  # shared by every instance


def test_postgres_database_url(required):
    values = dump(**{**required, "DATABASE_URL": "postgres://jamaa@db.example.org:5432/jamaa"})
    assert values["DATABASE_ENGINE"] == "django.db.backends.postgresql"


def test_elasticsearch_url_switches_the_search_backend(required):
    values = dump(**required, ELASTICSEARCH_URL="http://search.example.org:9200")
    default = values["SEARCH"]["default"]
    assert default["BACKEND"] == "search.backends.elasticsearch"
    assert default["URLS"] == ["http://search.example.org:9200"]
    # the database index stays, for the fallback when Elasticsearch is unreachable
    assert values["SEARCH"]["database"] == {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}


def test_elasticsearch_url_lists_the_nodes_of_a_cluster(required):
    nodes = ["http://search-1.example.org:9200", "http://search-2.example.org:9200", "http://search-3.example.org:9200"]
    values = dump(**required, ELASTICSEARCH_URL=",".join(nodes))
    assert values["SEARCH"]["default"]["URLS"] == nodes
    # the client spreads its requests over all of them (and retries on another when one is down)
    from search.backends.elasticsearch import ArabicElasticsearchBackend

    client = ArabicElasticsearchBackend(values["SEARCH"]["default"]).es
    assert sorted(node.base_url for node in client.transport.node_pool.all()) == nodes
    assert values["SEARCH"]["default"]["OPTIONS"]["max_retries"] == 2 and client._max_retries == 2


def test_without_redis_or_cache_url_the_database_holds_the_cache(required):
    cache = dump(**required)["CACHES"]["default"]
    assert cache == {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "jamaa_cache"}
    migrated = run(["manage.py", "migrate", "--no-input", "-v", "0"], **required)
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    used = run(["manage.py", "shell", "-c", "from django.core.cache import cache; cache.set('k', 'shared'); print(cache.get('k'))"],
               **required)
    assert used.returncode == 0 and used.stdout.strip().splitlines()[-1] == "shared", used.stderr[-2000:]


def test_cache_url_is_read(required):
    values = dump(**required, CACHE_URL="dbcache://jamaa_cache")
    cache = values["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert cache["LOCATION"] == "jamaa_cache"


def test_redis_url_is_read(required):
    values = dump(**required, REDIS_URL="redis://127.0.0.1:6379/1")
    cache = values["CACHES"]["default"]
    assert cache["BACKEND"] == "commune.cache.FallbackRedisCache"  # Redis, or memory while it is away
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/1"


def test_email_url_is_read(required):
    values = dump(**required, EMAIL_URL="smtp+tls://mailer@mail.example.org:587")
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["EMAIL_HOST"] == "mail.example.org"
    assert values["EMAIL_PORT"] == 587
    assert values["EMAIL_HOST_USER"] == "mailer"
    assert values["EMAIL_USE_TLS"] is True
