"""The register of objections as rows for CSV: lodged, term, grounds, decision and reasons."""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone

from core.downloads import rows_in_language
from reviewcycle.models import Review
from reviewcycle.workflow import ObjectionStatus, objection_decision_due, objection_status

EXPORT_CHUNK = 2000  # reviews read at a time: the memory a streamed export holds
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


def objection_rows(reviews: QuerySet[Review], *, language: str = "nl") -> tuple[list[str], Iterator[list]]:
    """The header and one row per objection (``reviewcycle.selectors.objection_register``), in the
    list's order; dates as dates, the decision only once it is taken (an earlier one of a later, open
    objection is left out). The rows are a generator that reads ``reviews`` ``EXPORT_CHUNK`` at a time
    as it is consumed (the file streams). Raises nothing."""

    def row(review: Review) -> list:
        status = objection_status(review)
        decided = status == ObjectionStatus.DECIDED
        return [
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

    return HEADERS[language], rows_in_language(language, reviews.iterator(chunk_size=EXPORT_CHUNK), row)
