"""Cycles made before talk forms existed run on *Gemeentelijk* version 1: it gets Gemeentelijk's built-in
talk forms (``reviewcycle.talk_forms.builtin``), so their talks can be prepared. Only questions are added:
no review, score, event or PDF line changes (there are no answers yet). A new installation gets them with
the built-in regelingen (``cycle_templates_load_builtin``)."""

from django.db import migrations

from reviewcycle.talk_forms.builtin import GEMEENTELIJK


def forwards(apps, schema_editor):
    CycleTemplateVersion = apps.get_model("reviewcycle", "CycleTemplateVersion")
    TalkForm = apps.get_model("reviewcycle", "TalkForm")
    TalkFormSection = apps.get_model("reviewcycle", "TalkFormSection")
    TalkQuestion = apps.get_model("reviewcycle", "TalkQuestion")
    version = CycleTemplateVersion.objects.filter(template__slug="gemeentelijk", number=1).first()
    if version is None or TalkForm.objects.filter(template_version=version).exists():
        return
    for talk, definition in GEMEENTELIJK.items():
        form = TalkForm.objects.create(
            template_version=version,
            talk=talk,
            title=definition["title"],
            introduction=definition.get("introduction", ""),
        )
        for section_order, section_definition in enumerate(definition["sections"]):
            section = TalkFormSection.objects.create(
                form=form, title=section_definition["title"], order=section_order
            )
            for order, question in enumerate(section_definition["questions"]):
                TalkQuestion.objects.create(
                    section=section,
                    order=order,
                    text=question["text"],
                    help_text=question.get("help", ""),
                    kind=question.get("kind", "text"),
                    options=question.get("options", []),
                    answered_by=question["by"],
                    required=question.get("required", False),
                )


class Migration(migrations.Migration):
    dependencies = [("reviewcycle", "0023_talk_forms")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
