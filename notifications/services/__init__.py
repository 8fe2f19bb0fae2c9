"""Writes of notifications, one module per concern; every name stays importable as ``notifications.services.X``."""

from notifications.services.delivery import MAX_ATTEMPTS, deliver
from notifications.services.digests import send_digests
from notifications.services.outbox import (
    BATCH_SIZE,
    enqueue_pending,
    notification_mark_read,
    notifications_mark_all_read,
    notifications_mark_handled,
    notify,
    preference_set,
    queue_outbox,
)
from notifications.services.reminders import SWEEP_COLUMNS, reminders_sweep, send_reminders_now
from notifications.services.talks import talk_cancel, talk_mark_held, talk_reschedule, talk_schedule

__all__ = [
    "BATCH_SIZE",
    "MAX_ATTEMPTS",
    "SWEEP_COLUMNS",
    "deliver",
    "enqueue_pending",
    "notification_mark_read",
    "notifications_mark_all_read",
    "notifications_mark_handled",
    "notify",
    "preference_set",
    "queue_outbox",
    "reminders_sweep",
    "send_digests",
    "send_reminders_now",
    "talk_cancel",
    "talk_mark_held",
    "talk_reschedule",
    "talk_schedule",
]
