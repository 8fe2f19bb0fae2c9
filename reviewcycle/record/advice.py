"""The closing talk's advice on the contract as a reader sees it (part of ``record.view.ReviewRecord``).

On a regeling with an advice (``CycleTemplateVersion.has_advice``: probation and temporary contracts) the
manager gives it when recording the closing talk (``services.review_record_appraisal_talk``). It is part
of that talk's record, as its summary is: everyone involved (the employee, the manager, HR) sees it from
the moment the talk is recorded, and nobody before. After a round closed (HR reopened the evaluation) the
advice held is the earlier round's until the talk is recorded again; the earlier one stays in the
talk's event.
"""

from dataclasses import dataclass

from reviewcycle.models import Review, ReviewEvent
from reviewcycle.record.rounds import since_last_round


@dataclass(frozen=True)
class AdviceRecord:
    value: str  # a ``Review.ContractAdvice`` value
    explanation: str

    @property
    def label(self) -> str:
        return str(Review.ContractAdvice(self.value).label)


def advice_of(review: Review) -> AdviceRecord | None:
    """``review``'s advice on the contract as it stands; None where its regeling has none, before the
    closing talk is recorded, and after a round closed until it is recorded again. Query-free when the
    review's events and its cycle's regeling are loaded."""
    if not review.contract_advice or not review.cycle.template_version.has_advice:
        return None
    since = since_last_round(review)
    if since is not None and ReviewEvent.Kind.APPRAISAL_TALK_RECORDED not in since:
        return None
    return AdviceRecord(value=review.contract_advice, explanation=review.contract_advice_explanation)
