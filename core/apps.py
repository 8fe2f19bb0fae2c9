from django.apps import AppConfig
from django.db.models.signals import post_migrate

# Periodic tasks of core (see core.schedules).
SCHEDULES = [
    ("Vastgelopen achtergrondtaken opruimen (iedere minuut)", "core.tasks.sweep_jobs_task", {"minute": "*"}),
]


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from django.urls import register_converter

        from core.converters import IdConverter

        # ``<id:pk>`` in every app's URLs: registered before any URLconf is loaded.
        register_converter(IdConverter, "id")
        post_migrate.connect(install_schedules, sender=self)


def install_schedules(sender, using="default", **kwargs):
    from core.schedules import install_crontab_schedules

    install_crontab_schedules(SCHEDULES, using=using)
