"""Reviews as rows for CSV and XLSX: the columns HR works with in a spreadsheet.

One row per review: who and where, state and phase (their labels, in the export's language),
the dates of the cycle's steps as dates, the objection (lodged, grounds, decision, reasons), the
overall rating, then one column per competency in focus (the manager's rating) and per goal
(title, weight, rating). Every score comes from ``reviewcycle.record.review_record``, so the
export masks what the record masks for its reader.
"""

import datetime
from collections.abc import Iterator

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from core.downloads import rows_in_language
from frameworks.models import Competency
from reviewcycle.models import CompetencyAssessment, Goal, Review
from reviewcycle.record import ReviewRecord, review_record
from reviewcycle.rules import is_rated
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
    ]


def review_export_rows(
    reviews: QuerySet[Review], *, user, language: str = "nl"
) -> tuple[list[str], Iterator[list]]:
    """The header and one row per review of ``reviews``, in its order, with labels and headers in
    ``language`` ("nl" or "en"; the view answers 400 for another).

    ``reviews`` is what ``user`` may see (``selectors.review_list``, filtered as the list is). The
    header is made here, by queries that count rather than read the reviews (``_competency_columns``,
    ``_most_goals``: at most four, however many reviews); the rows are a generator that reads the reviews as
    it is consumed, ``EXPORT_CHUNK`` at a time with their content prefetched (a fixed number of queries
    a chunk), so a streamed file starts at once and holds no more than a chunk. Scores are shown as
    ``record.review_record`` shows them to ``user``: a hidden score is an empty cell. Dates are
    ``datetime.date`` (``core.tabular`` writes them as date cells), counts and weights ints.

    The header is fixed before the rows are read: a competency or goal added to a review while the
    file is being sent has no column and is left out of its row (the next export has it). Raises nothing.
    """
    headers = HEADERS[language]
    competencies = _competency_columns(reviews)
    most_goals = _most_goals(reviews)
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
    """Competency id → name of every competency in focus in ``reviews``, in order of first appearance:
    by the first review (in ``reviews``' order) that has it in focus, within that review in the
    assessments' order, named as there (``ReviewRecord.competencies_in_focus``, read row by row, gives
    the same). Three queries: the competencies with their first review, the order of those few
    reviews, their assessments."""
    in_focus = CompetencyAssessment.objects.filter(in_focus=True)
    first_review = reviews.filter(
        Exists(in_focus.filter(review=OuterRef("pk"), competency=OuterRef(OuterRef("pk"))))
    ).values("pk")[:1]
    firsts = set(
        Competency.objects.filter(
            pk__in=in_focus.filter(review__in=reviews.values("pk")).values("competency_id")
        )
        .annotate(first_review=Subquery(first_review))
        .values_list("first_review", flat=True)
    )
    if not firsts:
        return {}
    in_review: dict[int, list[tuple[int, str]]] = {pk: [] for pk in firsts}
    for review_id, competency_id, name in in_focus.filter(review__in=firsts).values_list(
        "review_id", "competency_id", "name"
    ):
        in_review[review_id].append((competency_id, name))
    competencies: dict[int, str] = {}
    for review_id in reviews.filter(pk__in=firsts).values_list("pk", flat=True):
        for competency_id, name in in_review[review_id]:
            competencies.setdefault(competency_id, name)
    return competencies


def _most_goals(reviews: QuerySet[Review]) -> int:
    """The most goals (not withdrawn: ``GoalRecord.withdrawn``) of any review of ``reviews``; one query."""
    most = (
        Goal.objects.filter(review__in=reviews.values("pk"))
        .exclude(status=Goal.Status.WITHDRAWN)
        .values("review_id")
        .annotate(count=Count("id"))
        .order_by("-count")
        .values_list("count", flat=True)
        .first()
    )
    return most or 0
