"""The payroll export of a cycle: the confirmed consequences of its final appraisals, one row each.

For HR of the units (``reviewcycle.selectors.hr_reviews``: the reviews of HR's scope, not their own):
only reviews that are final, whose consequences the second reviewer confirmed with the finalisation.
Each row: the employee number and name, the unit, the overall rating, the consequence (its label and
its code, which payroll systems map), a bonus's amount, the note, and the **effective date**: the first
day of the month after the finalisation (``reviewcycle.services.consequences.effective_date_after``),
fixed when confirmed, so a later export gives the same date. The consequences are read through the
record (``record.visible_consequences``), as the page, the API and the PDF show them. CSV streams;
both formats store text as text (``core.tabular``: formula injection is escaped).
"""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone

from core.downloads import rows_in_language
from reviewcycle.models import Review, ReviewCycle
from reviewcycle.record import visible_consequences, visible_overall_rating
from reviewcycle.selectors import hr_reviews

EXPORT_CHUNK = 2000  # reviews read at a time: the memory a streamed export holds
HEADERS = {
    "nl": [
        "Personeelsnummer",
        "Medewerker",
        "Organisatie-eenheid",
        "Cyclus",
        "Eindoordeel",
        "Gevolg",
        "Code",
        "Bedrag (EUR)",
        "Toelichting",
        "Ingangsdatum",
        "Vastgesteld op",
    ],
    "en": [
        "Employee number",
        "Employee",
        "Org unit",
        "Cycle",
        "Overall rating",
        "Consequence",
        "Code",
        "Amount (EUR)",
        "Note",
        "Effective date",
        "Finalised on",
    ],
}


def payroll_reviews(*, cycle: ReviewCycle, user) -> QuerySet[Review]:
    """The final reviews of ``cycle`` in ``user``'s HR scope with confirmed consequences, by employee
    name (none for a user who is not HR)."""
    return (
        hr_reviews(user=user)
        .filter(cycle=cycle, state=Review.State.FINAL, consequence_proposal__confirmed_at__isnull=False)
        .select_related("org_unit", "cycle", "overall_rating", "consequence_proposal")
        .prefetch_related("consequence_proposal__items")
        .order_by("employee__name", "id")
    )


def payroll_rows(*, cycle: ReviewCycle, user, language: str = "nl") -> tuple[list[str], Iterator[list]]:
    """The header and, lazily, one row per confirmed consequence of ``payroll_reviews`` in ``language``
    ("nl" or "en"). Amounts are numbers, dates dates. Raises nothing."""

    def rows(review: Review) -> list[list]:
        consequences = visible_consequences(review=review, user=user)
        if consequences is None:
            return []
        finalised = timezone.localtime(review.finalised_at).date() if review.finalised_at else None
        return [
            [
                review.employee.employee_number,
                review.employee.name,
                review.org_unit.name,
                review.cycle.name,
                visible_overall_rating(review=review, user=user) or "",
                item.label,
                item.kind,
                item.amount,
                item.note,
                consequences.effective_date,
                finalised,
            ]
            for item in consequences.items
        ]

    reviews = payroll_reviews(cycle=cycle, user=user).iterator(chunk_size=EXPORT_CHUNK)
    per_review = rows_in_language(language, reviews, rows)
    return HEADERS[language], (row for group in per_review for row in group)
