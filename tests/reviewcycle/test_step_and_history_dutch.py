"""A step's button says what it does in the infinitive, object first ("Plan ondertekenen"); the history
says what happened in the past tense ("Plan ondertekend"). Each label is in a table here, so a new step or
event kind needs its Dutch decided, and each is asserted on its own (docs/glossary.md, decision 6)."""

import re

import pytest
from django.utils import translation

from reviewcycle.models import ReviewEvent
from reviewcycle.steps import STEPS

# step → (the button, its infinitive: the last word)
BUTTONS = {
    "record_planning_talk": ("Planningsgesprek vastleggen", "vastleggen"),
    "reopen_plan": ("Plan heropenen", "heropenen"),
    "sign_plan": ("Plan ondertekenen", "ondertekenen"),
    "record_progress_talk": ("Voortgangsgesprek vastleggen", "vastleggen"),
    "acknowledge_talk": ("Gespreksverslag voor gezien ondertekenen", "ondertekenen"),
    "start_appraisal": ("Beoordeling starten", "starten"),
    "complete_talks": ("Gesprekkencyclus afronden", "afronden"),
    "submit_self_assessment": ("Zelfbeoordeling indienen", "indienen"),
    "skip_self_assessment": ("Zelfbeoordeling overslaan", "overslaan"),
    "submit_scores": ("Oordelen indienen", "indienen"),
    "record_appraisal_talk": ("Beoordelingsgesprek vastleggen", "vastleggen"),
    "sign": ("Beoordeling ondertekenen", "ondertekenen"),
    "object": ("Bedenkingen indienen", "indienen"),
    "expire_response": ("Reactietermijn sluiten", "sluiten"),
    "return_to_manager": ("Beoordeling terugsturen", "terugsturen"),
    "finalise": ("Beoordeling vaststellen", "vaststellen"),
    "decide_objection": ("Over de bedenkingen beslissen", "beslissen"),
    "reopen": ("Beoordeling heropenen", "heropenen"),
    "cancel": ("Gesprekscyclus laten vervallen", "vervallen"),
    "exempt": ("Medewerker vrijstellen", "vrijstellen"),
}

# event kind → (the history label, its past participle)
HISTORY = {
    "open": ("Gesprekscyclus geopend", "geopend"),
    "record_planning_talk": ("Planningsgesprek vastgelegd", "vastgelegd"),
    "reopen_plan": ("Plan heropend", "heropend"),
    "sign_plan": ("Plan ondertekend", "ondertekend"),
    "record_progress_talk": ("Voortgangsgesprek vastgelegd", "vastgelegd"),
    "acknowledge_talk": ("Gespreksverslag voor gezien ondertekend", "ondertekend"),
    "start_appraisal": ("Beoordeling gestart", "gestart"),
    "complete_talks": ("Gesprekkencyclus afgerond", "afgerond"),
    "submit_self_assessment": ("Zelfbeoordeling ingediend", "ingediend"),
    "skip_self_assessment": ("Zelfbeoordeling overgeslagen", "overgeslagen"),
    "submit_scores": ("Oordelen ingediend", "ingediend"),
    "record_appraisal_talk": ("Beoordelingsgesprek vastgelegd", "vastgelegd"),
    "sign": ("Beoordeling ondertekend", "ondertekend"),
    "object": ("Bedenkingen ingediend", "ingediend"),
    "expire_response": ("Reactietermijn gesloten", "gesloten"),
    "return_to_manager": ("Teruggestuurd naar de leidinggevende", "Teruggestuurd"),
    "finalise": ("Beoordeling vastgesteld", "vastgesteld"),
    "decide_objection": ("Over de bedenkingen beslist", "beslist"),
    "reopen": ("Beoordeling heropend", "heropend"),
    "cancel": ("Gesprekscyclus vervallen", "vervallen"),
    "exempt": ("Vrijgesteld van de cyclus", "Vrijgesteld"),
    "add_goal": ("Resultaatafspraak toegevoegd", "toegevoegd"),
    "edit_goal": ("Resultaatafspraak gewijzigd", "gewijzigd"),
    "edit_goal_weights": ("Wegingen van de resultaatafspraken gewijzigd", "gewijzigd"),
    "set_focus": ("Aandachtscompetenties gewijzigd", "gewijzigd"),
    "save_development_action": ("Ontwikkelplan gewijzigd", "gewijzigd"),
    "reassign_manager": ("Andere leidinggevende toegewezen", "toegewezen"),
    "set_second_reviewer": ("Andere tweede beoordelaar aangewezen", "aangewezen"),
    "flag_role_change": ("Rol gewijzigd; verwachte niveaus nog niet opnieuw vastgesteld", "gewijzigd"),
    "flag_for_hr": ("Naar HR gestuurd: de leidinggevende of tweede beoordelaar is uit dienst", "gestuurd"),
    "rebaseline": ("Verwachte niveaus opnieuw vastgesteld", "vastgesteld"),
    "send_reminder": ("Herinnering verstuurd", "verstuurd"),
    "propose_consequences": ("Gevolgen van de beoordeling voorgesteld", "voorgesteld"),
    "confirm_consequences": ("Gevolgen van de beoordeling bevestigd", "bevestigd"),
    "change_consequences": ("Gevolgen gewijzigd na overgenomen bedenkingen", "gewijzigd"),
}

# A Dutch past participle: a prefix (ge-, be-, ver-, a separable part ...) and -d, -t or -en.
PARTICIPLE = re.compile(
    r"^(ge|be|ver|her|ont|onder|over|vast|in|toe|terug|aan|vrij|op|uit|af|voor)\w*(d|t|en)$", re.IGNORECASE
)
# What a button must not start with: the imperative ("Teken het plan", "Bewaar").
IMPERATIVE = re.compile(
    r"^(Bewaar|Maak|Sluit|Stuur|Verstuur|Wijs|Draag|Voeg|Teken|Onderteken|Besluit|Beslis|Dien|Leg|Houd|Start|Sla|Stel)\b"
)


def test_every_step_and_every_event_kind_has_its_dutch_in_the_tables():
    assert {step.name for step in STEPS} == set(BUTTONS)
    assert set(ReviewEvent.Kind.values) == set(HISTORY)


@pytest.mark.parametrize(("step", "expected"), BUTTONS.items(), ids=list(BUTTONS))
def test_the_button_is_an_infinitive_with_the_object_first(step, expected):
    label, infinitive = expected
    with translation.override("nl"):
        shown = str(next(s for s in STEPS if s.name == step).label)
    assert shown == label
    assert shown.split()[-1] == infinitive
    assert infinitive.endswith("n")
    assert not IMPERATIVE.match(shown)


@pytest.mark.parametrize(("kind", "expected"), HISTORY.items(), ids=list(HISTORY))
def test_the_history_says_what_happened_in_the_past_tense(kind, expected):
    label, participle = expected
    with translation.override("nl"):
        shown = str(ReviewEvent.Kind(kind).label)
    assert shown == label
    assert (
        participle in shown.split() or f"{participle};" in shown.split() or f"{participle}:" in shown.split()
    )
    assert PARTICIPLE.match(participle)
    assert not IMPERATIVE.match(shown)


# state → the next step as the one who acts reads it: an instruction (imperative), one form for all.
NEXT_STEPS = {
    "planning": "Houd het planningsgesprek en leg de resultaatafspraken vast",
    "plan_signoff": "Onderteken het plan",
    "in_progress": "Houd een voortgangsgesprek en start dan de beoordeling",
    "self_assessment": "Vul de zelfbeoordeling in",
    "scoring": "Beoordeel de competenties en resultaatafspraken",
    "appraisal_talk": "Houd het beoordelingsgesprek",
    "employee_response": "Onderteken de beoordeling of dien bedenkingen in",
    "objection": "Beslis over de bedenkingen",
    "second_review": "Stel de beoordeling vast of stuur haar terug",
}


def test_the_next_step_of_the_one_who_acts_is_always_an_instruction():
    from reviewcycle.workflow import NEXT_ACTION

    assert set(NEXT_ACTION) == set(NEXT_STEPS)
    with translation.override("nl"):
        shown = {str(state): str(text) for state, text in NEXT_ACTION.items()}
    assert shown == NEXT_STEPS
    for text in shown.values():
        assert IMPERATIVE.match(text) or text.startswith(("Beoordeel", "Vul")), text
