"""HR's work lists: every review of a cycle, and the register of objections."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst

from people.selectors import hr_org_units, is_hr
from reviewcycle.filters import filters_for_shape
from reviewcycle.models import ReviewCycle
from reviewcycle.record import shape_of_version
from reviewcycle.rules import Role
from reviewcycle.selectors import cycle_for_hr, cycles_visible_to, hr_reviews, objection_register
from reviewcycle.views.common import require_hr, review_rows
from reviewcycle.views.filtering import filter_reviews
from reviewcycle.workflow import ObjectionStatus, objection_decision_due, objection_status

OPEN_OR_DECIDED = (ObjectionStatus.OPEN, ObjectionStatus.DECIDED)

REVIEW_LIST_FILTERS = [
    "search",
    "org_unit",
    "manager_search",
    "state",
    "phase",
    "overdue",
    "rating",
    "signed",
    "objection",
    "sort",
]


@login_required
def cycle_reviews(request, pk):
    """All reviews of a cycle in HR's scope: search, filters, sorting, 50 a page; the export link carries
    the same filters."""
    try:
        cycle = cycle_for_hr(user=request.user, pk=pk)
    except ReviewCycle.DoesNotExist:
        raise Http404 from None
    reviews = hr_reviews(user=request.user).filter(cycle=cycle).order_by("employee__name", "id")
    version = cycle.template_version
    fields, options = filters_for_shape(REVIEW_LIST_FILTERS, version)
    if "rating" in fields:
        # A scale's labels are written for use in a sentence ("goed"); an option in a list starts with a capital.
        options["rating"] = [
            (value, capfirst(label))
            for value, label in cycle.rating_scale.options.order_by("value").values_list("value", "label")
        ]
    listed = filter_reviews(
        request,
        reviews,
        fields=fields,
        options=options,
        searched={"org_unit": (reverse("api:org-unit-search"), hr_org_units(user=request.user))},
    )
    page = listed.page(request)
    export_query = listed.query.copy()
    export_query["cycle"] = str(cycle.pk)
    export_query["role"] = "hr"  # the export reads every visible review: only those of this list
    context = {
        "cycle": cycle,
        "regeling": version,
        "shape": shape_of_version(version),
        "filters": listed,
        "page": page,
        "rows": review_rows(page.object_list, reader=Role.HR, user=request.user),
        "export_query": export_query.urlencode(),
        # HR never handles their own review (rules.is_hr_for): the list leaves it out, the dashboard counts it.
        "own_left_out": cycle.reviews.filter(employee__user=request.user).exists(),
    }
    return render(request, "reviewcycle/hr_reviews.html", context)


@login_required
def latest_cycle_reviews(request):
    """The header's "Reviews": the review list of HR's latest open cycle (else their latest cycle; with
    no cycle at all, the list of cycles)."""
    require_hr(request)
    cycle = (
        cycles_visible_to(user=request.user)
        # Annotated, not an expression in ORDER BY: the query is DISTINCT (PostgreSQL refuses that).
        .annotate(open_first=Case(When(state=ReviewCycle.State.OPEN, then=0), default=1))
        .order_by("open_first", "-period_start", "-id")
        .first()
    )
    if cycle is None:
        return redirect("reports:cycles")
    return redirect("reviewcycle:cycle-reviews", pk=cycle.pk)


@login_required
def objection_list(request):
    """The register of objections in HR's scope, open and decided, the latest lodged first; for a second
    reviewer or committee member, the objections the regeling gives them to decide (``objection_register``)."""
    register = objection_register(user=request.user)
    if not is_hr(user=request.user) and not register.exists():
        raise PermissionDenied
    listed = filter_reviews(
        request,
        register,
        fields=["objection", "search"],
        options={"objection": [(key, ObjectionStatus.LABEL[key]) for key in OPEN_OR_DECIDED]},
    )
    page = listed.page(request)
    rows = review_rows(page.object_list, reader=Role.HR)
    for row in rows:
        row["decision_due"] = objection_decision_due(row["review"])
        row["objection_decided"] = objection_status(row["review"]) == ObjectionStatus.DECIDED
    context = {"filters": listed, "page": page, "rows": rows, "export_query": listed.query.urlencode()}
    return render(request, "reviewcycle/objections.html", context)
