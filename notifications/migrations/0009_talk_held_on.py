"""Talks record the day they took place (``held_on``). Talks recorded before this field existed get it
from the recording step's event, by the rule the agenda used until then: a recorded talk took the place
of the talks of its kind planned before it was recorded (of progress talks, only the earliest one)."""

import datetime

from django.db import migrations, models
from django.utils import timezone

RECORDED_BY = {
    "record_planning_talk": "planning",
    "record_progress_talk": "progress",
    "record_appraisal_talk": "appraisal",
}


def held_on_from_recorded_talks(apps, schema_editor):
    ScheduledTalk = apps.get_model("notifications", "ScheduledTalk")
    ReviewEvent = apps.get_model("reviewcycle", "ReviewEvent")
    review_ids = ScheduledTalk.objects.filter(cancelled_at__isnull=True).values("review_id")
    events = ReviewEvent.objects.filter(review_id__in=review_ids, transition__in=RECORDED_BY).order_by(
        "created_at", "id"
    )
    for event in events.iterator():
        kind = RECORDED_BY[event.transition]
        talks = ScheduledTalk.objects.filter(
            review_id=event.review_id,
            kind=kind,
            cancelled_at__isnull=True,
            held_on__isnull=True,
            created_at__lte=event.created_at,
        ).order_by("starts_at", "pk")
        if kind == "progress":
            talks = talks[:1]
        talk_date = (event.payload or {}).get("talk_date")
        held_on = (
            datetime.date.fromisoformat(talk_date) if talk_date else timezone.localtime(event.created_at).date()
        )
        ScheduledTalk.objects.filter(pk__in=[talk.pk for talk in talks]).update(held_on=held_on)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0008_objection_decided_kind"),
        ("reviewcycle", "0015_constraint_messages"),
    ]

    operations = [
        migrations.AddField(
            model_name="scheduledtalk",
            name="held_on",
            field=models.DateField(
                blank=True,
                help_text="The day the talk was held, as the manager recorded it in the review.",
                null=True,
                verbose_name="took place on",
            ),
        ),
        migrations.RunPython(held_on_from_recorded_talks, migrations.RunPython.noop),
    ]
