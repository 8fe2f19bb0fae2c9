"""The advice on the contract of a cycle on a regeling with one (``has_advice``: probation and temporary
contracts): how many of each, and the reviews with one, for HR to act on."""

from django.db.models import Count, Q

from reports.dashboard.base import LISTED, DashboardReviews
from reviewcycle.models import Review

# An advice stands once the closing talk is recorded; back at the closing talk (HR reopened the
# evaluation) it is the earlier round's until the talk is recorded again (``reviewcycle.record.advice``).
GIVEN = ~Q(contract_advice="") & ~Q(state=Review.State.APPRAISAL_TALK)


def contract_advice(*, scope: DashboardReviews) -> dict:
    """``{"counts": {advice value: number} for every ``Review.ContractAdvice``, "total": number with an
    advice, "reviews": [{"review": id, "employee", "org_unit", "manager", "advice": value, "advice_label",
    "explanation", "talk_date"}]}``, the latest evaluations first, at most ``LISTED``. Two queries."""
    given = scope.reviews.filter(GIVEN)
    counted = dict(given.values_list("contract_advice").annotate(number=Count("id")).order_by())
    rows = given.order_by("-appraisal_talk_date", "-id").values_list(
        "id",
        "employee__name",
        "org_unit__name",
        "manager__name",
        "contract_advice",
        "contract_advice_explanation",
        "appraisal_talk_date",
    )[:LISTED]
    return {
        "counts": {value: counted.get(value, 0) for value in Review.ContractAdvice.values},
        "total": sum(counted.values()),
        "reviews": [
            {
                "review": review_id,
                "employee": employee,
                "org_unit": unit,
                "manager": manager,
                "advice": advice,
                "advice_label": str(Review.ContractAdvice(advice).label),
                "explanation": explanation,
                "talk_date": talk_date,
            }
            for review_id, employee, unit, manager, advice, explanation, talk_date in rows
        ],
    }
