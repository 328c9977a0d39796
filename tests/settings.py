"""Test settings: production settings plus what makes tests fast and self-contained."""

import os
import socket
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")
# Integration tests start their own redis-server on this URL (tests/integration/conftest.py).
# Never the developer's own Redis: a fresh port unless the caller (the worker
# started by the tests) names one.
os.environ["TEST_REDIS_URL"] = os.environ.get("TEST_REDIS_URL") or f"redis://127.0.0.1:{_free_port()}/0"
os.environ["REDIS_URL"] = os.environ["TEST_REDIS_URL"]

from factcheck.settings import *  # noqa: E402,F403
from factcheck.settings import BASE_DIR, DATABASES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

# Unit tests run tasks inline; integration tests switch this off and use a
# real worker on a real Redis (and a web server they start sets TEST_TASKS_EAGER=0).
CELERY_TASK_ALWAYS_EAGER = os.environ.get("TEST_TASKS_EAGER", "1") == "1"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file rather than memory, so the Celery worker of the integration tests
    # (another process) sees the test database.
    # One file per test run, so two runs in one checkout never share a database.
    test_db = Path(os.environ.get("TEST_SQLITE_PATH", BASE_DIR / ".run" / f"test-{os.getpid()}.sqlite3"))
    test_db.parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(test_db)}
WHITENOISE_AUTOREFRESH = True  # serve from the finders; tests never run collectstatic
