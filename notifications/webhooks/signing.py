"""Signatures in the Standard Webhooks format (https://www.standardwebhooks.com).

``webhook-signature: v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">``, keyed
with the base64-decoded part of the endpoint's ``whsec_`` secret. The reference implementation
(``standardwebhooks``) computes it, so a receiver using any of the specification's libraries verifies it.
"""

from datetime import UTC, datetime

from standardwebhooks import Webhook


def signature(*, secret: str, event_id: str, timestamp: int, body: str) -> str:
    """The ``webhook-signature`` header value for ``body`` sent as ``event_id`` at ``timestamp``
    (Unix seconds). Raises nothing for a stored secret (``new_webhook_secret`` made it)."""
    return Webhook(secret).sign(event_id, datetime.fromtimestamp(timestamp, tz=UTC), body)


def headers(*, secret: str, event_id: str, timestamp: int, body: str) -> dict[str, str]:
    """Every header of one delivery attempt."""
    return {
        "Content-Type": "application/json",
        "User-Agent": "Gesprekscyclus-Webhooks/1",
        "webhook-id": event_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret=secret, event_id=event_id, timestamp=timestamp, body=body),
    }
