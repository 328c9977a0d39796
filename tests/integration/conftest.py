"""A real redis-server and real Celery workers, started for these tests only,
on 127.0.0.1. Missing binaries fail the run: a skipped test proves nothing."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from factcheck.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    """The URL of the test database this process is using, for the worker."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = f"{quote(db['USER'])}:{quote(db['PASSWORD'] or '')}@" if db["USER"] else ""
    return f"postgres://{auth}{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """One `celery worker` process group, which a test may kill outright."""

    def __init__(self, log_path: Path, *, env: dict | None = None, beat: bool = False):
        self.log_path = log_path
        self.proc = None
        # Short redelivery times, so a test waits seconds for a lost task; a drill may set its own.
        # The worker sends its own tasks (a split's link) through Redis too, as a production worker does.
        self.env = {"CELERY_VISIBILITY_TIMEOUT": "3", "CELERY_UNACKED_RESTORE_SECONDS": "1", "TEST_TASKS_EAGER": "0",
                    **(env or {})}
        self.beat = beat

    def start(self, timeout=60):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": _database_url(),
            "TEST_REDIS_URL": settings.CELERY_BROKER_URL,
            "PYTHONUNBUFFERED": "1",
            **self.env,
        }
        beat = ["--beat", "--schedule", str(self.log_path.with_suffix(".beat"))] if self.beat else []
        self.log = open(self.log_path, "a")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "factcheck", "worker", "--pool=prefork", "--concurrency=2",
             "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat", *beat],
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

    def kill_main(self):
        """SIGKILL the main process only, as the kernel's OOM killer would; its pool processes die with it."""
        os.kill(self.proc.pid, signal.SIGKILL)
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
        if self.proc:
            # Whatever of the group outlived its main process (an embedded beat) goes too.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)


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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class HungBroker:
    """A TCP server that accepts every connection and never answers: a hung Redis, a black-holed network path."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.held = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _accept(self):
        with contextlib.suppress(OSError):
            while True:
                self.held.append(self.sock.accept()[0])

    def close(self):
        self.sock.close()
        for conn in self.held:
            conn.close()


@pytest.fixture
def hung_broker():
    broker = HungBroker()
    yield broker
    broker.close()


class WebServer:
    """gunicorn serving the app on the test database, as in production (one sync worker, 30 s timeout)."""

    def __init__(self, log_path: Path, *, broker_url: str):
        self.log_path, self.broker_url = log_path, broker_url
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self, timeout=60):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": _database_url(),
            "TEST_REDIS_URL": self.broker_url,
            "TEST_TASKS_EAGER": "0",
            "PYTHONUNBUFFERED": "1",
        }
        self.log = open(self.log_path, "a")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "factcheck.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", "1", "--timeout", "30"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("gunicorn did not start:\n" + self.log_path.read_text()[-3000:]) from None
                time.sleep(0.1)

    def stop(self):
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
        self.log.close()
