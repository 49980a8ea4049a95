"""Local development: `make run`. Never used in production."""
from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-never-in-production")
JAMAA_ENCRYPTION_KEYS = env.list("JAMAA_ENCRYPTION_KEYS", default=["ZGV2LW9ubHktaW5zZWN1cmUtZmVybmV0LWtleS0wMDA="])
JAMAA_HASH_KEY = env("JAMAA_HASH_KEY", default="dev-only-insecure-hash-key")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CAPTCHA_TEST_MODE = env.bool("CAPTCHA_TEST_MODE", default=False)
WHITENOISE_USE_FINDERS = True
# `make run` serves on PORT (8000): links in e-mails (printed on the console) carry it.
JAMAA_LINK_PORT = env.int("PORT", default=8000)
