from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ReviewcycleConfig(AppConfig):
    name = "reviewcycle"

    def ready(self):
        from reviewcycle import receivers  # noqa: F401 - connects the receivers

        post_migrate.connect(grant_hr_permissions, sender=self)
        post_migrate.connect(install_schedules, sender=self)


# Periodic tasks of the review cycle (see core.schedules): the time-driven transitions.
SCHEDULES = [
    (
        "Verlopen reactietermijnen afsluiten (ieder uur)",
        "reviewcycle.tasks.reviews_expire_responses_due_task",
        {"minute": "5"},
    ),
    (
        "Beoordelingen automatisch starten (ieder uur)",
        "reviewcycle.tasks.reviews_start_appraisal_due_task",
        {"minute": "5"},
    ),
    (
        "Verzoeken om input laten verlopen (ieder uur)",
        "reviewcycle.tasks.informants_expire_task",
        {"minute": "10"},
    ),
]


def install_schedules(sender, using="default", **kwargs):
    from core.schedules import install_crontab_schedules

    install_crontab_schedules(SCHEDULES, using=using)


# What the HR group may do in the admin: edit frameworks and scales, run cycles, manage
# the organisation. Reviews themselves change only through their transitions.
HR_PERMISSIONS = {
    "frameworks": ["add", "change", "delete", "view"],
    "people": ["add", "change", "view"],
    "reviewcycle": ["view"],
    "notifications": ["view"],
}
HR_CYCLE_PERMISSIONS = ["add_reviewcycle", "change_reviewcycle", "delete_reviewcycle"]


def grant_hr_permissions(sender, using="default", **kwargs):
    from django.contrib.auth.models import Group, Permission

    from people.models import HR_GROUP_NAME

    group, _created = Group.objects.using(using).get_or_create(name=HR_GROUP_NAME)
    wanted = Permission.objects.using(using).none()
    for app_label, actions in HR_PERMISSIONS.items():
        for action in actions:
            wanted |= Permission.objects.using(using).filter(
                content_type__app_label=app_label, codename__startswith=f"{action}_"
            )
    wanted |= Permission.objects.using(using).filter(
        content_type__app_label="reviewcycle", codename__in=HR_CYCLE_PERMISSIONS
    )
    group.permissions.add(*wanted)
