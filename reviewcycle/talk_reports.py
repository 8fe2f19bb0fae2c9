"""The reports of the talks, signed *voor gezien* by the employee: the one rule for a regeling that asks
for it (``CycleTemplateVersion.talk_reports_signed``, *Goede gesprekken*: "van elk gesprek een kort
verslag dat de medewerker voor gezien tekent").

The planning talk's report is the plan, which the employee signs already (``sign_plan``); each progress
talk's report (its notes and the talk form's report answers) is signed by ``review_acknowledge_talk``.
The employee cannot hold up the cycle: each report has the cycle's response term
(``ReviewCycle.response_term_days``, counted from the day the talk was recorded), and the manager may
complete the cycle of talks once every report is signed or its term has passed
(``conditions.TALK_REPORTS_SIGNED_OR_TERM_OVER``); a report left unsigned stays so in the record.

Read by the conditions, the record (page, API, PDF), the work lists and the notifications; query-free
when the review's ``progress_talks`` are prefetched. Imports no models (the conditions load with them).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from core import dates


@dataclass(frozen=True)
class TalkReport:
    """One progress talk's report and its signature, the ``occurrence``-th talk recorded (as the talk
    form's answers count them)."""

    id: int
    occurrence: int
    talk_date: date
    sign_by: date  # the last day of its response term
    acknowledged_at: datetime | None
    acknowledged_by_id: int | None

    @property
    def signed(self) -> bool:
        return self.acknowledged_at is not None

    @property
    def term_open(self) -> bool:
        """Whether the employee's term to sign it still runs (today included)."""
        return dates.today() <= self.sign_by


def signs_reports(review) -> bool:
    """Whether ``review``'s regeling has the employee sign each talk's report."""
    return review.cycle.template_version.talk_reports_signed


def talk_reports(review) -> list[TalkReport]:
    """Every progress talk of ``review`` as a report to sign, in the order they were recorded (empty on a
    regeling whose reports are not signed)."""
    if not signs_reports(review):
        return []
    term = timedelta(days=review.cycle.response_term_days)
    talks = sorted(review.progress_talks.all(), key=lambda talk: talk.pk)
    return [
        TalkReport(
            id=talk.pk,
            occurrence=occurrence,
            talk_date=talk.talk_date,
            sign_by=timezone.localtime(talk.created_at).date() + term,
            acknowledged_at=talk.acknowledged_at,
            acknowledged_by_id=talk.acknowledged_by_id,
        )
        for occurrence, talk in enumerate(talks, start=1)
    ]


def reports_to_sign(review) -> list[TalkReport]:
    """The reports the employee has not signed yet (whether or not their term still runs)."""
    return [report for report in talk_reports(review) if not report.signed]


def reports_holding_up(review) -> list[TalkReport]:
    """The unsigned reports whose term still runs: until they are signed or the term ends, the cycle of
    talks waits for them."""
    return [report for report in reports_to_sign(review) if report.term_open]
