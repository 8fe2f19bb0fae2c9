"""Work that waits: overdue reviews with who must act, and reviews waiting for HR."""

import datetime

from reports.dashboard.base import LISTED, DashboardReviews
from reviewcycle.models import Review
from reviewcycle.rules import Role
from reviewcycle.workflow import overdue_q, owner_of, owner_role_of


def _who(review: Review, role: Role | None) -> str:
    """The name of whoever acts next (``workflow.owner_of``): "HR" on HR's turn, the committee's group
    for the objection committee, "" when nobody is named."""
    if role == Role.HR:
        return "HR"
    if role == Role.COMMITTEE:
        committee = review.cycle.template_version.objection_committee
        return committee.name if committee is not None else ""
    owner = owner_of(review)
    return owner.name if owner else ""


def overdue_reviews(*, scope: DashboardReviews, today: datetime.date) -> list[dict]:
    """Open reviews whose next step was due before ``today`` (``overdue_q``), the oldest first.

    Returns ``[{"review": id, "employee": name, "org_unit": name, "state", "waiting_for": the role that
    acts next (``workflow.owner_role_of``: an objection is decided by whom its regeling says), "who":
    their name, "due_date": date, "days_overdue": int}]``, at most ``LISTED`` (``completion_by_manager``
    counts them all). One query: the cycle's regeling is joined, each of the reviews is of the same cycle.
    """
    listed = (
        scope.reviews.filter(overdue_q(today))
        .select_related(None)
        .select_related(
            "employee",
            "org_unit",
            "manager",
            "second_reviewer",
            "cycle__template_version__objection_committee",
        )
        .order_by("due_date", "id")[:LISTED]
    )
    rows = []
    for review in listed:
        role = owner_role_of(review)
        rows.append(
            {
                "review": review.pk,
                "employee": review.employee.name,
                "org_unit": review.org_unit.name,
                "state": review.state,
                "waiting_for": str(role) if role else "",
                "who": _who(review, role),
                "due_date": review.due_date,
                "days_overdue": (today - review.due_date).days,
            }
        )
    return rows


def waiting_for_hr(*, scope: DashboardReviews) -> list[dict]:
    """Reviews flagged for HR because their manager or second reviewer left, the longest waiting first.

    ``[{"review": id, "employee", "org_unit", "state", "reason": Review.Attention value, "reason_label",
    "since": datetime, "manager": name, "second_reviewer": name or ""}]``, at most ``LISTED``. One query.
    """
    rows = (
        scope.reviews.exclude(hr_attention="")
        .order_by("hr_attention_since", "id")
        .values_list(
            "id",
            "employee__name",
            "org_unit__name",
            "state",
            "hr_attention",
            "hr_attention_since",
            "manager__name",
            "second_reviewer__name",
        )[:LISTED]
    )
    return [
        {
            "review": review_id,
            "employee": employee,
            "org_unit": unit,
            "state": state,
            "reason": reason,
            "reason_label": str(Review.Attention(reason).label),
            "since": since,
            "manager": manager,
            "second_reviewer": second or "",
        }
        for review_id, employee, unit, state, reason, since, manager, second in rows
    ]
