from django.apps import AppConfig
from django.db.models.signals import post_migrate


class NotificationsConfig(AppConfig):
    name = "notifications"

    def ready(self):
        from notifications import receivers  # noqa: F401 - connects the receivers
        from notifications.webhooks import receivers as webhook_receivers  # noqa: F401

        post_migrate.connect(install_schedules, sender=self)


# Periodic tasks of notifications (see core.schedules).
SCHEDULES = [
    ("Herinneringen en escalaties (ieder uur)", "notifications.tasks.sweep_task", {"minute": "5"}),
    ("Uitgaande e-mail versturen (iedere minuut)", "notifications.tasks.flush_outbox_task", {"minute": "*"}),
    ("Webhooks versturen (iedere minuut)", "notifications.tasks.flush_webhooks_task", {"minute": "*"}),
    ("Dagelijks overzicht (07:00)", "notifications.tasks.send_digests_task", {"minute": "0", "hour": "7"}),
    # Access ends the day after the end date, also when the import set that date in advance.
    (
        "Uit dienst: toegang beëindigen (00:15)",
        "people.tasks.employees_leave_due_task",
        {"minute": "15", "hour": "0"},
    ),
]


def install_schedules(sender, using="default", **kwargs):
    from core.schedules import install_crontab_schedules

    install_crontab_schedules(SCHEDULES, using=using)
