"""The talk reports of a cycle (*gespreksverslagen*): the answers on its talk forms, one row each.

For HR of the units (``reviewcycle.selectors.hr_reviews``: the reviews of HR's scope, not their own).
One row per review × talk × occurrence × question × answer, in the cycle's order of talks: the employee
number and name, the unit, the talk and its number (progress talks count from 1), the section and the
question, who answers it (employee, manager, the report), the author, the answer, when it was shared
before the talk and when the talk was recorded. A row per answer, not a column per question: a form
has as many questions as HR gives it, and the regeling's version may differ between cycles.

Only answers that are part of the review's record: ``talk_forms.selectors.talk_records`` read as the
system (``reader_id=None``), so the rule ``can_see_answer`` leaves out every preparation still private
to its author, also one HR wrote themselves as someone's manager (a draft is not the record). CSV
streams; both formats store text as text (``core.tabular``: formula injection is escaped).
"""

import datetime
from collections.abc import Iterator

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from core.downloads import rows_in_language
from reviewcycle.models import Review, ReviewCycle, TalkAnswer
from reviewcycle.selectors import hr_reviews
from reviewcycle.talk_forms.selectors import Talk, answers_prefetch, talk_records

EXPORT_CHUNK = 2000  # reviews read at a time, with their answers: the memory a streamed export holds
HEADERS = {
    "nl": [
        "Personeelsnummer",
        "Medewerker",
        "Organisatie-eenheid",
        "Cyclus",
        "Gesprek",
        "Gespreksnummer",
        "Onderdeel",
        "Vraag",
        "Beantwoord door",
        "Auteur",
        "Antwoord",
        "Gedeeld op",
        "Gesprek vastgelegd op",
    ],
    "en": [
        "Employee number",
        "Employee",
        "Org unit",
        "Cycle",
        "Talk",
        "Talk number",
        "Section",
        "Question",
        "Answered by",
        "Author",
        "Answer",
        "Shared on",
        "Talk recorded on",
    ],
}


def _day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(moment).date() if moment else None


def talk_report_reviews(*, cycle: ReviewCycle, user) -> QuerySet[Review]:
    """The reviews of ``cycle`` in ``user``'s HR scope that have an answer, by employee name, with their
    answers prefetched (none for a user who is not HR)."""
    return (
        hr_reviews(user=user)
        .filter(cycle=cycle)
        .filter(Exists(TalkAnswer.objects.filter(review=OuterRef("pk"))))
        .select_related("employee", "org_unit", "cycle")
        .prefetch_related(answers_prefetch())
        .order_by("employee__name", "id")
    )


def talk_report_rows(*, cycle: ReviewCycle, user, language: str = "nl") -> tuple[list[str], Iterator[list]]:
    """The header and, lazily, one row per answer of the record of ``talk_report_reviews`` in
    ``language`` ("nl" or "en"; the view answers 400 for another). A fixed number of queries per
    ``EXPORT_CHUNK`` reviews, whatever their number of answers. Dates are dates. Raises nothing."""

    def rows(review: Review) -> list[list]:
        return [
            [
                review.employee.employee_number,
                review.employee.name,
                review.org_unit.name,
                review.cycle.name,
                str(Talk(talk.talk).label),
                talk.occurrence,
                question.section,
                question.text,
                question.answered_by_label,
                answer.author,
                answer.value,
                _day(answer.shared_at),
                _day(answer.talk_recorded_at),
            ]
            for talk in talk_records(review=review, reader_id=None)
            for question in talk.questions
            for answer in question.answers
        ]

    reviews = talk_report_reviews(cycle=cycle, user=user).iterator(chunk_size=EXPORT_CHUNK)
    per_review = rows_in_language(language, reviews, rows)
    return HEADERS[language], (row for group in per_review for row in group)
