"""Settings shared by every environment, read from the process environment.

With nothing set the product runs on the *embedded default*: SQLite and
Celery's filesystem transport, both under ``var/``. ``DATABASE_URL`` and
``REDIS_URL`` switch to PostgreSQL and Redis.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from config.settings import accounts, api_schema, queues, saml, sso
from config.settings.storage import FILESYSTEM_BACKEND, object_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
env.smart_cast = False

# Everything the embedded default writes lives under one absolute folder.
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var"))).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env.str("SECRET_KEY", default="insecure-local-only-5b1f0d3e9c7a4e2f8d6b0a1c3e5f7a9b")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A refused form gets the site's page (in Dutch, with a way back), not Django's English one.
CSRF_FAILURE_VIEW = "core.error_pages.csrf_failure"
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
ORGANISATION_NAME = env.str("ORGANISATION_NAME", default="Gesprekscyclus")
# A PNG or JPEG file printed at the top of every PDF form (empty: the name only).
ORGANISATION_LOGO = env.str("ORGANISATION_LOGO", default="")
# The login page lists the demo accounts (bin/demo); never in production.
DEMO_MODE = env.bool("DEMO_MODE", default=False)
# ``manage.py timed --as-of DATE`` runs the time-driven steps as if it were that day (acceptance and test
# environments, integrators walking terms and reminders); production refuses it.
SIMULATED_DATES_ALLOWED = env.bool("SIMULATED_DATES_ALLOWED", default=True)
# AVG: reviews of closed cycles are erased this many years after the cycle's period (manage.py retention).
RETENTION_YEARS = env.int("RETENTION_YEARS", default=5)
# From this many employees in scope a cycle opens in the background, the page showing its progress.
CYCLE_OPEN_IN_BACKGROUND_FROM = env.int("CYCLE_OPEN_IN_BACKGROUND_FROM", default=1000)
# A cycle's dashboard and progress are counted anew after a change at most this often (seconds) per reader
# (reviewcycle.figures); in between, the page says when they were counted.
CYCLE_FIGURES_REFRESH_SECONDS = env.int("CYCLE_FIGURES_REFRESH_SECONDS", default=15)
# Background jobs (core.jobs): a running job renews its lease every few seconds; one whose lease ran
# out (its worker died) is failed by the sweeper (beat, every minute) and may be started again.
JOB_LEASE_SECONDS = env.int("JOB_LEASE_SECONDS", default=120)
# A job still pending this long (its message lost, e.g. Redis restarted empty) is queued again ...
JOB_PENDING_REQUEUE_SECONDS = env.int("JOB_PENDING_REQUEUE_SECONDS", default=300)
# ... and failed after this long without a worker taking it.
JOB_PENDING_GIVE_UP_SECONDS = env.int("JOB_PENDING_GIVE_UP_SECONDS", default=6 * 60 * 60)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "axes",
    "csp",
    # Single sign-on (OpenID Connect): config/settings/sso.py.
    *sso.INSTALLED_APPS,
    "core",
    "frameworks",
    "people",
    "reviewcycle",
    "notifications",
    "reports",
    "web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Pages: the language switch, else the person's preference, else Dutch (not the browser's language).
    "people.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    *sso.MIDDLEWARE,
    # Last: answers 429 once a login is locked out, for the pages and the API's token endpoint alike.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "core.context_processors.organisation",
                "notifications.context_processors.inbox",
                "reviewcycle.context_processors.roles",
            ],
        },
    },
]

# Required fields carry aria-required too (core.forms.AccessibleBoundField).
FORM_RENDERER = "core.forms.FormRenderer"

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
# Keep a worker's database connection between requests (checked before reuse) instead of a new one each time.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Behind a pooler in transaction mode (PgBouncer; README, "PgBouncer"): each transaction may get another
# server connection, so nothing may live on one across transactions: no prepared statements and no
# server-side cursors (a streamed export then reads each chunk of EXPORT_CHUNK rows in full).
DATABASE_TRANSACTION_POOLER = env.bool("DATABASE_TRANSACTION_POOLER", default=False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = DATABASE_TRANSACTION_POOLER
    # Parameters bound by the server and statements prepared from their fifth use on a connection
    # (core/db.py); off (0) behind a pooler in transaction mode.
    prepare_threshold = 0 if DATABASE_TRANSACTION_POOLER else env.int("DATABASE_PREPARE_THRESHOLD", default=5)
    if prepare_threshold:
        from core.db import PreparingCursor

        DATABASES["default"].setdefault("OPTIONS", {}).update(
            {
                "server_side_binding": True,
                "prepare_threshold": prepare_threshold,
                "cursor_factory": PreparingCursor,
            }
        )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A worker, beat and the web server share the file: wait for locks instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
# Two roles on PostgreSQL (README, "Database roles"): DATABASE_URL is the runtime role the web app,
# worker and beat use; `manage.py migrate` and `flush` connect as DATABASE_OWNER_URL's user (same server
# and database), which owns the tables and grants the runtime role what it may do (core/database_roles.py).
DATABASE_OWNER = env.db_url("DATABASE_OWNER_URL") if env.str("DATABASE_OWNER_URL", default="") else None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out login before the password is checked
    # Django's username/password backend that also refuses employees who have left.
    "people.backends.ActiveEmployeeBackend",
]
# SAML 2.0 single sign-on, on once the identity provider's metadata is set (config/settings/saml.py, docs/sso.md).
_saml = saml.saml_settings(os.environ, SITE_URL, ORGANISATION_NAME)
vars().update(_saml)
if _saml["SAML_ENABLED"]:
    AUTHENTICATION_BACKENDS.append("people.saml.SamlBackend")
# Password guessing: after AXES_FAILURE_LIMIT wrong passwords for one user from one address, that
# pair is locked out for AXES_COOLOFF_MINUTES (other users and addresses are not affected).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "people.security.lockout_response"
# Behind N reverse proxies (docker-compose.yml has one, Caddy) the client's address is the N-th from the
# end of X-Forwarded-For (each proxy appends the address it saw); without one that header is the client's
# own say, so only the connection's address counts (config/security.py, client_address).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "people.security.client_address"

# Content-Security-Policy: scripts, styles, fonts and images only from this site. Style attributes
# stay allowed: the charts are reportlab SVG, which styles its shapes inline (no script can run there).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Local accounts: the password-reset link's lifetime and limits, invitations (config/settings/accounts.py).
globals().update(accounts.settings(env))

# --- Single sign-on: OpenID Connect providers and the password-login switch (config/settings/sso.py) ---
globals().update(sso.settings(env))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Amsterdam")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"
STORAGES = {
    "default": object_storage(env)
    or {"BACKEND": FILESYSTEM_BACKEND},  # MEDIA_ROOT, or a bucket: config.settings.storage
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- Email -------------------------------------------------------------------
# EMAIL_URL: smtp://user:password@host:587 (add ?ssl=True / tls via smtp+tls://),
# consolemail:// (print to the log) or filemail:///path.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# A backend class of your own (e.g. an API-based mail service) overrides EMAIL_URL's.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default=EMAIL_CONFIG["EMAIL_BACKEND"])
# Where the file backend (EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend) writes.
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Gesprekscyclus <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Outgoing webhooks: receiver timeout, attempts, back-off doubling up to a ceiling (README, "Webhooks").
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=10)
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=8)
WEBHOOK_RETRY_SECONDS = env.float("WEBHOOK_RETRY_SECONDS", default=60)
WEBHOOK_RETRY_MAX_SECONDS = env.float("WEBHOOK_RETRY_MAX_SECONDS", default=6 * 60 * 60)

# --- Celery ------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    # A task whose worker died is handed out again after this many seconds. A Redis that is down is
    # noticed within a second (connection refused is immediate; an unreachable host takes the timeout).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
        "socket_connect_timeout": 1,
        # Connecting for a publish (kombu's default channel): try twice, 0.2 s apart, not after 2 s.
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.2,
    }
    # The web process never waits for a result, but publishing a task that keeps one subscribes to it
    # first, retrying 20 times a second by default: 19 s per request while Redis is down. Fail fast:
    # what was not queued is queued later (the outbox flush, the job sweeper) or answered with 503.
    CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
    CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
        "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
    }
else:
    # Embedded default: a real broker on the local filesystem, no server needed.
    for folder in ("queue", "processed", "control", "results"):
        (CELERY_DIR / folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DIR / "queue"),
        "data_folder_out": str(CELERY_DIR / "queue"),
        "processed_folder": str(CELERY_DIR / "processed"),
        "control_folder": str(CELERY_DIR / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{CELERY_DIR / 'results'}"
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")
# Queues by kind of work (config/settings/queues.py; README, "Queues by kind of work").
CELERY_QUEUE_KINDS = queues.KINDS
CELERY_TASK_QUEUES = queues.task_queues(CELERY_TASK_DEFAULT_QUEUE)
CELERY_TASK_ROUTES = queues.task_routes(CELERY_TASK_DEFAULT_QUEUE)
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_TRACK_STARTED = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 1
# Publishing from a request tries twice within half a second, then gives up (see core.jobs).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- Cache -------------------------------------------------------------------
# Shared by the web and worker processes (the password-reset limiter counts here): Redis when it
# is configured, else a folder beside the database.
# A Redis host that does not answer must not hold a request: the cache fails within a second (the
# password-reset limiter then lets the request through, logged).
REDIS_CACHE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- REST API ----------------------------------------------------------------
# How long a token from POST /api/v1/auth/token/ works; logout and a password change end it sooner.
API_TOKEN_LIFETIME_HOURS = env.int("API_TOKEN_LIFETIME_HOURS", default=24)
# SCIM provisioning (/scim/v2/): requests per minute per provisioning client before 429 (0: no limit).
SCIM_RATE_LIMIT_PER_MINUTE = env.int("SCIM_RATE_LIMIT_PER_MINUTE", default=600)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous API call then gets 401 with a WWW-Authenticate header, not 403.
        "people.backends.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # django-filter's backend, strict: a filter value it cannot use is a 400 (core.query).
    "DEFAULT_FILTER_BACKENDS": ["core.query.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.api_exception_handler",
    # ?format= chooses the file format of downloads, not a renderer.
    "URL_FORMAT_OVERRIDE": None,
    # The API takes JSON bodies; an endpoint that takes a file upload says so itself
    # (people's import: multipart). Anything else is a documented 415, never a guess.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = api_schema.SPECTACULAR_SETTINGS

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Uploads (the people import) ------------------------------------------------------------
# An upload larger than this is stopped while it arrives (core.uploads.UploadLimitHandler) and
# refused with a form error / HTTP 400; the web process only stores the file, the worker reads it.
IMPORT_MAX_UPLOAD_BYTES = env.int("IMPORT_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
# What an XLSX (a zip) may unpack to, summed over its parts, before openpyxl is allowed to read it.
IMPORT_MAX_UNZIPPED_BYTES = env.int("IMPORT_MAX_UNZIPPED_BYTES", default=100 * 1024 * 1024)
# Data rows per file: reading stops at the limit (all rows are checked together, in memory).
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=200_000)
FILE_UPLOAD_HANDLERS = [
    "core.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# An uploaded file above 1 MB goes to a temporary file, not memory; form fields (not files)
# may take 2.5 MB in all (Django's default, named here on purpose).
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2621440
