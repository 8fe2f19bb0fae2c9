"""Queues by kind of work (README, "Queues by kind of work").

Each kind has its queue, named after the default one (``celery.mail``, …). A worker started
without -Q consumes every queue (the embedded default, a small installation); ``-Q celery.mail``
makes one that only sends mail, so a bulk export of 20,000 PDFs never delays a "your turn"
message. Every task is listed here (tests/test_queues.py); the settings read this module.
"""

from kombu import Queue

KINDS = {
    "mail": [
        "notifications.tasks.deliver_notifications_task",
        "notifications.tasks.flush_outbox_task",
        "notifications.tasks.send_digests_task",
    ],
    # A slow or failing receiver never holds up mail.
    "webhooks": ["notifications.tasks.deliver_webhooks_task", "notifications.tasks.flush_webhooks_task"],
    "documents": ["reports.tasks.export_review_forms_task"],
    "bulk": ["reviewcycle.tasks.open_cycle_task", "people.tasks.run_people_import_task"],
    "timed": [
        "notifications.tasks.sweep_task",
        "reviewcycle.tasks.reviews_expire_responses_due_task",
        "reviewcycle.tasks.reviews_start_appraisal_due_task",
        "reviewcycle.tasks.informants_expire_task",
        "people.tasks.employees_leave_due_task",
        "core.tasks.sweep_jobs_task",
    ],
}


def task_queues(default: str) -> list[Queue]:
    """The default queue and one per kind: what a worker without -Q consumes."""
    return [Queue(default), *(Queue(f"{default}.{kind}") for kind in KINDS)]


def task_routes(default: str) -> dict[str, dict]:
    """Each listed task to its kind's queue; anything else stays on the default queue."""
    return {task: {"queue": f"{default}.{kind}"} for kind, tasks in KINDS.items() for task in tasks}
