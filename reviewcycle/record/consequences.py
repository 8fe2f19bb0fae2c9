"""The consequences of the appraisal as a reader sees them (part of ``record.view.ReviewRecord``).

They are the manager's judgement, as the overall rating is: a reader sees them exactly when they see
the manager's scores (``rules.can_see_manager_scores``), so the employee sees them once the scores are
submitted, not while the review is back in scoring.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from reviewcycle.models import ConsequenceKind, ConsequenceProposal, Review

STATUS_LABEL = {
    "proposed": _("Proposed by the manager"),
    "changed": _("Changed on the objection"),
    "confirmed": _("Confirmed with the finalisation"),
}


@dataclass(frozen=True)
class ConsequenceRecord:
    kind: str  # a ``ConsequenceKind`` value
    amount: Decimal | None  # a one-off bonus's, in euros
    note: str

    @property
    def label(self) -> str:
        return str(ConsequenceKind(self.kind).label)


@dataclass(frozen=True)
class ConsequencesRecord:
    items: tuple[ConsequenceRecord, ...]
    reason: str  # why they differ from the regeling's default (or the objection decision's reasons)
    status: str  # "proposed", "changed" (on an upheld objection) or "confirmed" (the review is final)
    effective_date: date | None  # once confirmed: the first day of the month after the finalisation

    @property
    def status_label(self) -> str:
        return str(STATUS_LABEL[self.status])


def consequences_of(review: Review) -> ConsequencesRecord | None:
    """``review``'s consequences as they stand (None when none were proposed). Query-free when loaded by
    ``selectors.with_record``."""
    try:
        proposal = review.consequence_proposal
    except ConsequenceProposal.DoesNotExist:
        return None
    if proposal is None:
        return None
    confirmed = proposal.confirmed_at is not None and review.state == Review.State.FINAL
    if confirmed:
        status = "confirmed"
    elif proposal.source == ConsequenceProposal.Source.OBJECTION:
        status = "changed"
    else:
        status = "proposed"
    order = {kind: index for index, kind in enumerate(ConsequenceKind.values)}
    items = sorted(proposal.items.all(), key=lambda item: order[item.kind])
    return ConsequencesRecord(
        items=tuple(ConsequenceRecord(item.kind, item.amount, item.note) for item in items),
        reason=proposal.reason,
        status=status,
        effective_date=proposal.effective_date if confirmed else None,
    )
