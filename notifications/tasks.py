"""Celery tasks: small, idempotent, taking ids; each calls a service."""

import logging

from celery import shared_task

from notifications import services

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def deliver_notifications_task(notification_ids: list[int]) -> dict:
    """Deliver a batch, each message on its own: one that fails never stops the others.

    Failures are recorded on the row with the next attempt time; the outbox flush retries them
    (1, 5, 25, 125 minutes), which survives a broker restart unlike an in-memory retry. An error
    outside the message (the database away for a moment) leaves that row pending for the next flush.
    """
    outcome: dict[str, int] = {}
    for notification_id in notification_ids:
        try:
            result = services.deliver(notification_id)
        except Exception:
            logger.exception("Delivery of notification %s failed; it stays pending", notification_id)
            result = "error"
        outcome[result] = outcome.get(result, 0) + 1
    return outcome


@shared_task(acks_late=True)
def flush_outbox_task() -> int:
    """Every minute: queue every pending e-mail that is due (after a broker outage, too)."""
    return services.enqueue_pending()


@shared_task(acks_late=True)
def sweep_task() -> dict:
    """Every hour: reminders and escalations (and informants' reminders), then deliver (the time-driven transitions are reviewcycle's)."""
    from notifications.informants import informant_reminders

    result = services.reminders_sweep()
    result["informant_reminders"] = informant_reminders()
    result["queued"] = services.enqueue_pending()
    return result


@shared_task(acks_late=True)
def send_digests_task() -> int:
    return services.send_digests()


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def deliver_webhooks_task(delivery_ids: list[int]) -> dict:
    """Post a batch of webhooks, each on its own (``notifications.webhooks.delivery.deliver``): a
    failure is recorded on its row with the next attempt, which this task is queued again for."""
    from notifications.webhooks.delivery import deliver

    outcome: dict[str, int] = {}
    for delivery_id in delivery_ids:
        try:
            result = deliver(delivery_id)
        except Exception:
            logger.exception("Webhook delivery %s failed; it stays pending", delivery_id)
            result = "error"
        outcome[result] = outcome.get(result, 0) + 1
    return outcome


@shared_task(acks_late=True)
def flush_webhooks_task() -> int:
    """Every minute: queue every pending webhook that is due (after a broker outage or a lost worker)."""
    from notifications.webhooks.delivery import enqueue_pending

    return enqueue_pending()
