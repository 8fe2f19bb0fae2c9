"""Where an integrator reads each id or code a write takes: said once here, in the help text of every field
that takes it (and so in ``docs/openapi.yaml``)."""

REVIEW = "`GET /api/v1/reviews/{id}/`"

ORG_UNITS = "Organisation unit ids: `GET /api/v1/org-units/tree/` (or the search `GET /api/v1/org-units/`)."
ORG_UNIT = (
    "An organisation unit's id: `GET /api/v1/org-units/tree/` (or the search `GET /api/v1/org-units/`)."
)
CYCLE = "A cycle's id: `GET /api/v1/cycles/`."
FRAMEWORK_VERSION = (
    "A published framework version's id: `GET /api/v1/framework-versions/` (or `current_version.id` of "
    "`GET /api/v1/frameworks/`)."
)
RATING_SCALE = "A rating scale's `code`: `GET /api/v1/rating-scales/`."
CYCLE_TEMPLATE_VERSION = (
    "A published regeling (cycle template) version's id: `versions[].id` of `GET /api/v1/cycle-templates/`. "
    "Left out on creation: the default regeling, Gemeentelijk. The regeling fills every setting left out: the "
    "due dates (its months after `period_start`), `min_progress_talks`, `response_term_days`, the weights and "
    "the `rating_scale`. A setting for a part its shape lacks is ignored and takes the regeling's value (or "
    "the cycle's default): the due dates of phases it does not have (each takes the date of the phase before), "
    "`rating_scale` and the weights without scores, `second_review_days` without a second reviewer, "
    "`objection_decision_days` without an objection. Changing a draft's regeling gives the settings never "
    "changed from the old regeling's values the new one's."
)
EMPLOYEE = "An employee's id: `GET /api/v1/employees/` (HR's scope) or `GET /api/v1/people/?search=`."
PERSON_TO_NAME = (
    "An employee's id, whom HR may name: `GET /api/v1/people/?search=` (an active employee of HR's units "
    "whose login works)."
)
ASSESSMENT = f"A competency assessment of the review: `assessments[].id` of {REVIEW}."
GOAL = f"A goal of the review: `goals[].id` of {REVIEW}."
INDICATOR_MARKS = (
    f"Indicator id (`assessments[].indicators[].id` of {REVIEW}) → not / partly / fully (next-level "
    "indicators: fully = shown, empty = not)."
)
COMPETENCY = (
    f"A competency's id: `assessments[].competency` of {REVIEW} (or `competencies` of "
    "`GET /api/v1/framework-versions/{id}/`); null for none."
)
RATING = (
    "A `value` of the cycle's rating scale (`options[].value` of `GET /api/v1/rating-scales/{code}/`, the "
    "code being the cycle's `rating_scale`)."
)
RATING_OR_NULL = f"{RATING} Null: none yet."
