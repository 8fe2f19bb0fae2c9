"""Reviews as rows for CSV and XLSX: the columns HR works with in a spreadsheet.

One row per review: who and where, state and phase (their labels, in the export's language),
the dates of the cycle's steps as dates, the objection (lodged, grounds, decision, reasons), the
overall rating, then one column per competency in focus (the manager's rating) and per goal
(title, weight, rating). Every score comes from ``reviewcycle.record.review_record``, so the
export masks what the record masks for its reader.
"""

import datetime

from django.db.models import QuerySet
from django.utils import timezone, translation

from reviewcycle.models import Review
from reviewcycle.record import ReviewRecord, review_record
from reviewcycle.selectors import with_record
from reviewcycle.workflow import PHASE_LABEL, PHASE_OF_STATE, is_overdue

COLUMNS = [
    "employee_number",
    "employee",
    "org_unit",
    "role",
    "manager",
    "second_reviewer",
    "cycle",
    "state",
    "phase",
    "due_date",
    "overdue",
    "planning_talk",
    "plan_signed",
    "progress_talks",
    "appraisal_talk",
    "signature",
    "signed",
    "objected",
    "objection_grounds",
    "objection_decision",
    "objection_decided",
    "objection_reasons",
    "finalised",
    "overall_rating",
]
HEADERS = {
    "nl": {
        "employee_number": "Personeelsnummer",
        "employee": "Medewerker",
        "org_unit": "Organisatie-eenheid",
        "role": "Rolcel of functieprofiel",
        "manager": "Leidinggevende",
        "second_reviewer": "Tweede beoordelaar",
        "cycle": "Cyclus",
        "state": "Status",
        "phase": "Fase",
        "due_date": "Volgende stap uiterlijk",
        "overdue": "Te laat",
        "planning_talk": "Planningsgesprek",
        "plan_signed": "Plan ondertekend",
        "progress_talks": "Voortgangsgesprekken",
        "appraisal_talk": "Beoordelingsgesprek",
        "signature": "Ondertekening",
        "signed": "Ondertekend op",
        "objected": "Bezwaar ingediend op",
        "objection_grounds": "Gronden van het bezwaar",
        "objection_decision": "Beslissing op het bezwaar",
        "objection_decided": "Beslist op",
        "objection_reasons": "Motivering van de beslissing",
        "finalised": "Definitief op",
        "overall_rating": "Eindoordeel",
        "competency": "Competentie: {name}",
        "goal": "Resultaatafspraak {n}",
        "goal_weight": "Resultaatafspraak {n}: weging (%)",
        "goal_rating": "Resultaatafspraak {n}: oordeel",
    },
    "en": {
        "employee_number": "Employee number",
        "employee": "Employee",
        "org_unit": "Org unit",
        "role": "Role-type cell or job profile",
        "manager": "Manager",
        "second_reviewer": "Second reviewer",
        "cycle": "Cycle",
        "state": "State",
        "phase": "Phase",
        "due_date": "Next step due",
        "overdue": "Overdue",
        "planning_talk": "Planning talk",
        "plan_signed": "Plan signed",
        "progress_talks": "Progress talks",
        "appraisal_talk": "Appraisal talk",
        "signature": "Signature",
        "signed": "Signed on",
        "objected": "Objection lodged on",
        "objection_grounds": "Grounds of the objection",
        "objection_decision": "Decision on the objection",
        "objection_decided": "Decided on",
        "objection_reasons": "Reasons for the decision",
        "finalised": "Finalised on",
        "overall_rating": "Overall rating",
        "competency": "Competency: {name}",
        "goal": "Goal {n}",
        "goal_weight": "Goal {n}: weight (%)",
        "goal_rating": "Goal {n}: rating",
    },
}
YES_NO = {"nl": ("ja", "nee"), "en": ("yes", "no")}


def _day(value) -> datetime.date | None:
    """A date, or the local date of a moment (a spreadsheet date cell has no time zone)."""
    if not value:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date()
    return value


def _label(choices, value: str) -> str:
    return str(choices(value).label) if value else ""


def _fixed_cells(review: Review, record: ReviewRecord, yes_no: tuple[str, str]) -> list:
    yes, no = yes_no
    return [
        review.employee.employee_number,
        review.employee.name,
        review.org_unit.name,
        review.role_label,
        review.manager.name,
        review.second_reviewer.name if review.second_reviewer_id else "",
        review.cycle.name,
        str(review.get_state_display()),
        str(PHASE_LABEL[PHASE_OF_STATE[review.state]]),
        _day(review.due_date),
        yes if is_overdue(review) else no,
        _day(review.planning_talk_date),
        _day(review.plan_signed_at),
        review.progress_talk_count,
        _day(review.appraisal_talk_date),
        _label(Review.Signature, review.signature),
        _day(review.signed_at),
        _day(review.objected_at),
        review.objection_grounds,
        _label(Review.ObjectionDecision, review.objection_decision),
        _day(review.objection_decided_at),
        review.objection_decision_reason,
        _day(review.finalised_at),
        record.overall_rating or "",
    ]


def review_export_rows(
    reviews: QuerySet[Review], *, user, language: str = "nl"
) -> tuple[list[str], list[list]]:
    """One row per review of ``reviews``, in its order, with labels and headers in ``language``
    ("nl" or "en"; the view answers 400 for another).

    ``reviews`` is what ``user`` may see (``selectors.review_list``, filtered as the list is); the
    export prefetches its content itself (a fixed number of queries, however many reviews). Scores
    are shown as ``record.review_record`` shows them to ``user``: a hidden score is an empty cell.
    Dates are ``datetime.date`` (``core.tabular`` writes them as date cells), counts and weights ints.
    Returns ``(header, rows)``; raises nothing.
    """
    headers = HEADERS[language]
    rows: list[tuple[list, ReviewRecord]] = []
    competencies: dict[int, str] = {}  # competency id → name, in order of first appearance
    most_goals = 0
    with translation.override(language):
        for review in with_record(reviews).iterator(chunk_size=2000):
            record = review_record(review=review, user=user)
            for item in record.competencies_in_focus:
                competencies.setdefault(item.competency_id, item.name)
            most_goals = max(most_goals, sum(1 for goal in record.goals if not goal.withdrawn))
            rows.append((_fixed_cells(review, record, YES_NO[language]), record))

    header = [headers[column] for column in COLUMNS]
    header += [headers["competency"].format(name=name) for name in competencies.values()]
    for n in range(1, most_goals + 1):
        header += [headers[key].format(n=n) for key in ("goal", "goal_weight", "goal_rating")]

    out = []
    for cells, record in rows:
        ratings = {item.competency_id: item.rating for item in record.competencies_in_focus}
        cells += [ratings.get(pk) or "" for pk in competencies]
        goals = [goal for goal in record.goals if not goal.withdrawn]
        for index in range(most_goals):
            if index < len(goals):
                cells += [goals[index].title, goals[index].weight, goals[index].rating or ""]
            else:
                cells += ["", None, ""]
        out.append(cells)
    return header, out
