"""Settings, read from the environment. `.env.example` lists every variable.

Helpers fail loudly on malformed values rather than guessing.
"""

import datetime as dt
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


def env_float(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}") from None


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
    "axes",
    "annotations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "factcheck.middleware.SecurityHeadersMiddleware",
    "factcheck.middleware.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it answers a locked-out sign-in.
    "axes.middleware.AxesMiddleware",
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
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg 3 binds parameters on the server and prepares a statement the
    # DB_PREPARE_THRESHOLD-th time a connection runs it (each verdict runs the
    # same dozen), so PostgreSQL parses and plans it once per connection.
    # Behind a transaction-mode pooler (pgbouncer < 1.21) set
    # DB_PREPARE_THRESHOLD=0 (never prepare); DB_SERVER_SIDE_BINDING=0 goes
    # back to Django's default client-side binding. docs/benchmarks.md has the gain.
    # A prepared statement is still planned for its values each time (force_custom_plan): after
    # five runs PostgreSQL may switch to one generic plan, blind to the values, which cannot use
    # a partial index or a skewed column's statistics (the home page's "any article still
    # splitting?" went from 0.5 to 47 ms at 100,000 articles on the sixth run of a connection).
    # DB_PLAN_CACHE_MODE=auto is PostgreSQL's default (docs/benchmarks.md has what each costs).
    plan_cache_mode = env_str("DB_PLAN_CACHE_MODE", "force_custom_plan")
    if plan_cache_mode not in ("force_custom_plan", "auto"):
        raise ImproperlyConfigured("DB_PLAN_CACHE_MODE must be force_custom_plan or auto.")
    DATABASES["default"]["OPTIONS"] = {
        "server_side_binding": env_bool("DB_SERVER_SIDE_BINDING", True),
        "prepare_threshold": env_int("DB_PREPARE_THRESHOLD", 2) or None,
        "options": f"-c plan_cache_mode={plan_cache_mode}",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in throttling (django-axes): after SIGNIN_FAILURE_LIMIT wrong passwords
# for one username from one address, that pair is refused for
# SIGNIN_LOCKOUT_MINUTES, the right password included; each try during the
# lockout starts it again. Attempts are rows of axes' AccessAttempt,
# AccessFailureLog and AccessLog (admin, "Axes").
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend with a person's permissions read in one query (annotations/access.py).
    "annotations.access.PermissionBackend",
]
AXES_FAILURE_LIMIT = env_int("SIGNIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("SIGNIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Its start-up banner would print on every manage.py command.
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "factcheck.signin.lockout_response"
AXES_CLIENT_IP_CALLABLE = "factcheck.signin.client_ip"

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
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Every page's scripts and styles are our own static files (no inline script,
# no CDN); factcheck/middleware.py sets these on every response.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# Django's admin and the Swagger page carry inline <style> elements of their own.
CSP_INLINE_STYLE_PATHS = ("/admin/", "/api/v1/schema/docs/")
CSP_RELAXED = CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# The largest request body, in bytes: a bigger one is a 413 naming this limit
# (factcheck/middleware.py). 10 MiB holds a batch of 1,000 articles of the
# benchmark corpus (2.7 MB) and one article at ARTICLE_MAX_CHARS.
REQUEST_BODY_MAX_BYTES = env_int("REQUEST_BODY_MAX_BYTES", 10 * 2**20)
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_MAX_BYTES

# Celery: Redis broker, no result backend (tasks report through the database).
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Sending a task happens inside web requests (after the commit of an import),
# so every broker call is bounded: a Redis that accepts connections and never
# answers costs a request BROKER_TIMEOUT_SECONDS, not a hung web worker. One
# attempt, no retry loop (kombu's connection retries are off, and so is
# Celery's publish retry): a send that fails leaves the article queued with a
# note, and the sweep below sends it once the broker answers again.
BROKER_TIMEOUT_SECONDS = env_float("BROKER_TIMEOUT_SECONDS", 1.0)
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_TIMEOUT_SECONDS
CELERY_TASK_PUBLISH_RETRY = False
# Redelivery after a worker dies: its unacknowledged task goes back to the
# queue once it is CELERY_VISIBILITY_TIMEOUT seconds old, found by a scan every
# CELERY_UNACKED_RESTORE_SECONDS (kombu's default scan is every 10 × 10 s,
# which made a lost task wait 100 s whatever the timeout). So a dead worker's
# task is back within timeout + scan (65 s by default). The timeout must stay
# above the longest task: a split still running at the timeout is delivered a
# second time (harmless, the split is idempotent, but wasted work), and
# webhook retries wait in steps shorter than it (tasks.py says why).
#
# Two queues, taken strictly in this order ("priority"): a worker links claims
# across articles only when no split is waiting, so a bulk import is split
# (and reviewable) first and its linking follows. Workers consume both unless
# started with -Q.
CELERY_TASK_QUEUES = (Queue("celery"), Queue("link"))
CELERY_TASK_DEFAULT_QUEUE = "celery"
TASK_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 60)
TASK_RESTORE_SCAN_SECONDS = env_int("CELERY_UNACKED_RESTORE_SECONDS", 5)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": TASK_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": TASK_RESTORE_SCAN_SECONDS,
    "unacked_restore_throttle": 1,
    "queue_order_strategy": "priority",
    "socket_timeout": BROKER_TIMEOUT_SECONDS,
    "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
    "max_retries": 0,
}
# The sweep (beat, every SPLIT_SWEEP_SECONDS) re-sends splits that should have
# started: an article whose send failed (the broker was unreachable; its
# split_error says so) at the first sweep; an article that was sent but is
# still queued only after SPLIT_REQUEUE_QUEUED_SECONDS, since a long bulk
# import legitimately keeps thousands queued and re-sending them all would
# flood the queue; a split a lost worker left after SPLIT_REQUEUE_SPLITTING_SECONDS
# (Celery's own redelivery above normally comes first).
SPLIT_SWEEP_SECONDS = env_int("SPLIT_SWEEP_SECONDS", 10)
SPLIT_REQUEUE_QUEUED_SECONDS = env_int("SPLIT_REQUEUE_QUEUED_SECONDS", 1800)
SPLIT_REQUEUE_SPLITTING_SECONDS = env_int("SPLIT_REQUEUE_SPLITTING_SECONDS", 900)
CELERY_BEAT_SCHEDULE = {
    "requeue-stalled-splits": {
        "task": "annotations.tasks.requeue_stalled_splits_task",
        "schedule": SPLIT_SWEEP_SECONDS,
        # Sweeps waiting behind a backlog are dropped, not run one after another.
        "options": {"expires": SPLIT_SWEEP_SECONDS},
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
    # JSON only (docs/api.md), nesting bounded (annotations/api/parsers.py).
    "DEFAULT_PARSER_CLASSES": ["annotations.api.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": API_ANON_RATE},
}
# Keyset cursors for the API's long lists (annotations/api/pagination.py says why); 0 falls
# back to DRF's own cursor, which cannot page past 1,000 claims of one check-worthiness.
API_KEYSET_CURSOR = env_bool("API_KEYSET_CURSOR", True)
# A paged list (the API's page numbers, the home page) of at least LIST_COUNT_CACHE_FROM rows reuses
# its count for LIST_COUNT_CACHE_SECONDS (per server process, keyed by the list's query: its filters
# and the person's view); counting 1.8 million claims took 45 ms of every API page's 70. Shorter lists
# are counted each time; 0 seconds turns it off (annotations/selectors/counting.py).
LIST_COUNT_CACHE_FROM = env_int("LIST_COUNT_CACHE_FROM", 100_000)
LIST_COUNT_CACHE_SECONDS = env_int("LIST_COUNT_CACHE_SECONDS", 30)
# Plain SQL (array reads, COPY, an additive upsert) for an import's, a split's, linking's and the
# restore's bulk rows, and their foreign-key checks at commit on reused plans (annotations/services/bulk.py
# says why); 0 does the same through the ORM, slower.
BULK_FAST_SQL = env_bool("BULK_FAST_SQL", True)
# A new verdict's rows (the verdict, the claim's status, their history rows, the audit event) in one
# statement on PostgreSQL (annotations/services/verdict_sql.py says why); 0 writes them through the ORM.
VERDICT_FAST_SQL = env_bool("VERDICT_FAST_SQL", True)
# A person's permissions (their own and their groups') read by one plain SQL statement, once per request
# (annotations/selectors/permissions_sql.py says why); 0 reads them through the ORM.
PERMISSIONS_FAST_SQL = env_bool("PERMISSIONS_FAST_SQL", True)
# The API's claim detail (the claim, all its verdicts and evidence) read by one statement on PostgreSQL
# (annotations/selectors/claim_detail_sql.py says why); 0 reads it through the ORM, three queries.
CLAIM_DETAIL_FAST_SQL = env_bool("CLAIM_DETAIL_FAST_SQL", True)
# The full export's article lines written as JSON by PostgreSQL (annotations/selectors/archive_sql.py);
# 0 makes them in Python. No effect on SQLite.
ARCHIVE_SQL_JSON = env_bool("ARCHIVE_SQL_JSON", True)
# A bulk import's linking holds the link lock about this long at a time, so that one pasted article,
# linked ahead of the bulk work, waits no longer than that for it (annotations/services/link_turns.py);
# 0 links each bulk task's articles (LINK_TASK_CHUNK) in one hold.
LINK_TURN_SECONDS = env_float("LINK_TURN_SECONDS", 0.6)
API_JSON_MAX_DEPTH = env_int("API_JSON_MAX_DEPTH", 20)
SPECTACULAR_SETTINGS = {
    "TITLE": "Fact-check desk API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs page need a signed-in user (session or token), as docs/api.md says.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "annotations.api.schema.declare_errors",
    ],
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
