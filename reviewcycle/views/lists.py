"""Work lists: my cycle, my team, the second reviewer's queue (HR's lists: ``hr_lists``)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from people.selectors import is_hr
from reviewcycle import talk_reports
from reviewcycle.informants.asked import own_requests
from reviewcycle.models import CycleTemplateVersion, InformantRequest, Review
from reviewcycle.next_steps import next_step_for
from reviewcycle.rules import Role
from reviewcycle.selectors import reviews_visible_to
from reviewcycle.views.common import open_reviews, review_rows
from reviewcycle.views.filtering import PAGE_SIZE, filter_reviews
from reviewcycle.workflow import (
    is_overdue,
    owner_role_of,
    phase_timeline,
    state_label,
)

# The second reviewer's turn: to finalise, or to decide an objection where the regeling says they decide.
SECOND_REVIEWER_TURN = Q(state=Review.State.SECOND_REVIEW) | Q(
    state=Review.State.OBJECTION,
    cycle__template_version__objection_route=CycleTemplateVersion.ObjectionRoute.SECOND_REVIEWER,
)
TEAM_FILTERS = ["search", "phase", "overdue"]


@login_required
def home(request):
    """Mijn gesprekscyclus: the current review, what is expected now, earlier years; links by role."""
    visible = reviews_visible_to(user=request.user)
    own = list(visible.filter(employee__user=request.user).order_by("-cycle__period_start", "-id"))
    current = next((review for review in own if review.is_open), own[0] if own else None)
    context = {
        "current": current,
        "current_state": state_label(current) if current else "",  # a talk's state named as the regeling does
        "timeline": phase_timeline(current) if current else [],
        # Read by the employee: their own step, or who does what by when.
        "next_action": next_step_for(current, Role.EMPLOYEE, after_colon=True) if current else None,
        "my_turn": current is not None and owner_role_of(current) == Role.EMPLOYEE,
        "overdue": current is not None and is_overdue(current),
        # A to-do beside the step: the talks' reports waiting for the employee's signature voor gezien.
        "reports_to_sign": talk_reports.reports_to_sign(current)
        if current is not None and current.state == Review.State.IN_PROGRESS
        else [],
        "earlier": [review for review in own if review is not current],
        "team_count": open_reviews(visible.filter(manager__user=request.user)).count(),
        "queue_count": visible.filter(second_reviewer__user=request.user)
        .filter(SECOND_REVIEWER_TURN)
        .count(),
        "is_hr": is_hr(user=request.user),
        # Input asked of them on others' reviews (informant), still open: the first due first.
        "input_asked": list(
            own_requests(user=request.user).filter(
                status=InformantRequest.Status.REQUESTED, due_date__gte=timezone.localdate()
            )
        ),
    }
    return render(request, "reviewcycle/home.html", context)


@login_required
def team(request):
    """Mijn team: per report and cycle the phase, whose turn it is, the next due date and an overdue
    marker; filtered by name, phase or overdue."""
    reviews = open_reviews(reviews_visible_to(user=request.user).filter(manager__user=request.user))
    listed = filter_reviews(request, reviews, fields=TEAM_FILTERS)
    page = listed.page(request)
    return render(
        request,
        "reviewcycle/team.html",
        {"filters": listed, "page": page, "rows": review_rows(page.object_list, reader=Role.MANAGER)},
    )


@login_required
def second_review_queue(request):
    """The appraisals waiting for this second reviewer to finalise, the objections theirs to decide (the
    regeling's route, ``rules.objection_decider_role``), and every review they are second
    reviewer of, in any state."""
    mine = reviews_visible_to(user=request.user).filter(second_reviewer__user=request.user)
    waiting = mine.filter(SECOND_REVIEWER_TURN).order_by("due_date", "id")
    page = Paginator(mine.order_by("-cycle__period_start", "employee__name", "id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "reviewcycle/queue.html",
        {
            "rows": review_rows(waiting[:PAGE_SIZE], reader=Role.SECOND_REVIEWER),
            "waiting_count": waiting.count(),
            "page": page,
            "all_rows": review_rows(page.object_list, reader=Role.SECOND_REVIEWER),
        },
    )
