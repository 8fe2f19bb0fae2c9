"""Delivery: post one webhook, signed, and record the attempt; retried with exponential back-off.

At least once: the row is locked while it is posted and marked delivered in the same transaction,
so a worker that dies mid-delivery leaves it pending (the flush, every minute, queues it again);
a receiver may therefore see an event twice and recognises it by its ``webhook-id``.
"""

import logging
from datetime import timedelta
from http.client import HTTPConnection, HTTPException, HTTPSConnection
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from notifications.models import WebhookDelivery
from notifications.webhooks import signing

logger = logging.getLogger(__name__)

# Deliveries per task message: each may wait up to the timeout for a slow receiver.
BATCH_SIZE = 20
# How often beat runs the flush (``notifications.apps.SCHEDULES``). A retry due sooner is queued with a
# countdown; a later one is left to the flush, so no message waits in a worker for long (on Redis a
# message held longer than its visibility timeout would be handed out a second time).
FLUSH_INTERVAL = timedelta(minutes=1)
# How much of a receiver's answer the log keeps.
RESPONSE_EXCERPT_CHARS = 500


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: ``WEBHOOK_RETRY_SECONDS`` doubled each
    time (1, 2, 4, 8 … minutes by default), at most ``WEBHOOK_RETRY_MAX_SECONDS``."""
    seconds = settings.WEBHOOK_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.WEBHOOK_RETRY_MAX_SECONDS))


def post(url: str, *, body: bytes, headers: dict[str, str], timeout: float) -> tuple[int, str]:
    """POST ``body`` to ``url``; the status code and the start of the answer.

    One request to the host in ``url``: a redirect is an answer like any other (not 2xx: retried),
    never followed, so a delivery cannot be sent on to another host. ``timeout`` (seconds) holds
    for connecting and for each read. Raises ``OSError`` / ``HTTPException`` when no answer comes,
    ``ValueError`` for a URL that is not http(s).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"Not an http(s) URL: {url!r}")
    connection_class = HTTPSConnection if parts.scheme == "https" else HTTPConnection
    connection = connection_class(parts.hostname, parts.port, timeout=timeout)
    try:
        target = parts.path or "/"
        if parts.query:
            target += f"?{parts.query}"
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        excerpt = response.read(RESPONSE_EXCERPT_CHARS).decode("utf-8", "replace")
        return response.status, excerpt
    finally:
        connection.close()


def _reason(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def deliver(delivery_id: int) -> str:
    """Post one pending webhook once, and record the attempt on its row.

    Returns ``"delivered"`` (the receiver answered 2xx), ``"retry"`` (any other answer, or none:
    tried again after ``retry_delay``), ``"failed"`` (the ``WEBHOOK_MAX_ATTEMPTS``-th attempt
    failed: given up) or ``"skipped"`` (delivered or given up already, not due yet, its endpoint
    switched off, or locked by another worker that is posting it now). Never raises for the
    receiver's behaviour.
    """
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("endpoint")
            .filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING)
            .first()
        )
        if delivery is None or not delivery.endpoint.active:
            return "skipped"
        now = timezone.now()
        if delivery.next_attempt_at is not None and delivery.next_attempt_at > now + timedelta(seconds=1):
            return "skipped"  # an early message (a flush and a retry crossed): its retry comes on time
        delivery.attempts += 1
        delivery.last_attempt_at = now
        status, excerpt, error = None, "", ""
        try:
            status, excerpt = post(
                delivery.endpoint.url,
                body=delivery.body.encode("utf-8"),
                headers=signing.headers(
                    secret=delivery.endpoint.secret,
                    event_id=delivery.event_id,
                    timestamp=int(now.timestamp()),
                    body=delivery.body,
                ),
                timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
            )
        except (OSError, HTTPException, ValueError) as exception:
            error = _reason(exception)
        delivery.last_status_code, delivery.last_response, delivery.last_error = status, excerpt, error
        if status is not None and 200 <= status < 300:
            delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
                WebhookDelivery.Status.DELIVERED,
                timezone.now(),
                None,
            )
            result = "delivered"
        elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
            delivery.status, delivery.next_attempt_at = WebhookDelivery.Status.FAILED, None
            result = "failed"
        else:
            delay = retry_delay(delivery.attempts)
            delivery.next_attempt_at = timezone.now() + delay
            if delay <= FLUSH_INTERVAL:
                transaction.on_commit(lambda: _queue([delivery.pk], countdown=delay.total_seconds()))
            result = "retry"
        delivery.save()
        return result


def _queue(ids: list[int], countdown: float = 0) -> bool:
    """Hand ``ids`` to the worker; ``False`` when the broker is away (the flush tries again)."""
    from notifications.tasks import deliver_webhooks_task

    try:
        deliver_webhooks_task.apply_async(args=[ids], countdown=countdown or None, retry=False)
    except Exception as error:  # noqa: BLE001 - any broker failure: the rows stay pending
        logger.warning("Broker unavailable, %s webhooks stay pending: %s", len(ids), error)
        return False
    return True


def enqueue_pending(now=None) -> int:
    """Queue every pending webhook that is due, in batches (after commit of an event, and every
    minute from beat: after a broker outage or a worker that died). Returns how many were queued."""
    now = now or timezone.now()
    ids = list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now, endpoint__active=True
        )
        .order_by("id")
        .values_list("id", flat=True)
    )
    queued = 0
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        if not _queue(batch):
            break
        queued += len(batch)
    return queued
