"""The talk forms of the other built-in regelingen (*Proeftijd en tijdelijk contract*, *Twee gesprekken*,
*Jaarlijks R&O-gesprek*), in Dutch, and ``BUILTIN_FORMS``: every built-in regeling's forms by its slug.
The shape of a definition and the rules its questions follow are in ``builtin``."""

from reviewcycle.talk_forms.builtin import GEMEENTELIJK, GOEDE_GESPREKKEN, SCALE_5, _q

PROEFTIJD = {
    "planning": {
        "title": "Startgesprek",
        "introduction": (
            "Binnen vier weken na je start: wat verwachten jullie van elkaar, hoe verloopt het inwerken, en "
            "wat spreken jullie af tot de evaluatie?"
        ),
        "sections": [
            {
                "title": "Verwachtingen",
                "questions": [
                    _q("Wat verwacht je van je nieuwe baan, en van je leidinggevende?", "employee"),
                    _q("Wat verwacht je van je nieuwe medewerker in de eerste maanden?", "manager"),
                    _q("Welke verwachtingen hebben jullie uitgesproken?", "report"),
                ],
            },
            {
                "title": "Inwerken",
                "questions": [
                    _q("Hoe gaat het inwerken tot nu toe?", "employee", "scale", options=SCALE_5),
                    _q("Wat heb je nog nodig om je werk goed te kunnen doen?", "employee"),
                    _q("Wie begeleidt je medewerker, en hoe regel je het inwerken verder?", "manager"),
                ],
            },
            {
                "title": "Afspraken",
                "questions": [
                    _q("Wat spreken jullie af tot de evaluatie?", "report"),
                    _q(
                        "Wanneer spreken jullie elkaar tussendoor?",
                        "report",
                        help="Bijvoorbeeld elke twee weken een kort gesprek.",
                    ),
                ],
            },
        ],
    },
    "appraisal": {
        "title": "Evaluatiegesprek",
        "introduction": (
            "Voor het einde van de proeftijd, of twee maanden voor het einde van een tijdelijk contract: hoe "
            "gaat het, en hoe gaan jullie verder? Bij het vastleggen van het gesprek geeft de leidinggevende "
            "het advies (voortzetten, verlengen of niet voortzetten); HR ziet het."
        ),
        "sections": [
            {
                "title": "Hoe gaat het werk?",
                "questions": [
                    _q("Hoe gaat het werk, en waar ben je tevreden over?", "employee"),
                    _q("Wat vind je nog lastig?", "employee"),
                    _q("Hoe zie jij het werk van je medewerker tot nu toe?", "manager"),
                    _q("Wat hebben jullie over het werk besproken?", "report"),
                ],
            },
            {
                "title": "Begeleiding",
                "questions": [
                    _q("Heb je de begeleiding gekregen die je nodig had?", "employee", "yes_no"),
                    _q("Wat zou je anders willen in de begeleiding?", "employee"),
                    _q("Welke begeleiding heb je gegeven, en wat is nog nodig?", "manager"),
                ],
            },
            {
                # The advice itself (voortzetten, verlengen, niet voortzetten) and its explanation are part
                # of the review, given when the talk is recorded (``Review.contract_advice``), not questions.
                "title": "Vervolg",
                "questions": [
                    _q("Wil je graag blijven? Wat zou je daarvoor nodig hebben?", "employee"),
                    _q("Hoe kijk je naar het vervolg, en wat wil je daarover bespreken?", "manager"),
                ],
            },
        ],
    },
}

TWEE_GESPREKKEN = {
    "planning": {
        "title": "Planningsgesprek",
        "introduction": "Aan het begin van het jaar: wat ga je doen, wat wil je leren, wat heb je nodig?",
        "sections": [
            {
                "title": "Terugblik en vooruitblik",
                "questions": [
                    _q("Waar wil je dit jaar aan werken?", "employee"),
                    _q("Wat verwacht je dit jaar van je medewerker?", "manager"),
                    _q("Welke resultaten spreken jullie af?", "report"),
                ],
            },
            {
                "title": "Ontwikkeling",
                "questions": [
                    _q("Wat wil je leren, en wat heb je daarvoor nodig?", "employee"),
                    _q("Welke ontwikkeling zie je voor je medewerker?", "manager"),
                    _q("Afgesproken ontwikkeling", "report", help="Neem wat je afspreekt ook op in het POP."),
                ],
            },
            {
                "title": "Werkplezier en werkdruk",
                "questions": [
                    _q("Hoeveel plezier heb je in je werk?", "employee", "scale", options=SCALE_5),
                    _q("Hoe ervaar je de werkdruk?", "employee", "scale", options=SCALE_5),
                    _q("Afspraken over werkdruk", "report"),
                ],
            },
        ],
    },
    "appraisal": {
        "title": "Beoordelingsgesprek",
        "introduction": "Aan het eind van het jaar: terugblik op de afspraken, naast de scores.",
        "sections": [
            {
                "title": "Terugblik",
                "questions": [
                    _q("Hoe staan je afspraken van dit jaar ervoor?", "employee"),
                    _q("Waar ben je het meest tevreden over?", "employee"),
                    _q("Wat wil je je medewerker over dit jaar meegeven?", "manager"),
                    _q("Terugblik in het gesprek", "report"),
                ],
            },
            {
                "title": "Volgend jaar",
                "questions": [
                    _q("Wat wil je volgend jaar anders doen of leren?", "employee"),
                    _q("Wat verwacht je volgend jaar van je medewerker?", "manager"),
                    _q("Wat nemen jullie mee naar volgend jaar?", "report"),
                ],
            },
        ],
    },
}

R_EN_O = {
    "planning": {
        "title": "Afspraken voor het studiejaar",
        "introduction": "Aan het begin van het studiejaar: welke taken en resultaten spreken jullie af?",
        "sections": [
            {
                "title": "Taken en resultaten",
                "questions": [
                    _q(
                        "Welke taken in onderwijs, onderzoek en organisatie verwacht je dit jaar?", "employee"
                    ),
                    _q("Welke taken en resultaten verwacht je van je medewerker?", "manager"),
                    _q("Afgesproken taken en resultaten", "report"),
                ],
            },
            {
                "title": "Ontwikkeling",
                "questions": [
                    _q("Wat wil je dit jaar leren?", "employee"),
                    _q("Afgesproken ontwikkeling", "report"),
                ],
            },
        ],
    },
    "appraisal": {
        "title": "R&O-gesprek",
        "introduction": (
            "Het jaarlijkse gesprek over resultaten en ontwikkeling: terugblik, werkplezier, inzetbaarheid, "
            "loopbaan en werkdruk. De afspraken ondertekenen jullie allebei."
        ),
        "sections": [
            {
                "title": "Terugblik",
                "questions": [
                    _q("Wat heb je dit studiejaar bereikt, en waar ben je trots op?", "employee"),
                    _q("Wat ging anders dan afgesproken, en waarom?", "employee"),
                    _q("Hoe kijk jij terug op het jaar van je medewerker?", "manager"),
                    _q("Terugblik in het gesprek", "report"),
                ],
            },
            {
                "title": "Werkplezier",
                "questions": [
                    _q("Hoeveel plezier heb je in je werk?", "employee", "scale", options=SCALE_5),
                    _q("Waar krijg je energie van, en wat kost energie?", "employee"),
                ],
            },
            {
                "title": "Inzetbaarheid",
                "questions": [
                    _q("Kun je je werk over vijf jaar nog goed doen?", "employee", "yes_no"),
                    _q("Wat heb je nodig om goed inzetbaar te blijven?", "employee"),
                ],
            },
            {
                "title": "Loopbaan",
                "questions": [
                    _q("Waar wil je over een paar jaar staan?", "employee"),
                    _q("Welke stappen in de loopbaan zie je voor je medewerker?", "manager"),
                ],
            },
            {
                "title": "Werkdruk",
                "questions": [
                    _q("Hoe ervaar je de werkdruk?", "employee", "scale", options=SCALE_5),
                    _q("Waar zie jij de werkdruk van je medewerker, en wat kun je eraan doen?", "manager"),
                ],
            },
            {
                "title": "Afspraken",
                "questions": [
                    _q("Afspraken over werkplezier, inzetbaarheid en werkdruk", "report"),
                    _q("Afspraken over ontwikkeling en loopbaan", "report"),
                    _q("Afgesproken resultaten voor het volgende studiejaar", "report"),
                ],
            },
        ],
    },
}

BUILTIN_FORMS: dict[str, dict] = {
    "gemeentelijk": GEMEENTELIJK,
    "goede-gesprekken": GOEDE_GESPREKKEN,
    "twee-gesprekken": TWEE_GESPREKKEN,
    "r-en-o-gesprek": R_EN_O,
    "proeftijd-en-tijdelijk-contract": PROEFTIJD,
}
