"""The bearer token of a provisioning client, and a per-client request budget.

``SCIM_RATE_LIMIT_PER_MINUTE`` (settings, default 600): Entra ID sends a few requests a second at most
in a cycle; a client far above that is refused with 429 (RFC 7644 §3.12 allows it) and retries later.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from people.scim.models import ProvisioningClient


def client_for_request(request) -> ProvisioningClient | None:
    """The active client whose token the ``Authorization: Bearer …`` header carries, else None (401)."""
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return ProvisioningClient.for_token(token.strip())


def over_budget(client: ProvisioningClient) -> bool:
    """Count the request in the client's minute; True when it goes over the budget (429)."""
    limit = settings.SCIM_RATE_LIMIT_PER_MINUTE
    if not limit:
        return False
    key = f"scim-rate:{client.pk}:{client.token_hash[:12]}:{timezone.now():%Y%m%d%H%M}"
    cache.add(key, 0, timeout=120)
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        return False
