"""The talk forms of the built-in regelingen, in Dutch (domain brief: "every organisation puts its own
questions on the talk forms"). Loaded with the regelingen (``shapes.services.cycle_templates_load_builtin``)
into version 1 of each (the forms of the other three regelingen, and the list of all: ``builtin_more``); HR copies and changes them in a version of their own.

Per regeling slug, per talk (``planning``, ``progress``, ``appraisal``; ``informant``: what informants answer): a title, an introduction and
sections of questions. A question: ``text``, ``by`` (``employee`` / ``manager``: preparation before the
talk; ``report``: the talk's report; ``informant``: on the informant form), optional ``kind`` (``text``, ``scale``, ``choice``, ``yes_no``),
``options``, ``help`` and ``required``. The report questions are optional: the talk's own required fields
(the notes of a progress talk, the summary of an appraisal) stay what recording requires, and forms
added to a version that cycles already run on never block recording a talk. The questions address
their reader: the employee's and the manager's each as "je/jij", the other as "je leidinggevende" or
"je medewerker".
"""

SCALE_5 = ["1 – heel laag", "2", "3", "4", "5 – heel hoog"]
BELASTBAARHEID = ["Goed", "Redelijk", "Zwaar", "Te zwaar"]


def _q(text: str, by: str, kind: str = "text", **extra) -> dict:
    return {"text": text, "by": by, "kind": kind, **extra}


_PREP_OWN = (
    "Vul dit voor het gesprek in; alleen jij ziet het tot het gesprek is vastgelegd, of tot je het deelt."
)

GEMEENTELIJK = {
    "planning": {
        "title": "Planningsgesprek",
        "introduction": "Bereid het gesprek allebei voor: wat gaat goed, wat kost energie, wat wil je leren?",
        "sections": [
            {
                "title": "Werkplezier",
                "questions": [
                    _q(
                        "Hoeveel plezier heb je in je werk?",
                        "employee",
                        "scale",
                        options=SCALE_5,
                        help=_PREP_OWN,
                    ),
                    _q(
                        "Waar krijg je energie van in je werk, en wat kost energie?",
                        "employee",
                        required=True,
                    ),
                    _q("Wat zie jij dat goed gaat, en wat wil je bespreken?", "manager"),
                ],
            },
            {
                "title": "Werkdruk",
                "questions": [
                    _q("Hoe ervaar je de werkdruk?", "employee", "scale", options=SCALE_5),
                    _q("Wat zou de werkdruk verlichten?", "employee"),
                    _q("Afspraken over werkdruk", "report"),
                ],
            },
            {
                "title": "Ontwikkelwensen",
                "questions": [
                    _q("Wat wil je het komende jaar leren of ontwikkelen?", "employee"),
                    _q("Welke ontwikkeling zie je voor je medewerker?", "manager"),
                    _q("Afgesproken ontwikkeling", "report", help="Neem wat je afspreekt ook op in het POP."),
                ],
            },
            {
                "title": "Inzetbaarheid",
                "questions": [
                    _q("Kun je je werk over vijf jaar nog goed doen?", "employee", "yes_no"),
                    _q("Wat heb je nodig om goed inzetbaar te blijven?", "employee"),
                    _q("Afspraken over inzetbaarheid", "report"),
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
                    _q("Hoe staan je resultaatafspraken ervoor?", "employee"),
                    _q("Hoe zie jij de voortgang van je medewerker?", "manager"),
                    _q("Bijgestelde afspraken", "report"),
                ],
            },
            {
                "title": "Samenwerking",
                "questions": [
                    _q("Hoe verloopt de samenwerking met collega's en met je leidinggevende?", "employee"),
                    _q("Wat kan je leidinggevende anders doen?", "employee"),
                    _q("Afspraken over samenwerking", "report"),
                ],
            },
            {
                "title": "Verzuim en belastbaarheid",
                "questions": [
                    _q("Hoe belastbaar voel je je?", "employee", "choice", options=BELASTBAARHEID),
                    _q(
                        "Is er iets dat je gezondheid of je aanwezigheid raakt en dat je wilt bespreken?",
                        "employee",
                        help="Medische details horen hier niet: die bespreek je met de bedrijfsarts.",
                    ),
                    _q("Afspraken over belastbaarheid", "report"),
                ],
            },
            {
                "title": "Loopbaan",
                "questions": [
                    _q("Waar wil je over een paar jaar staan?", "employee"),
                    _q("Welke stappen in de loopbaan zie je voor je medewerker?", "manager"),
                    _q("Afspraken over loopbaan", "report"),
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
                    _q("Waar ben je het meest tevreden over, dit jaar?", "employee"),
                    _q("Wat had je anders willen doen?", "employee"),
                    _q("Wat wil je je medewerker meegeven?", "manager"),
                    _q("Terugblik in het gesprek", "report"),
                ],
            },
        ],
    },
}

_ONTWIKKELGESPREK = {
    "title": "Ontwikkelgesprek",
    "introduction": (
        "Een goed gesprek over werk, welzijn en ontwikkeling; geen beoordeling. Van het gesprek maakt de "
        "leidinggevende een kort verslag dat de medewerker voor gezien ondertekent."
    ),
    "sections": [
        {
            "title": "Hoe gaat het?",
            "questions": [
                _q("Hoe gaat het met je, in en buiten het werk?", "employee", help=_PREP_OWN),
                _q("Hoeveel plezier heb je in je werk?", "employee", "scale", options=SCALE_5),
                _q("Hoe ervaar je de werkdruk?", "employee", "scale", options=SCALE_5),
            ],
        },
        {
            "title": "Werk en resultaten",
            "questions": [
                _q("Waar ben je trots op sinds het vorige gesprek?", "employee"),
                _q("Wat valt je op in het werk van je medewerker?", "manager"),
            ],
        },
        {
            "title": "Ontwikkeling en loopbaan",
            "questions": [
                _q("Wat wil je leren, en wat heb je daarvoor nodig?", "employee"),
                _q("Kun je je werk over vijf jaar nog goed doen?", "employee", "yes_no"),
                _q("Welke ontwikkeling zie jij voor je medewerker?", "manager"),
            ],
        },
        {
            "title": "Verslag",
            "questions": [
                _q("Wat hebben jullie besproken?", "report"),
                _q("Wat spreken jullie af, en wanneer kijken jullie ernaar?", "report"),
            ],
        },
    ],
}

# What an informant answers besides the marks on the behavioural indicators (``reviewcycle.informants``).
INFORMANT = {
    "title": "Jouw beeld",
    "introduction": (
        "Je geeft je beeld van hoe je collega werkt. Geef bij elke gedragsindicator aan hoe consequent je "
        "het gedrag zag; laat er een leeg als je het niet kunt beoordelen."
    ),
    "sections": [
        {
            "title": "Jouw beeld",
            "questions": [
                _q("Wat gaat goed? Geef een voorbeeld.", "informant"),
                _q("Wat zou nog beter kunnen? Geef een voorbeeld.", "informant"),
            ],
        }
    ],
}

GEMEENTELIJK["informant"] = INFORMANT

GOEDE_GESPREKKEN = {"planning": _ONTWIKKELGESPREK, "progress": _ONTWIKKELGESPREK, "informant": INFORMANT}
