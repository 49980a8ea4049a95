"""The test suite: `make test` (SQLite) and `.ci/run` (PostgreSQL via DATABASE_URL)."""
from .base import *  # noqa: F403
from .base import ROOT_DIR, env

DEBUG = False
SECRET_KEY = "test-only-key"
JAMAA_ENCRYPTION_KEYS = ["dGVzdC1vbmx5LWluc2VjdXJlLWZlcm5ldC1rZXktMDA="]
JAMAA_HASH_KEY = "test-only-hash-key"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver", "[::1]"]
CAPTCHA_TEST_MODE = True
# In memory for the test process; live servers (tests/support/server.py) write files the browser tests read.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(ROOT_DIR / "var" / "test-mail"))
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = ROOT_DIR / "var" / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{ROOT_DIR / 'var' / 'test.sqlite3'}")}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests change records behind the pages' back (queryset.update()): pages are rendered afresh,
# except in the page cache's own tests (tests/site/test_page_cache.py), which turn it on.
JAMAA_PAGE_CACHE_SECONDS = 0
JAMAA_PAGE_CACHE_RECORD_SECONDS = 0  # tests that turn the page cache on see a change at once
WAGTAILADMIN_BASE_URL = "http://testserver"
# Servers started by the browser tests serve static files straight from the themes.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Live servers (tests/support/server.py) set PORT: links in their e-mails carry it.
JAMAA_LINK_PORT = env.int("PORT", default=None)
