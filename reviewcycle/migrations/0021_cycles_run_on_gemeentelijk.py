"""Every cycle made before regelingen existed runs on *Gemeentelijk* version 1: today's shape (planning,
progress, self-assessment, scores on the five-point scale, second reviewer, objection to HR). Its values
are written here as they were on the day of this migration, so the migration never changes with the
built-in definition. Nothing of a cycle or its reviews changes."""

from django.db import migrations
from django.utils import timezone

SHAPE = {
    "period": "calendar_year",
    "has_planning_talk": True,
    "min_progress_talks": 1,
    "has_self_assessment": True,
    "has_scores": True,
    "has_appraisal_talk": True,
    "has_advice": False,
    "has_second_review": True,
    "signature_options": ["seen", "agreed"],
    "objection_route": "hr",
    "goal_weight": 50,
    "competency_weight": 50,
    "response_term_days": 14,
    "due_offsets": {
        "planning_due": 2,
        "progress_due": 6,
        "self_assessment_due": 9,
        "scoring_due": 10,
        "appraisal_due": 11,
    },
}


def forwards(apps, schema_editor):
    ReviewCycle = apps.get_model("reviewcycle", "ReviewCycle")
    if not ReviewCycle.objects.exists():
        return  # a new installation: the built-in regelingen are loaded with the frameworks
    CycleTemplate = apps.get_model("reviewcycle", "CycleTemplate")
    CycleTemplateVersion = apps.get_model("reviewcycle", "CycleTemplateVersion")
    CycleTemplateEvent = apps.get_model("reviewcycle", "CycleTemplateEvent")
    RatingScale = apps.get_model("frameworks", "RatingScale")
    template, _created = CycleTemplate.objects.get_or_create(
        slug="gemeentelijk",
        defaults={
            "name": "Gemeentelijk",
            "description": (
                "Planningsgesprek, minstens één voortgangsgesprek, zelfbeoordeling, beoordeling op de "
                "vijfpuntsschaal, vaststelling door de tweede beoordelaar, bezwaar bij HR."
            ),
            "builtin": True,
        },
    )
    version = CycleTemplateVersion.objects.filter(template=template, number=1).first()
    if version is None:
        version = CycleTemplateVersion.objects.create(
            template=template,
            number=1,
            status="published",
            published_at=timezone.now(),
            rating_scale=RatingScale.objects.filter(slug="vijfpuntsschaal").first(),
            **SHAPE,
        )
        CycleTemplateEvent.objects.create(
            version=version, actor=None, kind="load_builtin", payload={"slug": "gemeentelijk", "migration": True}
        )
    ReviewCycle.objects.filter(template_version__isnull=True).update(template_version=version)


class Migration(migrations.Migration):
    dependencies = [("reviewcycle", "0020_cycle_templates"), ("frameworks", "0005_import_event")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
