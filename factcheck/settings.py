"""Settings, read from the environment. `.env.example` lists every variable.

Helpers fail loudly on malformed values rather than guessing.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-local-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "annotations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "factcheck.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "factcheck.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the Celery worker write to one file at once: WAL lets
    # readers proceed during a write, IMMEDIATE takes the write lock at BEGIN so
    # two writers queue on busy_timeout instead of failing mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Production hardening; `manage.py check --deploy` runs against these in CI.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY") else None
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Celery: Redis broker, no result backend (tasks report through the database).
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task whose worker died is handed out again once this many seconds pass
# without an ack. Splits take seconds, so minutes is plenty; a redelivered
# split is harmless because the split service is idempotent.
#
# Two queues, taken strictly in this order ("priority"): a worker links claims
# across articles only when no split is waiting, so a bulk import is split
# (and reviewable) first and its linking follows. Workers consume both unless
# started with -Q.
CELERY_TASK_QUEUES = (Queue("celery"), Queue("link"))
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 600),
    "queue_order_strategy": "priority",
}
# The sweep re-sends splits that should have finished: articles still queued
# (the broker was down when they were saved) and splits a lost worker left.
SPLIT_REQUEUE_QUEUED_SECONDS = env_int("SPLIT_REQUEUE_QUEUED_SECONDS", 120)
SPLIT_REQUEUE_SPLITTING_SECONDS = env_int("SPLIT_REQUEUE_SPLITTING_SECONDS", 900)
CELERY_BEAT_SCHEDULE = {
    "requeue-stalled-splits": {
        "task": "annotations.tasks.requeue_stalled_splits_task",
        "schedule": env_int("SPLIT_SWEEP_SECONDS", 60),
    },
    # Fetches of article URLs that a broker outage or a lost worker left behind.
    "requeue-stalled-fetches": {
        "task": "annotations.tasks.requeue_stalled_fetches_task",
        "schedule": env_int("SPLIT_SWEEP_SECONDS", 60),
    },
    # Match-key counts only grow between rebuilds (a re-split's deleted claims keep theirs).
    "rebuild-match-key-counts": {
        "task": "annotations.tasks.key_frequency_rebuild_task",
        "schedule": env_int("KEY_FREQUENCY_REBUILD_SECONDS", 24 * 3600),
    },
}

API_ANON_RATE = env_str("API_ANON_RATE", "120/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # People's own tokens (account page), then the ones create_api_token printed.
        "annotations.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": API_ANON_RATE},
}
# Keyset cursors for the API's long lists (annotations/api/pagination.py says why); 0 falls
# back to DRF's own cursor, which cannot page past 1,000 claims of one check-worthiness.
API_KEYSET_CURSOR = env_bool("API_KEYSET_CURSOR", True)
SPECTACULAR_SETTINGS = {
    "TITLE": "Fact-check desk API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Public fact-checks: absolute URLs in ClaimReview and the organisation that publishes them.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
PUBLISHER_NAME = env_str("PUBLISHER_NAME", "Fact-check desk")
PUBLISHER_URL = env_str("PUBLISHER_URL", SITE_URL)

# Webhooks on publish/unpublish (endpoints are rows of WebhookEndpoint).
WEBHOOK_TIMEOUT = env_int("WEBHOOK_TIMEOUT", 10)
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 8)
WEBHOOK_RETRY_BASE_SECONDS = env_int("WEBHOOK_RETRY_BASE_SECONDS", 30)

# Articles above this many characters are refused with a clear message.
ARTICLE_MAX_CHARS = env_int("ARTICLE_MAX_CHARS", 1_000_000)

# Intake: articles fetched from a URL (annotations/intake, docs/intake.md). Private and loopback
# addresses are refused; INTAKE_ALLOWED_HOSTS lists `host` or `host:port` entries exempt from
# that check only (an intranet CMS; the tests' local server).
INTAKE_ALLOWED_HOSTS = env_list("INTAKE_ALLOWED_HOSTS")
INTAKE_CONNECT_TIMEOUT = env_int("INTAKE_CONNECT_TIMEOUT", 5)
INTAKE_TIMEOUT = env_int("INTAKE_TIMEOUT", 20)
# Pages and uploaded files alike.
INTAKE_MAX_BYTES = env_int("INTAKE_MAX_BYTES", 5_000_000)
INTAKE_MAX_REDIRECTS = env_int("INTAKE_MAX_REDIRECTS", 5)
# A timeout, a refused connection or a 5xx is tried again, this many attempts in all.
INTAKE_FETCH_ATTEMPTS = env_int("INTAKE_FETCH_ATTEMPTS", 3)
INTAKE_RETRY_SECONDS = env_int("INTAKE_RETRY_SECONDS", 20)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
