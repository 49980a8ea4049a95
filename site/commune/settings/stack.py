"""The local production stack (deploy/stack.py, `make stack`): the production settings, on
plain HTTP and loopback only, so that this machine can run what a host runs and the smoke,
load and fault tests can drive it.

What differs from production, and why: no TLS here, so cookies may travel over HTTP and no
HSTS is sent; e-mails are written to files the tests read; the captcha accepts its test
answer (the real library in its test mode) so benchmarks and tests can submit forms.
Everything else — PostgreSQL, Redis, the database task queue, static files collected with
hashed names, DEBUG off, required secrets — is production's.
"""
from .production import *  # noqa: F403
from .production import env

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = env.path("JAMAA_STACK_MAIL_DIR")
CAPTCHA_TEST_MODE = True
# ...which the captcha library rightly reports as an error with DEBUG off: expected here, not logged.
LOGGING = {**LOGGING, "loggers": {**LOGGING["loggers"], "captcha.conf.settings": {"level": "CRITICAL"}}}  # noqa: F405
# Links in e-mails carry the stack's port (the demo Sites say 80).
JAMAA_LINK_PORT = env.int("JAMAA_LINK_PORT", default=None)
