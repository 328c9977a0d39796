"""A real redis-server and real Celery workers, started for these tests only,
on 127.0.0.1. Missing binaries fail the run: a skipped test proves nothing."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
import redis
from django.conf import settings
from django.db import connection

from factcheck.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed (apt-get install redis-server); integration tests need it")
    url = urlparse(settings.CELERY_BROKER_URL)
    workdir = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen(
        [binary, "--port", str(url.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(workdir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    client = redis.Redis(host="127.0.0.1", port=url.port)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"redis-server did not start on port {url.port}")
            time.sleep(0.05)
    yield client
    proc.terminate()
    proc.wait(10)


def _database_url() -> str:
    """The URL of the test database this process is using, for the worker."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = f"{quote(db['USER'])}:{quote(db['PASSWORD'] or '')}@" if db["USER"] else ""
    return f"postgres://{auth}{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """One `celery worker` process group, which a test may kill outright."""

    def __init__(self, log_path: Path):
        self.log_path = log_path
        self.proc = None

    def start(self, timeout=60):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": _database_url(),
            "TEST_REDIS_URL": settings.CELERY_BROKER_URL,
            "CELERY_VISIBILITY_TIMEOUT": "3",
            "TEST_CELERY_EAGER": "0",
            "PYTHONUNBUFFERED": "1",
        }
        self.log = open(self.log_path, "a")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "factcheck", "worker", "--pool=prefork", "--concurrency=2",
             "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while "ready." not in self.log_path.read_text():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("Celery worker did not start:\n" + self.log_path.read_text()[-3000:])
            time.sleep(0.1)

    def kill(self):
        """SIGKILL the whole group: no warm shutdown, no chance to ack or requeue."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)
        self.log.close()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
            self.log.close()


@pytest.fixture
def live_queue(transactional_db, redis_server):
    """Tasks go through Redis (not run inline) for the duration of the test."""
    redis_server.flushall()
    celery_app.conf.task_always_eager = False
    yield redis_server
    celery_app.conf.task_always_eager = True


@pytest.fixture
def celery_worker_process(live_queue, tmp_path):
    worker = Worker(tmp_path / "worker.log")
    worker.start()
    yield worker
    worker.stop()
