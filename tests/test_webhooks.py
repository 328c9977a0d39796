"""Webhooks: signed deliveries to a real local receiver, retries with backoff, every outcome recorded."""

import hashlib
import hmac
import http.server
import json
import threading

import pytest
from django.db import transaction

from annotations import tasks
from annotations.models import Article, Claim, WebhookDelivery, WebhookEndpoint
from annotations.services import webhooks
from tests.publishing import publish_factcheck

BODY = "Harbour\n\nThe harbour handled 3 million containers last year, the port authority said."


class Receiver:
    """An HTTP server on 127.0.0.1 (random port, own thread) that answers with the statuses it is given."""

    def __init__(self):
        self.requests, self.statuses = [], []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"busy" if status >= 500 else b"ok")

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/factcheck"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def factcheck(db, default_ratings):
    article = Article.objects.create(title="Harbour", body=BODY, url="https://news.example.org/harbour",
                                     content_hash="c" * 64)
    start = BODY.index("The harbour")
    claim = Claim.objects.create(article=article, start=start, end=len(BODY), text=BODY[start:])
    return publish_factcheck(claim, default_ratings["mostly-true"], slug="harbour-containers")


@pytest.fixture
def endpoint(db, receiver):
    return WebhookEndpoint.objects.create(url=receiver.url, secret="s3cret-shared-with-partner")


def _expected_signature(secret, headers, body):
    signed = headers["X-Factcheck-Timestamp"].encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def test_publish_event_reaches_the_receiver_signed_after_commit(
        receiver, endpoint, factcheck, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            webhooks.webhook_enqueue(event="factcheck.published", factcheck_id=factcheck.pk)
            assert receiver.requests == [], "nothing is sent before the publish commits"

    assert len(callbacks) == 1
    assert len(receiver.requests) == 1
    headers, body = receiver.requests[0]
    assert headers["X-Factcheck-Signature"] == _expected_signature(endpoint.secret, headers, body)
    assert headers["X-Factcheck-Event"] == "factcheck.published"
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    payload = json.loads(body)
    assert payload["event"] == "factcheck.published"
    assert payload["factcheck_id"] == factcheck.pk
    assert payload["claimReview"]["@type"] == "ClaimReview"
    assert payload["claimReview"]["url"].endswith("/fact-checks/harbour-containers/")
    delivery = WebhookDelivery.objects.get()
    assert headers["X-Factcheck-Delivery"] == str(delivery.pk)
    assert (delivery.status, delivery.attempts, delivery.response_status, delivery.error) == ("delivered", 1, 200, "")
    assert delivery.delivered_at is not None


def test_a_signature_made_with_another_secret_does_not_match(receiver, endpoint, factcheck):
    delivery, = webhooks.webhook_enqueue(event="factcheck.published", factcheck_id=factcheck.pk)
    webhooks.webhook_deliver(delivery_id=delivery.pk)

    headers, body = receiver.requests[0]
    assert headers["X-Factcheck-Signature"] != _expected_signature("wrong-secret", headers, body)
    assert headers["X-Factcheck-Signature"] != _expected_signature(endpoint.secret, headers, body + b" ")


def test_a_failing_receiver_is_retried_until_it_accepts(receiver, endpoint, factcheck, settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 30
    receiver.statuses = [500, 503]
    delivery, = webhooks.webhook_enqueue(event="factcheck.published", factcheck_id=factcheck.pk)

    first = webhooks.webhook_deliver(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert (first.status, first.retry_in) == ("pending", 30)
    assert (delivery.attempts, delivery.response_status, delivery.error) == (1, 500, "HTTP 500: busy")
    assert delivery.next_attempt_at is not None and delivery.delivered_at is None

    second = webhooks.webhook_deliver(delivery_id=delivery.pk)
    assert second.retry_in == 60  # exponential
    third = webhooks.webhook_deliver(delivery_id=delivery.pk)
    delivery.refresh_from_db()

    assert third == webhooks.DeliveryOutcome("delivered", None)
    assert (delivery.status, delivery.attempts, delivery.response_status, delivery.error) == ("delivered", 3, 200, "")
    assert len(receiver.requests) == 3
    assert len({body for _, body in receiver.requests}) == 1, "every attempt sends the same body"
    # Run again (a redelivered task): nothing more is sent.
    assert webhooks.webhook_deliver(delivery_id=delivery.pk).status == "delivered"
    assert len(receiver.requests) == 3


def test_the_celery_task_retries_a_500_and_records_the_delivery(receiver, endpoint, factcheck, settings,
                                                               django_capture_on_commit_callbacks):
    """Through Celery (eager in unit tests, so the retry runs at once instead of after its countdown)."""
    receiver.statuses = [500]
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.webhook_enqueue(event="factcheck.published", factcheck_id=factcheck.pk)

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "delivered"
    assert delivery.attempts == 2
    assert len(receiver.requests) == 2


def test_an_unreachable_receiver_is_retried_then_marked_failed(factcheck, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    closed = Receiver()
    url = closed.url
    closed.close()  # nothing listens on that port any more
    WebhookEndpoint.objects.create(url=url)
    delivery, = webhooks.webhook_enqueue(event="factcheck.published", factcheck_id=factcheck.pk)

    outcomes = [webhooks.webhook_deliver(delivery_id=delivery.pk) for _ in range(3)]
    delivery.refresh_from_db()

    assert [o.status for o in outcomes] == ["pending", "pending", "failed"]
    assert outcomes[-1].retry_in is None
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("failed", 3, None)
    assert "Connection refused" in delivery.error or "URLError" in delivery.error


def test_a_4xx_is_not_retried(receiver, endpoint, factcheck):
    receiver.statuses = [410]
    delivery, = webhooks.webhook_enqueue(event="factcheck.published", factcheck_id=factcheck.pk)

    outcome = webhooks.webhook_deliver(delivery_id=delivery.pk)
    delivery.refresh_from_db()

    assert outcome == webhooks.DeliveryOutcome("failed", None)
    assert (delivery.status, delivery.response_status) == ("failed", 410)


def test_only_active_endpoints_subscribed_to_the_event_get_a_delivery(receiver, factcheck):
    wants_all = WebhookEndpoint.objects.create(url=receiver.url)
    WebhookEndpoint.objects.create(url=receiver.url, events=["factcheck.published"])
    WebhookEndpoint.objects.create(url=receiver.url, active=False)

    deliveries = webhooks.webhook_enqueue(event="factcheck.unpublished", factcheck_id=factcheck.pk)

    assert [d.endpoint for d in deliveries] == [wants_all]
    assert json.loads(deliveries[0].payload)["event"] == "factcheck.unpublished"


def test_a_rolled_back_publish_leaves_no_delivery_and_sends_nothing(receiver, endpoint, factcheck,
                                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            webhooks.webhook_enqueue(event="factcheck.published", factcheck_id=factcheck.pk)
            raise RuntimeError("the publish failed")

    assert WebhookDelivery.objects.count() == 0
    assert receiver.requests == []


def test_an_unknown_event_is_refused(factcheck):
    with pytest.raises(ValueError, match="Unknown webhook event 'factcheck.deleted'"):
        webhooks.webhook_enqueue(event="factcheck.deleted", factcheck_id=factcheck.pk)


def test_a_missing_delivery_is_logged_not_raised(db):
    assert tasks.webhook_deliver_task(987654) is None


def test_redirects_are_not_followed(factcheck):
    class Redirecting(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.send_response(307)
            self.send_header("Location", "http://127.0.0.1:9/elsewhere")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirecting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        WebhookEndpoint.objects.create(url=f"http://127.0.0.1:{server.server_address[1]}/")
        delivery, = webhooks.webhook_enqueue(event="factcheck.published", factcheck_id=factcheck.pk)
        outcome = webhooks.webhook_deliver(delivery_id=delivery.pk)
    finally:
        server.shutdown()
        server.server_close()
    delivery.refresh_from_db()

    assert outcome.status == "failed"
    assert delivery.error == "HTTP 307: Redirects are not followed (Location: http://127.0.0.1:9/elsewhere)."


def test_backoff_doubles_and_is_capped(settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 30
    assert [webhooks.backoff_seconds(n) for n in (1, 2, 3, 4, 10)] == [30, 60, 120, 240, 3600]


def test_add_webhook_command_refuses_a_non_http_url(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match=r"url: .*Enter an http:// or https:// URL\."):
        call_command("add_webhook", "file:///etc/passwd")
    assert WebhookEndpoint.objects.count() == 0

    call_command("add_webhook", "https://partner.example.org/hook", "--event", "factcheck.published")
    assert list(WebhookEndpoint.objects.values_list("url", "events")) == [
        ("https://partner.example.org/hook", ["factcheck.published"])]
