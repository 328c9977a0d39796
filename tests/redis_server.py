"""The tests' redis-server on the broker's port, one per test session.

It lives beside the root conftest so that integration and browser tests share one
server: two session fixtures of the same name in different modules would each
start a server on the same port."""

import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
import redis
from django.conf import settings


class RedisServer:
    """The tests' redis-server on the broker's port, which a drill may stop and start again."""

    def __init__(self, binary: str, port: int, workdir: Path):
        self.binary, self.port, self.workdir = binary, port, workdir
        self.client = redis.Redis(host="127.0.0.1", port=port)
        self.proc = None

    def start(self, timeout=10):
        self.proc = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.client.ping()
                return
            except redis.ConnectionError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"redis-server did not start on port {self.port}")
                time.sleep(0.05)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)


@pytest.fixture(scope="session")
def redis_control(tmp_path_factory):
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed (apt-get install redis-server); integration tests need it")
    server = RedisServer(binary, urlparse(settings.CELERY_BROKER_URL).port, tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    if server.proc.poll() is None:
        server.stop()


@pytest.fixture(scope="session")
def redis_server(redis_control):
    return redis_control.client
