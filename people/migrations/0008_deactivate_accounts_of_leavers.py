"""Accounts of employees who left before leaving turned accounts off (issue 14): turn them off now."""

from django.conf import settings
from django.db import migrations


def deactivate_accounts_of_leavers(apps, schema_editor):
    Employee = apps.get_model("people", "Employee")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    Token = apps.get_model("authtoken", "Token")
    leavers = Employee.objects.filter(active=False).values("user_id")
    User.objects.filter(pk__in=leavers, is_active=True).update(is_active=False)
    Token.objects.filter(user_id__in=leavers).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0007_one_people_import_at_a_time"),
        ("authtoken", "0004_alter_tokenproxy_options"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(deactivate_accounts_of_leavers, migrations.RunPython.noop)]
