"""Cycles made before talk forms existed run on *Gemeentelijk* version 1: it gets Gemeentelijk's built-in
talk forms (as ``reviewcycle.talk_forms.builtin`` had them then), so their talks can be prepared. Only questions are added:
no review, score, event or PDF line changes (there are no answers yet). A new installation gets them with
the built-in regelingen (``cycle_templates_load_builtin``)."""

from django.db import migrations

# Gemeentelijk's built-in forms as they were on the day of this migration (reviewcycle.talk_forms.builtin may
# change later; this migration never does).
GEMEENTELIJK = {
    "planning": {
        "title": "Planningsgesprek",
        "introduction": "Bereid het gesprek allebei voor: wat gaat goed, wat kost energie, wat wil je leren?",
        "sections": [
            {
                "title": "Werkplezier",
                "questions": [
                    {
                        "text": "Hoeveel plezier heb je in je werk?",
                        "by": "employee",
                        "kind": "scale",
                        "options": ["1 – heel laag", "2", "3", "4", "5 – heel hoog"],
                        "help": "Vul dit voor het gesprek in; alleen jij ziet het tot het "
                        "gesprek is vastgelegd, of tot je het deelt.",
                    },
                    {
                        "text": "Waar krijg je energie van in je werk, en wat kost energie?",
                        "by": "employee",
                        "kind": "text",
                        "required": True,
                    },
                    {
                        "text": "Wat zie jij dat goed gaat, en wat wil je bespreken?",
                        "by": "manager",
                        "kind": "text",
                    },
                ],
            },
            {
                "title": "Werkdruk",
                "questions": [
                    {
                        "text": "Hoe ervaar je de werkdruk?",
                        "by": "employee",
                        "kind": "scale",
                        "options": ["1 – heel laag", "2", "3", "4", "5 – heel hoog"],
                    },
                    {"text": "Wat zou de werkdruk verlichten?", "by": "employee", "kind": "text"},
                    {"text": "Afspraken over werkdruk", "by": "report", "kind": "text"},
                ],
            },
            {
                "title": "Ontwikkelwensen",
                "questions": [
                    {
                        "text": "Wat wil je het komende jaar leren of ontwikkelen?",
                        "by": "employee",
                        "kind": "text",
                    },
                    {
                        "text": "Welke ontwikkeling zie je voor de medewerker?",
                        "by": "manager",
                        "kind": "text",
                    },
                    {
                        "text": "Afgesproken ontwikkeling",
                        "by": "report",
                        "kind": "text",
                        "help": "Neem wat je afspreekt ook op in het POP.",
                    },
                ],
            },
            {
                "title": "Inzetbaarheid",
                "questions": [
                    {
                        "text": "Kun je je werk over vijf jaar nog goed doen?",
                        "by": "employee",
                        "kind": "yes_no",
                    },
                    {
                        "text": "Wat heb je nodig om goed inzetbaar te blijven?",
                        "by": "employee",
                        "kind": "text",
                    },
                    {"text": "Afspraken over inzetbaarheid", "by": "report", "kind": "text"},
                ],
            },
        ],
    },
    "progress": {
        "title": "Voortgangsgesprek",
        "introduction": "Een tweegesprek halverwege: geen oordeel, wel bijsturen waar nodig.",
        "sections": [
            {
                "title": "Voortgang",
                "questions": [
                    {"text": "Hoe staan je resultaatafspraken ervoor?", "by": "employee", "kind": "text"},
                    {"text": "Hoe ziet de leidinggevende de voortgang?", "by": "manager", "kind": "text"},
                    {"text": "Bijgestelde afspraken", "by": "report", "kind": "text"},
                ],
            },
            {
                "title": "Samenwerking",
                "questions": [
                    {
                        "text": "Hoe verloopt de samenwerking met collega's en met je leidinggevende?",
                        "by": "employee",
                        "kind": "text",
                    },
                    {"text": "Wat kan de leidinggevende anders doen?", "by": "employee", "kind": "text"},
                    {"text": "Afspraken over samenwerking", "by": "report", "kind": "text"},
                ],
            },
            {
                "title": "Verzuim en belastbaarheid",
                "questions": [
                    {
                        "text": "Hoe belastbaar voel je je?",
                        "by": "employee",
                        "kind": "choice",
                        "options": ["Goed", "Redelijk", "Zwaar", "Te zwaar"],
                    },
                    {
                        "text": "Is er iets dat je gezondheid of je aanwezigheid raakt en "
                        "dat je wilt bespreken?",
                        "by": "employee",
                        "kind": "text",
                        "help": "Medische details horen hier niet: die bespreek je met de bedrijfsarts.",
                    },
                    {"text": "Afspraken over belastbaarheid", "by": "report", "kind": "text"},
                ],
            },
            {
                "title": "Loopbaan",
                "questions": [
                    {"text": "Waar wil je over een paar jaar staan?", "by": "employee", "kind": "text"},
                    {
                        "text": "Welke stappen in de loopbaan zie je voor de medewerker?",
                        "by": "manager",
                        "kind": "text",
                    },
                    {"text": "Afspraken over loopbaan", "by": "report", "kind": "text"},
                ],
            },
        ],
    },
    "appraisal": {
        "title": "Beoordelingsgesprek",
        "introduction": "Terugblik op het jaar, naast de scores.",
        "sections": [
            {
                "title": "Terugblik",
                "questions": [
                    {
                        "text": "Waar ben je het meest tevreden over, dit jaar?",
                        "by": "employee",
                        "kind": "text",
                    },
                    {"text": "Wat had je anders willen doen?", "by": "employee", "kind": "text"},
                    {"text": "Wat wil je de medewerker meegeven?", "by": "manager", "kind": "text"},
                    {"text": "Terugblik in het gesprek", "by": "report", "kind": "text"},
                ],
            }
        ],
    },
}


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
    dependencies = [("reviewcycle", "0025_talk_forms")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
