from django.db import migrations, models


def cancel_duplicate_talks(apps, schema_editor):
    """A talk planned twice (a double submit before this constraint): the later copies are cancelled, not deleted."""
    ScheduledTalk = apps.get_model("notifications", "ScheduledTalk")
    seen = set()
    for talk in ScheduledTalk.objects.filter(cancelled_at__isnull=True).order_by("id").iterator():
        key = (talk.review_id, talk.kind, talk.starts_at)
        if key in seen:
            talk.cancelled_at = talk.created_at
            talk.save(update_fields=["cancelled_at"])
        seen.add(key)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_single_line_text"),
    ]

    operations = [
        migrations.RunPython(cancel_duplicate_talks, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="scheduledtalk",
            constraint=models.UniqueConstraint(
                condition=models.Q(("cancelled_at__isnull", True)),
                fields=("review", "kind", "starts_at"),
                name="talk_once_per_review_kind_and_time",
            ),
        ),
    ]
