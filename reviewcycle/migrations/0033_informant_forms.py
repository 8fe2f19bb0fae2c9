"""The built-in informant form for the built-in regelingen loaded before informants existed.

Its own migration, after the schema's: on PostgreSQL, deleting the rows (going back) and altering the
tables they sit in cannot share one transaction ("pending trigger events")."""

from django.db import migrations

# The built-in informant form as it was on the day of this migration (reviewcycle.talk_forms.builtin may
# change later; this migration never does): given to the built-in regelingen loaded before it existed.
INFORMANT_FORM = {
    "title": "Jouw beeld",
    "introduction": (
        "Je geeft je beeld van hoe je collega werkt. Geef bij elke gedragsindicator aan hoe consequent je "
        "het gedrag zag; laat er een leeg als je het niet kunt beoordelen."
    ),
    "section": "Jouw beeld",
    "questions": ["Wat gaat goed? Geef een voorbeeld.", "Wat zou nog beter kunnen? Geef een voorbeeld."],
}


def add_informant_forms(apps, schema_editor):
    CycleTemplateVersion = apps.get_model("reviewcycle", "CycleTemplateVersion")
    TalkForm = apps.get_model("reviewcycle", "TalkForm")
    TalkFormSection = apps.get_model("reviewcycle", "TalkFormSection")
    TalkQuestion = apps.get_model("reviewcycle", "TalkQuestion")
    versions = CycleTemplateVersion.objects.filter(
        template__slug__in=["gemeentelijk", "goede-gesprekken"], template__builtin=True, number=1
    )
    for version in versions:
        if TalkForm.objects.filter(template_version=version, talk="informant").exists():
            continue
        form = TalkForm.objects.create(
            template_version=version,
            talk="informant",
            title=INFORMANT_FORM["title"],
            introduction=INFORMANT_FORM["introduction"],
        )
        section = TalkFormSection.objects.create(form=form, title=INFORMANT_FORM["section"], order=0)
        for order, text in enumerate(INFORMANT_FORM["questions"]):
            TalkQuestion.objects.create(section=section, order=order, text=text, answered_by="informant")


def remove_informant_forms(apps, schema_editor):
    """Back: the talk choices before informants have no informant form and no question for an informant."""
    apps.get_model("reviewcycle", "InformantQuestionAnswer").objects.all().delete()
    apps.get_model("reviewcycle", "TalkQuestion").objects.filter(answered_by="informant").delete()
    apps.get_model("reviewcycle", "TalkForm").objects.filter(talk="informant").delete()


class Migration(migrations.Migration):
    dependencies = [("reviewcycle", "0032_informants")]

    operations = [migrations.RunPython(add_informant_forms, remove_informant_forms)]
