"""Web and task workers load at start what their first requests and tasks would otherwise wait for."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import gc, json, re, sys
import factcheck.wsgi
from django.utils.functional import SimpleLazyObject
from annotations.models import http_url_validator
from factcheck.celery import app
regex = http_url_validator.regex
while isinstance(regex, SimpleLazyObject):  # Django wraps it twice; each layer compiles on first use
    regex = regex._wrapped
print(json.dumps({
    "redis_transport_loaded": "kombu.transport.redis" in sys.modules,
    "celery_app_finalized": app.finalized,
    "url_regex_compiled": isinstance(regex, re.Pattern),
    "loaded_objects_frozen": gc.get_freeze_count() > 10000,
}))
"""


WORKER_PROBE = """
import json
from celery.signals import worker_init
import factcheck.celery
import gc
from annotations.matching import embedder, pair_model, suggestion_model
from annotations.splitting import checkworthiness
models = (checkworthiness.model, embedder, pair_model, suggestion_model)
before = [model.cache_info().currsize for model in models]
worker_init.send(sender=None)
after = [model.cache_info().currsize for model in models]
print(json.dumps({"before": before, "after": after, "frozen": gc.get_freeze_count() > 10000}))
"""


def _unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_wsgi_module_warms_up_without_a_broker_or_database(tmp_path):
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "factcheck.settings", "DEBUG": "0",
        "SECRET_KEY": "warm-up-test-secret-key-warm-up-test-secret-key-0123456789",
        # Nothing listens on either: importing the module must not need them.
        "REDIS_URL": f"redis://127.0.0.1:{_unused_port()}/0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'absent' / 'db.sqlite3'}",
    }
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "redis_transport_loaded": True, "celery_app_finalized": True, "url_regex_compiled": True,
        # gunicorn forks its workers from this module (gunicorn.conf.py): the collector must leave it shared.
        "loaded_objects_frozen": True,
    }


def test_a_task_worker_loads_the_models_before_it_forks_its_pool():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "factcheck.settings", "DEBUG": "1"}
    result = subprocess.run([sys.executable, "-c", WORKER_PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "before": [0, 0, 0, 0], "after": [1, 1, 1, 1], "frozen": True}
