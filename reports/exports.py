"""Reviews as rows for CSV and XLSX: the columns HR works with in a spreadsheet."""

from django.db.models import QuerySet
from django.utils import timezone

from reviewcycle.models import Review
from reviewcycle.record import visible_overall_rating
from reviewcycle.workflow import PHASE_OF_STATE, is_overdue

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
    "appraisal_talk",
    "signature",
    "signed",
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
        "plan_signed": "Plan getekend",
        "appraisal_talk": "Beoordelingsgesprek",
        "signature": "Ondertekening",
        "signed": "Getekend op",
        "finalised": "Definitief op",
        "overall_rating": "Eindoordeel",
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
        "appraisal_talk": "Appraisal talk",
        "signature": "Signature",
        "signed": "Signed on",
        "finalised": "Finalised on",
        "overall_rating": "Overall rating",
    },
}
YES_NO = {"nl": ("ja", "nee"), "en": ("yes", "no")}


def _day(value) -> str:
    if not value:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value).date()
    return value.isoformat()


def review_export_rows(
    reviews: QuerySet[Review], *, user, language: str = "nl"
) -> tuple[list[str], list[list]]:
    """One row per review, in the order of the list; ratings only where the user may see them."""
    from django.utils import translation

    header = [HEADERS[language][column] for column in COLUMNS]
    yes, no = YES_NO[language]
    rows = []
    with translation.override(language):
        for review in reviews.iterator(chunk_size=2000):
            rating = visible_overall_rating(review=review, user=user)
            rows.append(
                [
                    review.employee.employee_number,
                    review.employee.name,
                    review.org_unit.name,
                    review.role_label,
                    review.manager.name,
                    review.second_reviewer.name if review.second_reviewer_id else "",
                    review.cycle.name,
                    str(review.get_state_display()),
                    PHASE_OF_STATE[review.state],
                    _day(review.due_date),
                    yes if is_overdue(review) else no,
                    _day(review.planning_talk_date),
                    _day(review.plan_signed_at),
                    _day(review.appraisal_talk_date),
                    str(review.get_signature_display()) if review.signature else "",
                    _day(review.signed_at),
                    _day(review.finalised_at),
                    rating or "",
                ]
            )
    return header, rows
