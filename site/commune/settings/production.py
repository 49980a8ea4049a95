"""Production: every deployment value comes from the environment.

There is no insecure fallback: a missing SECRET_KEY, ALLOWED_HOSTS or DATABASE_URL
stops the process at start-up with a clear message (ImproperlyConfigured).
"""
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, STORAGES, env


def _required(name: str) -> str:
    value = env(name, default="")
    if not value:
        raise ImproperlyConfigured(f"Production needs the {name} environment variable.")
    return value


DEBUG = False
SECRET_KEY = _required("SECRET_KEY")
_required("ALLOWED_HOSTS")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
_required("DATABASE_URL")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A kept connection is checked before a request reuses it: after PostgreSQL restarts, the next
# request opens a new one instead of failing on the dead one.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# CIN numbers are encrypted at rest: Fernet keys, newest first (deploy/README.md, key rotation),
# and the key of their lookup hashes (duplicate signatures), which does not rotate with them.
JAMAA_ENCRYPTION_KEYS = [key.strip() for key in _required("JAMAA_ENCRYPTION_KEYS").split(",") if key.strip()]
JAMAA_HASH_KEY = _required("JAMAA_HASH_KEY")

# Cache (pages, rate limits, sessions): Redis when configured, shared by every web instance; else
# CACHE_URL; else the database (the table is made by `migrate`, base/migrations/0003), which every
# instance shares too — never a per-process memory cache that would let instances disagree, except
# while Redis cannot be reached: then each process keeps serving from its own memory (commune/cache.py).
if env("REDIS_URL", default=""):
    CACHES = {"default": {"BACKEND": "commune.cache.FallbackRedisCache", "LOCATION": env("REDIS_URL")}}
elif not env("CACHE_URL", default=""):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "jamaa_cache"}}
# Sessions read from the cache (Redis when configured) and written through to the database: any
# web instance knows a session, and none is lost when the cache restarts.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Background tasks (notification e-mails...) are queued in the database and run by
# `manage.py db_worker` (deploy/systemd/jamaa-worker.service), never inside a request.
INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Personal data of closed records is anonymised after this many days (manage.py purge_personal_data).
JAMAA_RETENTION_DAYS = env.int("JAMAA_RETENTION_DAYS", default=730)

# Uploads as base.py has them (MEDIA_ROOT, or the S3 bucket); static files collected with hashed names.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = ["security.W021"]  # HSTS preload is a per-domain commitment, opt in with SECURE_HSTS_PRELOAD
