"""Webhook events: one outbox row per subscribed endpoint, written in the event's own transaction."""

import json
import uuid
from datetime import UTC

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications.models import WebhookDelivery, WebhookEndpoint
from notifications.webhooks.delivery import enqueue_pending

Event = WebhookEndpoint.Event

# The event ids (``webhook-id``) are UUIDs derived from what happened (``event_key``): the same
# event gives the same id however often it is announced, and the unique (endpoint, event id)
# makes a second row for it a no-op.
EVENT_ID_NAMESPACE = uuid.UUID("6f3b7f4e-2a1d-4c55-9a59-0d0c3e4b9a51")


def event_id_for(key: str) -> str:
    """The ``webhook-id`` of the event ``key`` (e.g. ``review.finalised:<review event id>``)."""
    return f"msg_{uuid.uuid5(EVENT_ID_NAMESPACE, key).hex}"


def _absolute(view_name: str, pk: int) -> str:
    return f"{settings.SITE_URL}{reverse(view_name, args=[pk])}"


def review_data(review, **extra) -> dict:
    """Ids and links of a review: the receiver fetches the review's JSON and PDF with its own token.
    No scores, ratings or texts: what a receiver may see is decided when it fetches."""
    return {
        "review": {
            "id": review.pk,
            "cycle_id": review.cycle_id,
            "employee_id": review.employee_id,
            "employee_number": review.employee.employee_number,
            "state": review.state,
            **extra,
        },
        "links": {
            "review": _absolute("api:review-detail", review.pk),
            "pdf": _absolute("api:review-pdf", review.pk),
        },
    }


def cycle_data(cycle) -> dict:
    return {
        "cycle": {"id": cycle.pk, "name": cycle.name, "state": cycle.state},
        "links": {"cycle": _absolute("api:cycle-detail", cycle.pk)},
    }


def person_data(employee) -> dict:
    return {
        "person": {
            "id": employee.pk,
            "employee_number": employee.employee_number,
            "org_unit_id": employee.org_unit_id,
        }
    }


def _timestamp(moment) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def subscribed_endpoints(event_type: str) -> list[WebhookEndpoint]:
    """The active endpoints that subscribed to ``event_type`` (a handful: read them all)."""
    return [
        endpoint for endpoint in WebhookEndpoint.objects.filter(active=True) if event_type in endpoint.events
    ]


def webhook_event(*, event_type: str, key: str, data: dict) -> int:
    """Queue the event for every active endpoint subscribed to it, in the caller's transaction.

    ``event_type``: one of ``WebhookEndpoint.Event``; ``key``: what identifies this occurrence (the
    same key twice is one event: nothing new is queued); ``data``: ids and links only.
    Delivery is queued after commit. Returns how many rows it offered (0 when nobody listens; a
    row for an event already queued to that endpoint is skipped by the unique constraint).
    Raises ``ValueError`` for an unknown event type (a programming error).
    """
    return webhook_events(event_type=event_type, items=[(key, data)])


def webhook_events(*, event_type: str, items: list[tuple[str, dict]]) -> int:
    """``webhook_event`` for many occurrences at once (``items``: (key, data) pairs), reading the
    endpoints once and queueing delivery once: an import that adds thousands of people."""
    if event_type not in Event.values:
        raise ValueError(f"Unknown webhook event {event_type!r}")
    endpoints = subscribed_endpoints(event_type)
    if not endpoints or not items:
        return 0
    now = timezone.now()
    rows = []
    for key, data in items:
        event_id = event_id_for(key)
        body = json.dumps(
            {"type": event_type, "timestamp": _timestamp(now), "data": data},
            separators=(",", ":"),
            ensure_ascii=False,
        )
        rows += [
            WebhookDelivery(
                endpoint=endpoint, event_id=event_id, event_type=event_type, body=body, next_attempt_at=now
            )
            for endpoint in endpoints
        ]
    # A row that exists already (the same event announced again) is skipped by the unique constraint.
    created = WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    transaction.on_commit(enqueue_pending)
    return len(created)
