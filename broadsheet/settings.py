"""Django settings: every value comes from an environment variable read by a typed helper.

Each variable is documented in docs/configuration.md and .env.example
(broadsheet/tests/test_settings_documented.py fails when one is not).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url

from broadsheet.lib.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("BROADSHEET_DATA_DIR", str(BASE_DIR / "var")))
# The default database, the test database and collected static files live here.
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
# The built-in key starts "django-insecure-" so `check --deploy` flags a server still using it.
SECRET_KEY = env_str(
    "SECRET_KEY", "django-insecure-dev-only-key-change-me-in-production-0123456789"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_NAME = env_str("SITE_NAME", "Broadsheet")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "broadsheet.sources",
    "broadsheet.articles",
    "broadsheet.stories",
    "broadsheet.search",
    "broadsheet.ingest",
    "broadsheet.web",
    "broadsheet.accounts",
    "broadsheet.comments",
    "broadsheet.workers",
    "broadsheet.readers",
    "broadsheet.api",
    "broadsheet.websub",
    "broadsheet.commands",
    # Listed so /api/v1/docs serves Swagger UI from the package, not from a CDN.
    "ninja",
    "axes",
]

MIDDLEWARE = [
    # First: a cached page for an anonymous reader skips everything below (web/page_cache.py).
    "broadsheet.web.page_cache.AnonymousPageCache",
    "django.middleware.security.SecurityMiddleware",
    "broadsheet.web.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Vary: Cookie on a page showing the browser's token without renewing it (web/csrf.py).
    "broadsheet.web.csrf.TokenVaryMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, given the user row read with the session row (web/sessions.py).
    "broadsheet.web.sessions.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "broadsheet.urls"
WSGI_APPLICATION = "broadsheet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "broadsheet.web.context.site",
                "broadsheet.web.fragments.shared_fragments",
                # Last: stands in for Django's csrf_token, masked for less CPU (web/csrf.py).
                "broadsheet.web.csrf.csrf_token",
            ],
        },
    },
]


def _database(url: str) -> dict[str, Any]:
    """Turn DATABASE_URL into Django's DATABASES entry, tuning SQLite for concurrent use."""
    config: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0))
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at
        # BEGIN so two writers queue on the busy timeout instead of failing mid-transaction.
        config["OPTIONS"] = {
            "timeout": env_float("SQLITE_BUSY_TIMEOUT", 30.0, minimum=0),
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
        # Tests run on a file, not in memory, so threads and processes really share it.
        config["TEST"] = {"NAME": str(DATA_DIR / "test-broadsheet.sqlite3")}
        config["CONN_MAX_AGE"] = 0 if config["NAME"] == ":memory:" else config["CONN_MAX_AGE"]
    return config


DATABASES = {
    "default": _database(env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'broadsheet.sqlite3'}"))
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Outbound email (sign-up verification, password reset): printed to the console by default.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Broadsheet <noreply@localhost>")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1)

# Django's cache holds the rate-limit counters (broadsheet.lib.ratelimit): in-process by
# default; a redis:// URL shares them between every web process and worker.
CACHE_URL = env_str("CACHE_URL", "")
# Where the page version lives (lib/page_versions.py): the one value every web process must
# read alike, or a comment a moderator hid would stay on pages cached by another process.
# Default: CACHE_URL's cache; `broadsheet run` with several web processes and both empty
# gives them a file:// directory in the data directory.
PAGE_VERSION_CACHE_URL = env_str("PAGE_VERSION_CACHE_URL", "")
# How long a page may be served from the cache to readers who are not signed in (0: never).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 30, minimum=0)
# How long a part of a page that every reader shares (an article's body and related, a
# story's timeline) is kept under the current news version (web/fragments.py; 0: never).
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 30, minimum=0)
# How often the story desk is saved to the data directory while enriching, so that a restart
# restores it instead of recomputing its window (stories/snapshot.py; 0: never saved or read).
STORY_DESK_SNAPSHOT_SECONDS = env_int("STORY_DESK_SNAPSHOT_SECONDS", 300, minimum=0)
# Web server processes of `broadsheet run` (0: one per CPU core); ingestion stays in one.
WEB_PROCESSES = env_int("WEB_PROCESSES", 0, minimum=0)
# Seconds between returns of freed C-heap memory to the system in each process of
# `broadsheet run` (lib/heap.py: glibc's malloc_trim; 0: never).
HEAP_TRIM_SECONDS = env_float("HEAP_TRIM_SECONDS", 60.0, minimum=0)


def _cache(url: str) -> dict[str, Any]:
    """A Django cache from a URL: in-process (empty), a directory (file://), or Redis."""
    if url.startswith("file://"):
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": url.removeprefix("file://"),
            # Django culls a third of the entries at every write past MAX_ENTRIES (300).
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    if url:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


CACHES = {
    "default": _cache(CACHE_URL),
    "page_versions": _cache(PAGE_VERSION_CACHE_URL or CACHE_URL),
}

# Login throttling (django-axes): a username is locked out from one address after
# LOGIN_FAILURE_LIMIT wrong passwords, for LOGIN_COOLOFF_MINUTES.
AUTHENTICATION_BACKENDS = [
    "broadsheet.accounts.backends.LoginThrottleBackend",
    "broadsheet.accounts.backends.EmailOrUserNameBackend",
]
AXES_ENABLED = env_bool("LOGIN_THROTTLE_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "broadsheet.accounts.backends.login_username"
AXES_CLIENT_IP_CALLABLE = "broadsheet.lib.ratelimit.client_ip_or_none"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

LANGUAGE_CODE = "en"
# The interface languages; the URL prefix (/en/, /fr/, /es/) picks one. Articles keep
# their own language whatever the interface shows.
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "broadsheet" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "UTC")

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# WhiteNoise warns at every start when STATIC_ROOT is missing, though the finders serve all.
STATIC_ROOT.mkdir(exist_ok=True)
# Serve static files straight from the apps: no collectstatic step for a laptop install.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "httpx": {"level": "WARNING"},
        "trafilatura": {"level": "WARNING"},
        # django-axes logs every start and login at INFO; lockouts are warnings.
        "axes": {"level": "WARNING"},
    },
}

# Outbound fetching (broadsheet.lib.fetch): limits, politeness, private networks.
FETCH_ALLOWED_NETWORKS = env_str("FETCH_ALLOWED_NETWORKS", "")
FETCH_TIMEOUT = env_float("FETCH_TIMEOUT", 30.0, minimum=1)
FETCH_MAX_BYTES = env_int("FETCH_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
FETCH_HOST_DELAY = env_float("FETCH_HOST_DELAY", 1.0, minimum=0)
FETCH_HOST_CONNECTIONS = env_int("FETCH_HOST_CONNECTIONS", 2, minimum=1)
FETCH_RESPECT_ROBOTS = env_bool("FETCH_RESPECT_ROBOTS", True)
FETCH_CONTACT_URL = env_str("FETCH_CONTACT_URL", "https://github.com/broadsheet-news/broadsheet")

# Ingestion schedule (broadsheet.ingest).
INGEST_WORKERS = env_int("INGEST_WORKERS", 32, minimum=1)
FEED_MIN_INTERVAL = env_int("FEED_MIN_INTERVAL", 300, minimum=1)
FEED_MAX_INTERVAL = env_int("FEED_MAX_INTERVAL", 86400, minimum=1)
FEED_MAX_BACKOFF = env_int("FEED_MAX_BACKOFF", 6 * 3600, minimum=1)
EXTRACTION_TIMEOUT = env_float("EXTRACTION_TIMEOUT", 10.0, minimum=0.1)
EXTRACTION_WORKERS = env_int("EXTRACTION_WORKERS", 2, minimum=0)

# Scale-out (broadsheet.workers): Celery workers on Redis; empty runs ingestion in-process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=5)
SCHEDULER_MAX_QUEUED = env_int("SCHEDULER_MAX_QUEUED", 500, minimum=1)

# WebSub (broadsheet.websub): the public address hubs call back (https://news.example.org);
# empty turns WebSub off (a hub cannot reach a laptop). Leases asked for, and the largest push.
WEBSUB_CALLBACK_BASE_URL = env_str("WEBSUB_CALLBACK_BASE_URL", "")
WEBSUB_LEASE_SECONDS = env_int("WEBSUB_LEASE_SECONDS", 10 * 86400, minimum=3600)
WEBSUB_MAX_PUSH_BYTES = env_int("WEBSUB_MAX_PUSH_BYTES", FETCH_MAX_BYTES, minimum=1024)

# The bundled demo publishers (broadsheet run --demo): first of their consecutive ports.
DEMO_BASE_PORT = env_int("DEMO_BASE_PORT", 8101, minimum=1)

# Optional language model (any OpenAI-compatible endpoint); offline methods when unset.
LLM_BASE_URL = env_str("LLM_BASE_URL", "")
LLM_MODEL = env_str("LLM_MODEL", "")
LLM_API_KEY = env_str("LLM_API_KEY", "")
LLM_TIMEOUT = env_float("LLM_TIMEOUT", 30.0, minimum=1)
LLM_DAILY_TOKENS = env_int("LLM_DAILY_TOKENS", 200_000, minimum=0)

# The JSON API and the Google Reader API (broadsheet.api): requests per minute per client
# address and per token (HTTP 429 with Retry-After beyond), and the largest request body.
API_RATE_LIMIT_IP = env_int("API_RATE_LIMIT_IP", 300, minimum=1)
API_RATE_LIMIT_TOKEN = env_int("API_RATE_LIMIT_TOKEN", 600, minimum=1)
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 64 * 1024, minimum=1024)

# HTTP security (docs/security.md). HTTPS=true when the site is served over TLS: cookies
# become Secure, plain HTTP is redirected and HSTS is sent. Off by default for a laptop.
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", HTTPS)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
# The reverse proxies `broadsheet run` takes X-Forwarded-Proto/For/Host from (addresses or
# networks, "127.0.0.1" or "10.0.0.0/8, ::1"): empty trusts none (lib/proxies.py).
TRUSTED_PROXIES = env_str("TRUSTED_PROXIES", "")
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    # Only behind a proxy that sets this header itself; otherwise clients could forge it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = env_str("SECURE_REFERRER_POLICY", "same-origin")
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Database sessions, read in plain SQL (web/sessions.py: a tenth of a signed-in page).
SESSION_ENGINE = "broadsheet.web.sessions"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CONTENT_SECURITY_POLICY = env_str(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: http:; "
    "font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
)
