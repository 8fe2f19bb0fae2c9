"""The register of objections as rows for CSV: lodged, term, grounds, decision and reasons."""

from django.db.models import QuerySet
from django.utils import timezone, translation

from reviewcycle.models import Review
from reviewcycle.workflow import ObjectionStatus, objection_decision_due, objection_status

HEADERS = {
    "nl": [
        "Personeelsnummer",
        "Medewerker",
        "Organisatie-eenheid",
        "Cyclus",
        "Ingediend op",
        "Beslissen uiterlijk",
        "Gronden",
        "Stand",
        "Beslissing",
        "Besloten op",
        "Motivering",
    ],
    "en": [
        "Employee number",
        "Employee",
        "Org unit",
        "Cycle",
        "Lodged on",
        "Decide by",
        "Grounds",
        "Status",
        "Decision",
        "Decided on",
        "Reasons",
    ],
}


def _day(moment):
    return timezone.localtime(moment).date() if moment else None


def objection_rows(reviews: QuerySet[Review], *, language: str = "nl") -> tuple[list[str], list[list]]:
    """One row per objection (``reviewcycle.selectors.objection_register``), in the list's order; dates
    as dates, the decision only once it is taken (an earlier one of a later, open objection is left out)."""
    rows = []
    with translation.override(language):
        for review in reviews.iterator(chunk_size=2000):
            status = objection_status(review)
            decided = status == ObjectionStatus.DECIDED
            rows.append(
                [
                    review.employee.employee_number,
                    review.employee.name,
                    review.org_unit.name,
                    review.cycle.name,
                    _day(review.objected_at),
                    objection_decision_due(review),
                    review.objection_grounds,
                    str(ObjectionStatus.LABEL[status]),
                    str(review.get_objection_decision_display()) if decided else "",
                    _day(review.objection_decided_at) if decided else None,
                    review.objection_decision_reason if decided else "",
                ]
            )
    return HEADERS[language], rows
