"""Reviews as rows for CSV and XLSX: the columns HR works with in a spreadsheet.

One row per review: who and where, state and phase (their labels, in the export's language),
the dates of the cycle's steps as dates, the objection (lodged, grounds, decision, reasons), the
overall rating, then one column per competency of the cycle's framework version (the manager's
rating where it is in focus, else empty) and per goal up to the most a review may have (title, weight,
rating). Every score comes from ``reviewcycle.record.review_record``, so the
export masks what the record masks for its reader.
"""

import datetime
from collections.abc import Iterator

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from core.downloads import rows_in_language
from frameworks.models import Competency
from reviewcycle.goals import MAX_GOALS
from reviewcycle.models import Review, ReviewCycle
from reviewcycle.rated import is_rated
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
    "advice",
    "advice_explanation",
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
        "due_date": "Uiterste datum volgende stap",
        "overdue": "Te laat",
        "planning_talk": "Planningsgesprek",
        "plan_signed": "Plan ondertekend",
        "progress_talks": "Voortgangsgesprekken",
        "appraisal_talk": "Beoordelingsgesprek",
        "signature": "Ondertekend als",
        "signed": "Ondertekend op",
        "objected": "Bedenkingen ingediend op",
        "objection_grounds": "Bedenkingen",
        "objection_decision": "Besluit over de bedenkingen",
        "objection_decided": "Beslist op",
        "objection_reasons": "Motivering van het besluit",
        "finalised": "Vastgesteld op",
        "overall_rating": "Eindoordeel",
        "advice": "Advies over het contract",
        "advice_explanation": "Toelichting op het advies",
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
        "advice": "Advice on the contract",
        "advice_explanation": "Explanation of the advice",
        "competency": "Competency: {name}",
        "goal": "Goal {n}",
        "goal_weight": "Goal {n}: weight (%)",
        "goal_rating": "Goal {n}: rating",
    },
}
YES_NO = {"nl": ("ja", "nee"), "en": ("yes", "no")}
EXPORT_CHUNK = 2000  # reviews read at a time, with their content: the memory a streamed export holds


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
        (record.overall_rating if is_rated(review) else None) or "",  # one definition of rated
        record.advice.label if record.advice else "",
        record.advice.explanation if record.advice else "",
    ]


def review_export_rows(
    reviews: QuerySet[Review], *, user, language: str = "nl"
) -> tuple[list[str], Iterator[list]]:
    """The header and one row per review of ``reviews``, in its order, with labels and headers in
    ``language`` ("nl" or "en"; the view answers 400 for another).

    ``reviews`` is what ``user`` may see (``selectors.review_list``, filtered as the list is). The
    header is made here, without reading the reviews: a column per competency of the cycles' framework
    versions (``_competency_columns``, two queries) and three per goal up to ``goals.MAX_GOALS``, the most
    a review may have; the rows are a generator that reads the reviews as
    it is consumed, ``EXPORT_CHUNK`` at a time with their content prefetched (a fixed number of queries
    a chunk), so a streamed file starts at once and holds no more than a chunk. Scores are shown as
    ``record.review_record`` shows them to ``user``: a hidden score is an empty cell. Dates are
    ``datetime.date`` (``core.tabular`` writes them as date cells), counts and weights ints.

    The header is fixed before the rows are read and holds every competency and goal a review of these
    cycles can have. Raises nothing.
    """
    headers = HEADERS[language]
    competencies = _competency_columns(reviews)
    most_goals = MAX_GOALS
    header = [headers[column] for column in COLUMNS]
    header += [headers["competency"].format(name=name) for name in competencies.values()]
    for n in range(1, most_goals + 1):
        header += [headers[key].format(n=n) for key in ("goal", "goal_weight", "goal_rating")]

    def row(review: Review) -> list:
        record = review_record(review=review, user=user)
        cells = _fixed_cells(review, record, YES_NO[language])
        ratings = {item.competency_id: item.rating for item in record.competencies_in_focus}
        cells += [ratings.get(pk) or "" for pk in competencies]
        goals = [goal for goal in record.goals if not goal.withdrawn]
        for index in range(most_goals):
            if index < len(goals):
                cells += [goals[index].title, goals[index].weight, goals[index].rating or ""]
            else:
                cells += ["", None, ""]
        return cells

    return header, rows_in_language(language, with_record(reviews).iterator(chunk_size=EXPORT_CHUNK), row)


def _competency_columns(reviews: QuerySet[Review]) -> dict[int, str]:
    """Competency id → name of every competency of the framework version of each cycle that has a review
    in ``reviews`` (the latest cycle first, each version's competencies in their order, named as there):
    a column for each, whether or not a review has it in focus. Two queries that stop at the first review
    of each cycle, not an aggregate over all of them: the same cost at any size (issue 17)."""
    # A review of each cycle, found by a subquery that stops at the first (LIMIT 1: the planner walks the
    # indexes); an EXISTS became a semi-join that hashed every employee first.
    any_review = reviews.filter(cycle=OuterRef("pk")).order_by().values("pk")[:1]
    versions = (
        ReviewCycle.objects.annotate(any_review=Subquery(any_review))
        .filter(any_review__isnull=False)
        .order_by("-period_start", "id")
        .values_list("framework_version_id", flat=True)
    )
    order = {version: index for index, version in enumerate(dict.fromkeys(versions))}
    competencies = sorted(
        Competency.objects.filter(version__in=order)
        .order_by()
        .values_list("pk", "version_id", "order", "name"),
        key=lambda row: (order[row[1]], row[2], row[3]),
    )
    return {pk: name for pk, _version, _order, name in competencies}
