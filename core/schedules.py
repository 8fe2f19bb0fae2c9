"""The default beat schedule, in the database (django-celery-beat) so operators can see and change it
in the admin. Each app lists its periodic tasks; they are created once after migrating, and later
edits are kept."""

from django.conf import settings


def install_crontab_schedules(schedules: list[tuple[str, str, dict]], using: str = "default") -> None:
    """Create a crontab ``PeriodicTask`` for each ``(name, task path, {"minute": …, "hour": …})`` that
    has none yet."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    for name, task, crontab in schedules:
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
