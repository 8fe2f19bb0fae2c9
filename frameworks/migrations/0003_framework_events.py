"""Publishing a framework version is audited: an append-only event table (on PostgreSQL the database refuses to change it)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from core.audit import guard_tables


class Migration(migrations.Migration):

    dependencies = [
        ('frameworks', '0002_single_line_text'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='FrameworkEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('publish_version', 'Version published')], max_length=40, verbose_name='kind')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ('payload', models.JSONField(blank=True, default=dict)),
                ('actor', models.ForeignKey(blank=True, help_text='Empty: done by the system.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('version', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='frameworks.frameworkversion')),
            ],
            options={
                'verbose_name': 'framework event',
                'verbose_name_plural': 'framework events',
                'ordering': ['created_at', 'id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('kind__in', ['publish_version'])), name='frameworkevent_known_kind')],
            },
        ),
        guard_tables("frameworks_frameworkevent"),
    ]
