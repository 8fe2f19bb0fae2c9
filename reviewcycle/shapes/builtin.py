"""The built-in regelingen: the shapes Dutch organisations actually run (domain brief, "Regelingen").

Each is loaded once (``cycle_templates_load_builtin``) as version 1, published; HR copies and changes
them in a new version of their own. *Gemeentelijk* is today's shape: every cycle made before regelingen
existed runs on it (migration ``0020``), with nothing changed.
"""

GEMEENTELIJK = "gemeentelijk"

# The consequences of the appraisal under a municipal regeling (``models.consequences``): which an
# overall rating may carry, and the defaults per point of the five-point scale (1 onvoldoende … 5
# uitstekend). The Kempen regeling in the seeds (004, *Bijlage 2 bij Regeling ontwikkelen, functioneren
# en beoordelen*) is only its appendix of competencies and role-type levels: it says nothing on
# consequences. So the defaults follow the usual municipal rule of the Cao Gemeenten and the former
# CAR-UWO: the yearly pay step (periodiek) is granted when the employee functions at least adequately
# and withheld when the appraisal is insufficient; *matig* still earns it, with a development measure
# to improve; an extra periodiek or a one-off bonus for exceptional work is the manager's choice (with
# a reason), never a default.
MUNICIPAL_CONSEQUENCES = {
    "allowed": ["pay_step_granted", "pay_step_withheld", "pay_step_extra", "bonus", "development"],
    "defaults": {
        1: ["pay_step_withheld", "development"],
        2: ["pay_step_granted", "development"],
        3: ["pay_step_granted"],
        4: ["pay_step_granted"],
        5: ["pay_step_granted"],
    },
}

BUILTIN_TEMPLATES = [
    {
        "slug": GEMEENTELIJK,
        "name": "Gemeentelijk",
        "description": (
            "Planningsgesprek, minstens één voortgangsgesprek, zelfbeoordeling, beoordeling op de "
            "vijfpuntsschaal, vaststelling door de tweede beoordelaar, bedenkingen bij HR."
        ),
        "shape": {
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
            "rating_scale": "vijfpuntsschaal",
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
        },
        "consequences": MUNICIPAL_CONSEQUENCES,
    },
    {
        "slug": "goede-gesprekken",
        "name": "Goede gesprekken",
        "description": (
            "Drie ontwikkelgesprekken per jaar, zonder scores en zonder beoordeling; van elk gesprek een "
            "kort verslag dat de medewerker voor gezien tekent."
        ),
        "shape": {
            "period": "calendar_year",
            "has_planning_talk": True,
            "min_progress_talks": 2,
            "has_self_assessment": False,
            "has_scores": False,
            "has_appraisal_talk": False,
            "has_advice": False,
            "has_second_review": False,
            "signature_options": ["seen"],
            "talk_reports_signed": True,
            "objection_route": "none",
            "rating_scale": None,
            "goal_weight": 0,
            "competency_weight": 0,
            "response_term_days": 14,
            "due_offsets": {"planning_due": 3, "progress_due": 11},
        },
    },
    {
        "slug": "twee-gesprekken",
        "name": "Twee gesprekken",
        "description": "Een planningsgesprek en een beoordelingsgesprek; een voortgangsgesprek is niet verplicht.",
        "shape": {
            "period": "calendar_year",
            "has_planning_talk": True,
            "min_progress_talks": 0,
            "has_self_assessment": False,
            "has_scores": True,
            "has_appraisal_talk": True,
            "has_advice": False,
            "has_second_review": True,
            "signature_options": ["seen", "agreed"],
            "objection_route": "hr",
            "rating_scale": "vijfpuntsschaal",
            "goal_weight": 50,
            "competency_weight": 50,
            "response_term_days": 14,
            "due_offsets": {"planning_due": 2, "scoring_due": 10, "appraisal_due": 11},
        },
        "consequences": MUNICIPAL_CONSEQUENCES,
    },
    {
        "slug": "r-en-o-gesprek",
        "name": "Jaarlijks R&O-gesprek",
        "description": (
            "Eén keer per studiejaar (1 september – 31 augustus): afspraken aan het begin, het R&O-gesprek "
            "aan het eind, de resultaten door beiden ondertekend (zoals universiteiten het voeren)."
        ),
        "shape": {
            "period": "academic_year",
            "has_planning_talk": True,
            "min_progress_talks": 0,
            "has_self_assessment": False,
            "has_scores": False,
            "has_appraisal_talk": True,
            "has_advice": False,
            "has_second_review": False,
            "signature_options": ["agreed"],
            "objection_route": "hr",
            "rating_scale": None,
            "goal_weight": 0,
            "competency_weight": 0,
            "response_term_days": 14,
            "due_offsets": {"planning_due": 2, "appraisal_due": 10},
        },
    },
    {
        "slug": "proeftijd-en-tijdelijk-contract",
        "name": "Proeftijd en tijdelijk contract",
        "description": (
            "Een startgesprek binnen vier weken na de startdatum en een evaluatie voor het einde van de "
            "proeftijd of twee maanden voor het einde van een tijdelijk contract, met een advies "
            "(voortzetten, verlengen of niet voortzetten) dat HR ziet."
        ),
        "shape": {
            "period": "employment",
            "has_planning_talk": True,
            "min_progress_talks": 0,
            "has_self_assessment": False,
            "has_scores": False,
            "has_appraisal_talk": True,
            "has_advice": True,
            "has_second_review": False,
            "signature_options": ["seen"],
            "objection_route": "none",
            "rating_scale": None,
            "goal_weight": 0,
            "competency_weight": 0,
            "response_term_days": 14,
            "due_offsets": {},
            "start_talk_within_days": 28,
            "evaluation_before_end_days": 60,
        },
    },
]
