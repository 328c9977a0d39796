"""A broker that hangs or goes away never blocks a request, and no article is left without its split.

The drills print their timings (run with -s to see them); DRILL_TRIALS and
DRILL_ARTICLES make them longer for a measurement (README, "Limits and recovery").
"""

import json
import os
import statistics
import time
import urllib.request

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from annotations.models import Article
from annotations.services.accounts import api_token_get_or_create
from annotations.services.articles import UNSENT_NOTE
from tests.integration.conftest import WebServer, Worker

pytestmark = pytest.mark.integration

REQUESTS = 5  # the hung-broker drill's median is over this many imports
TRIALS = int(os.environ.get("DRILL_TRIALS", "1"))
ARTICLES = int(os.environ.get("DRILL_ARTICLES", "20"))


def wait_until(predicate, timeout=60, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def post_json(url, token, body, timeout=45):
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), method="POST",
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, json.loads(response.read()), time.monotonic() - started


def test_an_import_answers_within_the_broker_timeout_when_the_broker_hangs(
        transactional_db, editor, hung_broker, tmp_path):
    """Redis accepts the connection and never answers: the article is saved, queued, and the answer is the
    usual 201 with a note, after about BROKER_TIMEOUT_SECONDS rather than a web worker hung until it is killed."""
    token = api_token_get_or_create(user=editor).key
    server = WebServer(tmp_path / "gunicorn.log", broker_url=hung_broker.url)
    server.start()
    try:
        # The first request loads the app (about two seconds); it is not what is measured.
        urllib.request.urlopen(urllib.request.Request(
            f"{server.url}/api/v1/articles/", headers={"Authorization": f"Token {token}"}), timeout=30).close()
        answers = [post_json(f"{server.url}/api/v1/articles/", token,
                             {"body": f"Harbour Report {i}\n\nThe port handled {i} million containers in May."})
                   for i in range(REQUESTS)]
    finally:
        server.stop()

    durations = [elapsed for _, _, elapsed in answers]
    print(f"\nhung broker: request seconds {[round(d, 2) for d in durations]}, "
          f"median {statistics.median(durations):.2f} (bound {settings.BROKER_TIMEOUT_SECONDS} s + the request)")
    for status, body, _ in answers:
        assert status == 201
        assert body["split_state"] == "queued"
        assert body["split_error"].startswith(UNSENT_NOTE)
    assert max(durations) < settings.BROKER_TIMEOUT_SECONDS + 2
    stored = Article.objects.filter(pk__in=[body["id"] for _, body, _ in answers])
    assert {a.split_state for a in stored} == {Article.SplitState.QUEUED} and stored.count() == REQUESTS


def outage(trial: int, redis_control, client) -> float:
    """Redis stops, ARTICLES imports, Redis starts: the seconds until every one of them is split."""
    redis_control.stop()
    ids = []
    for i in range(ARTICLES):
        response = client.post("/api/v1/articles/", {
            "body": f"Budget Vote {trial}-{i}\n\nThe council approved {i + 10} million for the harbour on Monday."
        }, format="json")
        assert response.status_code == 201, response.content
        assert response.json()["split_error"].startswith(UNSENT_NOTE)
        ids.append(response.json()["id"])
    redis_control.start()
    back = time.monotonic()
    done = wait_until(lambda: Article.objects.filter(
        pk__in=ids, split_state=Article.SplitState.DONE).count() == len(ids), timeout=120)
    recovery = time.monotonic() - back
    assert done, "some articles were never split"
    assert set(Article.objects.filter(pk__in=ids).values_list("split_error", flat=True)) == {""}
    return recovery


def test_articles_imported_while_the_broker_was_down_are_split_soon_after_it_returns(
        live_queue, redis_control, editor, tmp_path):
    """The beat sweep sends at once the articles whose send failed, so they do not wait for the long age
    that protects a bulk import's backlog from being sent twice."""
    worker = Worker(tmp_path / "worker.log", beat=True)
    worker.start()
    client = APIClient()
    client.force_authenticate(editor)
    try:
        recoveries = [outage(trial, redis_control, client) for trial in range(TRIALS)]
    finally:
        worker.stop()
        if redis_control.proc.poll() is not None:
            redis_control.start()

    print(f"\nbroker down: {ARTICLES} imports each time; all split {[round(r, 1) for r in recoveries]} s after "
          f"Redis returned, median {statistics.median(recoveries):.1f} s "
          f"(sweep every {settings.SPLIT_SWEEP_SECONDS} s)")
    # The sweep's period, the worker's own reconnection back-off (2, 4, 6 … s) and the splits themselves.
    assert max(recoveries) < settings.SPLIT_SWEEP_SECONDS + 30
