"""Settings shared by every environment.

Everything deployment-specific comes from the environment through django-environ;
dev/test give safe local defaults, production refuses to start without them.
"""
from datetime import timedelta
from pathlib import Path

import environ
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

from commune import themes
from commune.media import media_storage

ROOT_DIR = Path(__file__).resolve().parents[3]
SITE_DIR = ROOT_DIR / "site"

env = environ.Env()

# --- Applications ----------------------------------------------------------

INSTALLED_APPS = [
    # the model commune website (site/)
    "base",
    "home",
    "pages",
    "news",
    "events",
    "services",
    "library",
    "council",
    "contact",
    "search",
    # the participation plugins (each can be left out)
    "participation.core",
    "participation.suggestions",
    "participation.petitions",
    "participation.information",
    "participation.consultations",
    "participation.meetings",
    "participation.charter",
    "participation.action_plan",
    # Wagtail and its helpers
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "captcha",
    "django_tasks",
    # staff accounts: sign-in throttling, two-step verification (participation.core)
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # single-use backup codes
    # threaded comments (consultations); their models need django.contrib.sites
    "django_comments_xtd",
    "django_comments",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sites",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "commune.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "commune.middleware.LocaleMiddleware",  # Django's, keeping the API's 404s as they are
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "base.page_cache.PageCacheMiddleware",  # inside CSRF: a page served from the cache gets its visitor's token
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "participation.core.two_factor.OTPMiddleware",  # django-otp's: request.user.is_verified()
    "participation.core.two_factor.TwoFactorMiddleware",  # ...or the session is sent to give one
    "participation.core.session_expiry.SlidingSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: turns a refused sign-in into its page
]

ROOT_URLCONF = "commune.urls"
WSGI_APPLICATION = "commune.wsgi.application"

# --- Themes ----------------------------------------------------------------

JAMAA_THEME = env("JAMAA_THEME", default=themes.DEFAULT_THEME)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": themes.template_dirs(JAMAA_THEME),
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Widgets render through TEMPLATES, so a theme can override them too (e.g. the captcha).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database, cache, tasks ----------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{ROOT_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://jamaa")}
# Anonymous pages are served from the cache for at most this long (base/page_cache.py; 0 turns it off).
JAMAA_PAGE_CACHE_SECONDS = env.int("JAMAA_PAGE_CACHE_SECONDS", default=600)
# ...and pages showing records (counts, lists) are rendered again at most this often while they change.
JAMAA_PAGE_CACHE_RECORD_SECONDS = env.int("JAMAA_PAGE_CACHE_RECORD_SECONDS", default=5)

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Languages -------------------------------------------------------------

# Django has no entry for Standard Moroccan Tamazight (Tifinagh); add it.
LANG_INFO["zgh"] = {
    "bidi": False,
    "code": "zgh",
    "name": "Standard Moroccan Tamazight",
    "name_local": "ⵜⴰⵎⴰⵣⵉⵖⵜ",
}

LANGUAGE_CODE = "ar"
LANGUAGES = [
    ("ar", "العربية"),
    ("fr", "Français"),
    ("zgh", "ⵜⴰⵎⴰⵣⵉⵖⵜ"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ar", "العربية"), ("fr", "Français")]
LOCALE_PATHS = [SITE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Africa/Casablanca"
USE_TZ = True

# --- Static and media ------------------------------------------------------

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = themes.static_dirs(JAMAA_THEME)
STATIC_ROOT = env.path("STATIC_ROOT", default=ROOT_DIR / "var" / "static")
STATIC_URL = "/static/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=ROOT_DIR / "var" / "media")
MEDIA_URL = "/media/"
# Uploads: MEDIA_ROOT, or an S3-compatible bucket when MEDIA_S3_BUCKET is set (commune/media.py).
STORAGES = {
    "default": media_storage(env, page_cache_seconds=JAMAA_PAGE_CACHE_SECONDS),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

# --- E-mail ----------------------------------------------------------------

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="no-reply@jamaa.invalid")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Wagtail ---------------------------------------------------------------

WAGTAIL_SITE_NAME = "Jamaa"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "ods", "docx", "xlsx", "csv", "txt", "zip"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILFORMS_HONEYPOT = False  # our contact form adds its own honeypot and captcha

# Search: with Elasticsearch, a second database backend keeps its own index up to
# date, so that search can fall back to it when Elasticsearch is unreachable
# (search/query.py). Without Elasticsearch, the database backend is the only one.
# On PostgreSQL the database backend builds its vectors with SEARCH_CONFIG, else with the cluster's
# default_text_search_config (english for a C or en locale, arabic or french for others): 'simple'
# (lower case, no stemming, no stop words) matches the folded words exactly, as SQLite's FTS5 does,
# whatever the cluster; English stemming only conflated French words (cours/cour) and dropped some
# (on, a). Changing it means rebuilding the index: manage.py update_index.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
DATABASE_SEARCH_BACKEND = {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}
WAGTAILSEARCH_BACKENDS = {"default": DATABASE_SEARCH_BACKEND}
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.elasticsearch",
            "URLS": env.list("ELASTICSEARCH_URL"),
            "INDEX_PREFIX": env("ELASTICSEARCH_INDEX_PREFIX", default="jamaa_"),
            "TIMEOUT": 5,
            # a node that does not answer is tried once on each other node, then search falls back to the database
            "OPTIONS": {"max_retries": len(env.list("ELASTICSEARCH_URL")) - 1, "retry_on_timeout": True},
        },
        "database": DATABASE_SEARCH_BACKEND,
    }
# After Elasticsearch failed (refused, or hung until TIMEOUT), every search goes straight to the
# database for this long, in every web process (a flag in the cache); then it is tried again.
JAMAA_SEARCH_BREAKER_SECONDS = env.int("JAMAA_SEARCH_BREAKER_SECONDS", default=30)

# --- Captcha -------------------------------------------------------------

CAPTCHA_IMAGE_SIZE = (160, 50)
CAPTCHA_LENGTH = 5
CAPTCHA_FONT_SIZE = 32

# --- Security defaults shared by all ----------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy of the public site (django-csp). No script may be inline or eval'd:
# the theme has no inline script. Styles may be inline: base.html writes the commune's colours
# in a <style>. Images and embeds may come from elsewhere (media in an S3 bucket, a video an
# editor embedded). The Wagtail admin runs inline scripts of its own: it is left out of this
# policy, and framing it is still refused by X-Frame-Options.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/api/v1/docs"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "https:"],
        "frame-src": ["'self'", "https:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Browser features no page of the site uses (commune.middleware.PermissionsPolicyMiddleware).
JAMAA_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": max(12, env.int("JAMAA_PASSWORD_MIN_LENGTH", default=12))},  # never below 12
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Staff accounts: sign-in throttling, two-step verification, sessions -----------

# django-axes (participation/core/login_throttling.py): after this many wrong passwords for one
# account from one address, that pair is refused for the cool-off, even with the right password;
# after JAMAA_LOGIN_ADDRESS_FAILURE_LIMIT wrong passwords from one address, whatever the accounts
# tried, the address is refused (higher: colleagues may share an office address; 0 turns it off).
# Counted in the database, shared by every web instance; the address is read as the public forms
# read it behind the proxy (JAMAA_TRUSTED_PROXIES).
AUTHENTICATION_BACKENDS = [
    "participation.core.login_throttling.LoginThrottlingBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("JAMAA_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("JAMAA_LOGIN_COOLOFF_MINUTES", default=30))
JAMAA_LOGIN_ADDRESS_FAILURE_LIMIT = env.int("JAMAA_LOGIN_ADDRESS_FAILURE_LIMIT", default=20)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "participation.core.antiabuse.valid_client_ip"
AXES_LOCKOUT_CALLABLE = "participation.core.login_throttling.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "participation.core.login_throttling.LoginThrottlingHandler"  # axes' database handler + the address rule
AXES_ENABLE_ADMIN = False  # django.contrib.admin is not mounted

# Two-step verification (participation/core/two_factor.py): optional for each staff member,
# required for all with JAMAA_STAFF_2FA_REQUIRED.
JAMAA_STAFF_2FA_REQUIRED = env.bool("JAMAA_STAFF_2FA_REQUIRED", default=False)
OTP_TOTP_ISSUER = env("JAMAA_OTP_ISSUER", default="Jamaa")

# Sessions end after this long without activity (participation/core/session_expiry.py renews a
# signed-in session at most once per JAMAA_SESSION_REFRESH_SECONDS instead of on every request).
SESSION_COOKIE_AGE = env.int("JAMAA_SESSION_SECONDS", default=8 * 3600)
SESSION_SAVE_EVERY_REQUEST = False
JAMAA_SESSION_REFRESH_SECONDS = env.int("JAMAA_SESSION_REFRESH_SECONDS", default=300)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "jamaa": {"handlers": ["console"], "level": env("JAMAA_LOG_LEVEL", default="INFO"), "propagate": False},
    },
}

SITE_LABEL = _("Jamaa")

# --- Participation -----------------------------------------------------------

JAMAA_COMMUNE_SETTINGS_MODEL = "base.CommuneSettings"
JAMAA_PROACTIVE_PUBLICATION = "library.proactive.published"  # law 31.13 art. 10, for participation.information
JAMAA_TRUSTED_PROXIES = env.list("JAMAA_TRUSTED_PROXIES", default=["127.0.0.1"])
# Identity numbers (CIN) are encrypted at rest (participation/core/encrypted.py): Fernet keys, newest
# first, and the key of their lookup hashes. No default here: dev and test set their own, production
# refuses to start without them.
JAMAA_ENCRYPTION_KEYS = env.list("JAMAA_ENCRYPTION_KEYS", default=[])
JAMAA_HASH_KEY = env("JAMAA_HASH_KEY", default="")
# A citizen's private link (follow-up page...) stops working this many days after the record last
# changed; the citizen gets a new one by e-mail from the expired page (participation/core/private_links.py).
JAMAA_PRIVATE_LINK_DAYS = env.int("JAMAA_PRIVATE_LINK_DAYS", default=365)

# --- Comments on consultations (django-comments-xtd) ------------------------
# The consultations plugin stores comments in django-comments-xtd's threaded model and runs
# posting, e-mail confirmation (a POST from the link's page), moderation and reports through
# its own views and services; the package's URLs are not mounted. Comments belong to the
# django.contrib.sites Site below; the commune is the consultation page's Wagtail Site.
SITE_ID = 1
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_CONFIRM_EMAIL = True  # commenters without an account confirm by e-mail
COMMENTS_XTD_MAX_THREAD_LEVEL = 1  # a comment and its replies
COMMENTS_XTD_THREADED_EMAILS = False  # e-mails leave through the task queue
COMMENTS_XTD_SEND_HTML_EMAIL = False
COMMENTS_XTD_FROM_EMAIL = DEFAULT_FROM_EMAIL
COMMENTS_XTD_APP_MODEL_OPTIONS = {
    "default": {"who_can_post": "all", "allow_flagging": True, "allow_feedback": False, "show_feedback": False},
}
