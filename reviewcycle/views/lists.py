"""Work lists: my cycle, my team, the second reviewer's queue, HR's objections."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render

from people.selectors import is_hr
from reviewcycle import rules
from reviewcycle.models import Review
from reviewcycle.selectors import reviews_visible_to
from reviewcycle.views.common import open_reviews, require_hr, review_rows
from reviewcycle.workflow import (
    NEXT_ACTION,
    STATE_OWNER,
    phase_timeline,
)


@login_required
def home(request):
    """Mijn gesprekscyclus: the current review, what is expected now, earlier years; links by role."""
    visible = reviews_visible_to(user=request.user)
    own = list(visible.filter(employee__user=request.user).order_by("-cycle__period_start", "-id"))
    current = next((review for review in own if review.is_open), own[0] if own else None)
    context = {
        "current": current,
        "timeline": phase_timeline(current) if current else [],
        "next_action": NEXT_ACTION.get(current.state) if current else None,
        "my_turn": current is not None and STATE_OWNER.get(current.state) == "employee",
        "earlier": [review for review in own if review is not current],
        "team_count": open_reviews(visible.filter(manager__user=request.user)).count(),
        "queue_count": visible.filter(
            second_reviewer__user=request.user, state=Review.State.SECOND_REVIEW
        ).count(),
        "is_hr": is_hr(user=request.user),
    }
    return render(request, "reviewcycle/home.html", context)


@login_required
def team(request):
    """Mijn team: every report's phase, next due date, overdue flag and the one next action."""
    reviews = open_reviews(reviews_visible_to(user=request.user).filter(manager__user=request.user))
    return render(request, "reviewcycle/team.html", {"rows": review_rows(reviews)})


@login_required
def second_review_queue(request):
    reviews = reviews_visible_to(user=request.user).filter(
        Q(second_reviewer__user=request.user), state=Review.State.SECOND_REVIEW
    )
    return render(
        request, "reviewcycle/queue.html", {"rows": review_rows(reviews.order_by("due_date", "id"))}
    )


@login_required
def objection_queue(request):
    """Objections waiting for HR's decision, the oldest first."""
    require_hr(request)
    reviews = (
        reviews_visible_to(user=request.user)
        .filter(state=Review.State.OBJECTION)
        .select_related("employee", "manager", "cycle")
    )
    rows = [
        row
        for row in review_rows(reviews.order_by("objected_at", "id"))
        if rules.is_hr_without_own_role(row["review"], request.user)
    ]
    return render(request, "reviewcycle/objections.html", {"rows": rows})
