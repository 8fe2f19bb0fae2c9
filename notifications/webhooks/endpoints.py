"""Who manages webhook endpoints, what they read, and the writes: registering and changing one.

The admin does the same through Django's model permissions; the API asks for the same permission
(``notifications.change_webhookendpoint``: IT's accounts, or HR's when the organisation grants it).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from notifications.models import WebhookDelivery, WebhookEndpoint

MANAGE_PERMISSION = "notifications.change_webhookendpoint"
CHANGEABLE = ("name", "url", "events", "active")


def can_manage_webhooks(user) -> bool:
    return bool(user is not None and user.is_active and user.has_perm(MANAGE_PERMISSION))


def _require_manager(user) -> None:
    if not can_manage_webhooks(user):
        raise PermissionDenied(_("Only someone allowed to manage webhooks may do this."))


def webhook_endpoints_for(*, user) -> QuerySet[WebhookEndpoint]:
    """Every endpoint for someone who may manage webhooks; none for anyone else."""
    if not can_manage_webhooks(user):
        return WebhookEndpoint.objects.none()
    return WebhookEndpoint.objects.order_by("name", "id")


def webhook_deliveries_for(*, user, endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    """The delivery log of ``endpoint``, newest first (none for someone who may not manage webhooks)."""
    if not can_manage_webhooks(user):
        return WebhookDelivery.objects.none()
    return WebhookDelivery.objects.filter(endpoint=endpoint).order_by("-created_at", "-id")


@transaction.atomic
def webhook_endpoint_create(
    *, actor, name: str, url: str, events: list[str], active: bool = True
) -> WebhookEndpoint:
    """Register an endpoint; it gets a new ``whsec_`` secret (the only answer that shows it).

    ``events``: values of ``WebhookEndpoint.Event``. ``PermissionDenied`` (403) without the right to
    manage webhooks; ``ValidationError`` (400) for an invalid URL, name or an unknown event.
    """
    _require_manager(actor)
    endpoint = WebhookEndpoint(name=name, url=url, events=list(dict.fromkeys(events)), active=active)
    endpoint.full_clean()
    endpoint.save()
    return endpoint


@transaction.atomic
def webhook_endpoint_update(*, endpoint: WebhookEndpoint, actor, **changes) -> WebhookEndpoint:
    """Change ``name``, ``url``, ``events`` or ``active`` (only those given). Switched off, the endpoint
    gets nothing and what waits for it waits; switched on again, the flush sends it.

    ``PermissionDenied`` (403) without the right to manage webhooks; ``ValidationError`` (400) as
    ``webhook_endpoint_create``; ``TypeError`` for any other field (a programming error).
    """
    _require_manager(actor)
    unknown = set(changes) - set(CHANGEABLE)
    if unknown:
        raise TypeError(f"Not changeable: {sorted(unknown)}")
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    if "events" in changes:
        changes["events"] = list(dict.fromkeys(changes["events"]))
    for field, value in changes.items():
        setattr(endpoint, field, value)
    endpoint.full_clean()
    endpoint.save()
    return endpoint
