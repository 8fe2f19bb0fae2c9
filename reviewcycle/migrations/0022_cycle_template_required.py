"""Every cycle runs on a regeling (0021 gave each existing cycle *Gemeentelijk*)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reviewcycle", "0021_cycles_run_on_gemeentelijk")]

    operations = [
        migrations.AlterField(
            model_name="reviewcycle",
            name="template_version",
            field=models.ForeignKey(
                blank=True,
                default=None,
                help_text="Empty: the default cycle template (Gemeentelijk).",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cycles",
                to="reviewcycle.cycletemplateversion",
                verbose_name="cycle template",
            ),
            preserve_default=False,
        ),
    ]
