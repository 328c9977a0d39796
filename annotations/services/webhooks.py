"""Webhooks on publish and unpublish: enqueue in the caller's transaction, deliver from Celery.

``webhook_enqueue`` writes one WebhookDelivery per subscribed endpoint in
the same transaction as the publish (so a rolled-back publish tells nobody)
and sends the delivery tasks once it commits. Each delivery is signed:

    X-Factcheck-Timestamp: <unix seconds>
    X-Factcheck-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>." + body)>

The timestamp is signed with the body so a captured request cannot be
replayed later; receivers should refuse timestamps older than a few
minutes. Delivery is at least once: ``X-Factcheck-Delivery`` (the row id)
lets a receiver drop a repeat.
"""

import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from annotations import claimreview, selectors
from annotations.models import WEBHOOK_EVENTS, WebhookDelivery, WebhookEndpoint
from annotations.services.common import task_send

logger = logging.getLogger(__name__)

# Worth another try: the receiver is down, overloaded or asks us to slow down.
RETRY_STATUSES = {408, 425, 429}
BACKOFF_CAP_SECONDS = 3600


def webhook_enqueue(*, event: str, factcheck_id: int) -> list[WebhookDelivery]:
    """Record a delivery of ``event`` for every active endpoint that wants it; send each after commit."""
    if event not in WEBHOOK_EVENTS:
        raise ValueError(f"Unknown webhook event {event!r}; expected one of {', '.join(WEBHOOK_EVENTS)}.")
    endpoints = [endpoint for endpoint in WebhookEndpoint.objects.filter(active=True) if endpoint.wants(event)]
    if not endpoints:
        return []
    # The body is fixed now, as the fact-check stands at this event; retries resend the same bytes.
    factcheck = selectors.factcheck_for_claimreview(factcheck_id)
    payload = json.dumps({
        "event": event,
        "factcheck_id": factcheck.pk,
        "occurred_at": timezone.now().isoformat(),
        "claimReview": claimreview.claimreview(factcheck),
    }, ensure_ascii=False, separators=(",", ":"))
    deliveries = WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(endpoint=endpoint, factcheck=factcheck, event=event, payload=payload)
         for endpoint in endpoints]
    )
    ids = [delivery.pk for delivery in deliveries]
    transaction.on_commit(lambda: _send(ids))
    return deliveries


def _send(delivery_ids: list[int]) -> None:
    # A delivery the broker never got stays pending with its row: nothing is lost, and
    # an operator sees it in the admin.
    for delivery_id in delivery_ids:
        task_send("webhook_deliver_task", delivery_id)


def webhook_endpoint_add(*, url: str, events: list[str] | None = None, description: str = "") -> WebhookEndpoint:
    """Subscribe a partner's URL; ValidationError for a non-http(s) URL or an unknown event."""
    endpoint = WebhookEndpoint(url=url, events=events or list(WEBHOOK_EVENTS), description=description)
    webhook_endpoint_save(endpoint=endpoint)
    return endpoint


def webhook_endpoint_save(*, endpoint: WebhookEndpoint) -> None:
    """Save a new or changed endpoint after its checks (http(s) only, known events)."""
    endpoint.full_clean()
    endpoint.save()


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def backoff_seconds(attempts: int) -> int:
    """Seconds before the next attempt after ``attempts`` failed ones: base, 2×base, 4×base … capped at an hour."""
    return min(settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_CAP_SECONDS)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A signed body goes only where it was configured to go.
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


@dataclasses.dataclass(frozen=True)
class Attempt:
    status: int | None
    error: str
    retryable: bool

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def _post(url: str, body: bytes, headers: dict) -> Attempt:
    if urlsplit(url).scheme not in ("http", "https"):
        return Attempt(None, f"Refused to send to a non-http(s) URL: {url}", retryable=False)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT) as response:
            return Attempt(response.status, "", retryable=False)
    except urllib.error.HTTPError as exc:
        detail = exc.read(500).decode("utf-8", "replace")
        retryable = exc.code >= 500 or exc.code in RETRY_STATUSES
        if 300 <= exc.code < 400:
            detail = f"Redirects are not followed (Location: {exc.headers.get('Location', '')})."
        return Attempt(exc.code, f"HTTP {exc.code}: {detail}".strip(), retryable=retryable)
    except (urllib.error.URLError, OSError) as exc:  # refused, reset, DNS, timeout
        reason = getattr(exc, "reason", exc)
        return Attempt(None, f"{type(exc).__name__}: {reason}", retryable=True)


@dataclasses.dataclass(frozen=True)
class DeliveryOutcome:
    status: str
    retry_in: int | None = None


def webhook_deliver(*, delivery_id: int) -> DeliveryOutcome:
    """Make one attempt at a delivery and record it; says whether and when to try again.

    A delivery already delivered or given up is left alone, so a task run
    twice sends nothing twice (short of a crash between the POST and the
    record, which is why receivers get a delivery id).
    """
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None:
        logger.warning("Webhook delivery %s no longer exists; nothing to send.", delivery_id)
        return DeliveryOutcome("missing")
    if delivery.status != WebhookDelivery.Status.PENDING:
        return DeliveryOutcome(delivery.status)

    body = delivery.payload.encode("utf-8")
    timestamp = int(time.time())
    attempt = _post(delivery.endpoint.url, body, {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "factcheck-desk-webhooks/1",
        "X-Factcheck-Event": delivery.event,
        "X-Factcheck-Delivery": str(delivery.pk),
        "X-Factcheck-Timestamp": str(timestamp),
        "X-Factcheck-Signature": sign(delivery.endpoint.secret, timestamp, body),
    })
    return _record(delivery, attempt)


def _record(delivery: WebhookDelivery, attempt: Attempt) -> DeliveryOutcome:
    now = timezone.now()
    attempts = delivery.attempts + 1
    fields = {"attempts": F("attempts") + 1, "last_attempt_at": now, "response_status": attempt.status,
              "error": attempt.error, "next_attempt_at": None}
    retry_in = None
    if attempt.ok:
        fields.update(status=WebhookDelivery.Status.DELIVERED, delivered_at=now)
    elif attempt.retryable and attempts < settings.WEBHOOK_MAX_ATTEMPTS:
        retry_in = backoff_seconds(attempts)
        fields["next_attempt_at"] = now + dt.timedelta(seconds=retry_in)
    else:
        fields["status"] = WebhookDelivery.Status.FAILED
        logger.warning("Webhook delivery %s to %s failed after %s attempts: %s",
                       delivery.pk, delivery.endpoint.url, attempts, attempt.error)
    WebhookDelivery.objects.filter(pk=delivery.pk, status=WebhookDelivery.Status.PENDING).update(**fields)
    return DeliveryOutcome(fields.get("status", WebhookDelivery.Status.PENDING), retry_in)
