from django.apps import AppConfig
from django.db.models.signals import post_migrate


class NotificationsConfig(AppConfig):
    name = "notifications"

    def ready(self):
        from notifications import receivers  # noqa: F401 - connects the receivers

        post_migrate.connect(install_schedules, sender=self)


# The default beat schedule, in the database (django-celery-beat) so HR and operators can
# see and change it in the admin. Created once; later edits are kept.
SCHEDULES = [
    ("Herinneringen en escalaties (ieder uur)", "notifications.tasks.sweep_task", {"minute": "5"}),
    ("Uitgaande e-mail versturen (iedere minuut)", "notifications.tasks.flush_outbox_task", {"minute": "*"}),
    ("Dagelijks overzicht (07:00)", "notifications.tasks.send_digests_task", {"minute": "0", "hour": "7"}),
    # Access ends the day after the end date, also when the import set that date in advance.
    (
        "Uit dienst: toegang beëindigen (00:15)",
        "people.tasks.employees_leave_due_task",
        {"minute": "15", "hour": "0"},
    ),
]


def install_schedules(sender, using="default", **kwargs):
    from django.conf import settings
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    for name, task, crontab in SCHEDULES:
        if PeriodicTask.objects.using(using).filter(task=task).exists():
            continue
        schedule, _created = CrontabSchedule.objects.using(using).get_or_create(
            minute=crontab.get("minute", "*"),
            hour=crontab.get("hour", "*"),
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone=settings.TIME_ZONE,
        )
        PeriodicTask.objects.using(using).create(name=name, task=task, crontab=schedule)
