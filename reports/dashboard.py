"""The HR dashboard of a cycle, from database aggregates only: a fixed number of queries at any size.

Used by the dashboard page, ``GET /api/v1/cycles/{id}/dashboard/`` and the printable PDF.
"""

import datetime
from collections import defaultdict

from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from people.selectors import hr_org_units, hr_sees_whole_organisation, org_unit_tree, roll_up
from reviewcycle.models import CompetencyAssessment, Review, ReviewCycle, ReviewEvent
from reviewcycle.selectors import completion as unit_completion
from reviewcycle.selectors import cycle_completion, reviews_visible_to
from reviewcycle.workflow import PHASES, STATE_OWNER, overdue_q

OVERDUE_LISTED = 100
STATES = list(Review.State.values)  # once: the enum builds a new list on every access
PER_STATE = {f"in_{state}": Count("id", filter=Q(state=state)) for state in STATES}
SCORED = Q(scores_submitted_at__isnull=False, overall_rating__isnull=False)


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def cycle_dashboard(*, cycle: ReviewCycle, user, today: datetime.date | None = None) -> dict:
    """Completion, overdue work, burn-down, calibration and competency gaps over the reviews ``user`` sees."""
    today = today or timezone.localdate()
    reviews = reviews_visible_to(user=user).filter(cycle=cycle).order_by()
    everything = Review.objects.filter(cycle=cycle).order_by()
    # HR whose units hold every employee of the cycle sees every review of it: then the aggregates below
    # need not test visibility row by row (one check here instead of one in each; the same numbers).
    if (
        hr_sees_whole_organisation(user=user)
        or not everything.exclude(employee__org_unit__in=hr_org_units(user=user)).exists()  # none for non-HR
    ):
        reviews = everything

    # 1. Completion, as a whole and per unit (rolled up the tree): reviewcycle's one definition.
    completion = cycle_completion(reviews=reviews)
    states, total = completion["states"], completion["total"]
    units = org_unit_tree()

    # 3. Per manager.
    per_manager = defaultdict(lambda: {"states": defaultdict(int), "overdue": 0})
    rows = reviews.values_list("manager_id", "manager__name").annotate(
        late=Count("id", filter=overdue_q(today)), **PER_STATE
    )
    for manager_id, name, late, *counts in rows:
        entry = per_manager[manager_id]
        entry["name"] = name
        entry["overdue"] += late
        for state, count in zip(STATES, counts, strict=True):
            if count:
                entry["states"][state] += count
    by_manager = sorted(
        (
            {
                "manager": manager_id,
                "name": entry["name"],
                "overdue": entry["overdue"],
                **unit_completion(dict(entry["states"])),
            }
            for manager_id, entry in per_manager.items()
        ),
        key=lambda row: (-row["overdue"], row["name"]),
    )

    # 4. Overdue work: who must act, since when (the oldest first).
    late = reviews.filter(overdue_q(today))
    overdue_total = sum(row["overdue"] for row in by_manager)
    overdue = [
        {
            "review": review_id,
            "employee": employee,
            "org_unit": unit,
            "state": state,
            "waiting_for": str(STATE_OWNER[state]),
            "who": {"employee": employee, "manager": manager, "second_reviewer": second or ""}.get(
                str(STATE_OWNER[state]), "HR"
            ),
            "due_date": due,
            "days_overdue": (today - due).days,
        }
        for review_id, employee, unit, state, due, manager, second in late.order_by(
            "due_date", "id"
        ).values_list(
            "id",
            "employee__name",
            "org_unit__name",
            "state",
            "due_date",
            "manager__name",
            "second_reviewer__name",
        )[:OVERDUE_LISTED]
    ]

    # 4b. Reviews waiting for HR: their manager or second reviewer left (the oldest first).
    hr_attention = [
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
        for review_id, employee, unit, state, reason, since, manager, second in reviews.exclude(
            hr_attention=""
        )
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
        )[:OVERDUE_LISTED]
    ]

    # 5. Burn-down: reviews not yet done, per day since the cycle opened (entering done −1, leaving it +1).
    done_moves = (
        ReviewEvent.objects.filter(review__in=reviews.values("id"))
        .filter(Q(to_state__in=Review.DONE_STATES) | Q(from_state__in=Review.DONE_STATES))
        .exclude(Q(to_state__in=Review.DONE_STATES) & Q(from_state__in=Review.DONE_STATES))
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values_list("day")
        .annotate(
            net=Sum(
                Case(
                    When(to_state__in=Review.DONE_STATES, then=Value(1)),
                    default=Value(-1),
                    output_field=IntegerField(),
                )
            )
        )
        .order_by("day")
    )
    start = timezone.localtime(cycle.opened_at).date() if cycle.opened_at else today
    net_by_day = dict(done_moves)
    burndown, remaining, day = [], total, start
    done_before = sum(net for moved, net in net_by_day.items() if moved < start)
    remaining -= done_before
    last = min(today, cycle.period_end)  # the series never runs past the cycle's period, whatever "today" is
    while day <= last:
        remaining -= net_by_day.get(day, 0)
        burndown.append({"date": day, "not_done": remaining})
        day += datetime.timedelta(days=1)

    # 6. Calibration: overall ratings per unit and per manager beside the organisation's.
    scale = list(cycle.rating_scale.options.order_by("value").values_list("value", "label", "meets_norm"))
    scored = reviews.filter(SCORED)
    # One row per unit and per manager with a count per scale point (not a row per point): a fifth of the rows.
    values = [value for value, _label, _meets in scale]
    per_value = {
        f"at_{n}": Count("id", filter=Q(overall_rating__value=value)) for n, value in enumerate(values)
    }
    rated_per_unit = defaultdict(lambda: defaultdict(int))
    for unit_id, *counts in scored.values_list("org_unit_id").annotate(**per_value):
        for value, count in zip(values, counts, strict=True):
            if count:
                rated_per_unit[unit_id][value] += count
    unit_ratings = roll_up(rated_per_unit, units)
    manager_ratings = defaultdict(lambda: defaultdict(int))
    manager_names = {}
    for manager_id, name, *counts in scored.values_list("manager_id", "manager__name").annotate(**per_value):
        manager_names[manager_id] = name
        for value, count in zip(values, counts, strict=True):
            if count:
                manager_ratings[manager_id][value] += count
    organisation = defaultdict(int)
    for counts in manager_ratings.values():
        for value, count in counts.items():
            organisation[value] += count

    points = [(value, label) for value, label, _meets in scale]

    def distribution(counts: dict[int, int]) -> dict:  # made for every manager and unit: kept lean
        rated = sum(counts.values())
        shown = [(label, counts.get(value, 0)) for value, label in points]
        return {
            "rated": rated,
            "counts": dict(shown),
            "percent": {label: round(100 * n / rated, 1) if rated else 0.0 for label, n in shown},
            "mean": round(sum(value * n for value, n in counts.items()) / rated, 2) if rated else None,
        }

    org_distribution = distribution(organisation)
    calibration = {
        "scale": [{"value": value, "label": label, "meets_norm": meets} for value, label, meets in scale],
        "organisation": org_distribution,
        "org_units": sorted(
            (
                {"org_unit": unit_id, "name": units[unit_id].name, **distribution(counts)}
                for unit_id, counts in unit_ratings.items()
            ),
            key=lambda row: row["name"],
        ),
        "managers": sorted(
            (
                {
                    "manager": manager_id,
                    "name": manager_names[manager_id],
                    **own,
                    "deviation": _deviation(own, org_distribution),
                }
                for manager_id, own in ((m, distribution(counts)) for m, counts in manager_ratings.items())
            ),
            key=lambda row: row["name"],
        ),
    }

    # 7. Competency gap: per competency × role family, the share rated at or above the expected level.
    assessed = CompetencyAssessment.objects.filter(in_focus=True, rating__isnull=False)
    if reviews is everything:  # a join, which the database runs in half the time of the subquery
        assessed = assessed.filter(_through("review", SCORED), review__cycle=cycle)
    else:
        assessed = assessed.filter(review__in=scored.values("id"))
    gaps = (
        assessed.annotate(
            family=Coalesce("review__employee__role_type__family", "review__employee__job_profile__family")
        )
        .values_list("name", "family")
        .annotate(rated=Count("id"), at_level=Count("id", filter=Q(rating__meets_norm=True)))
        .order_by("name", "family")
    )
    competency_gap = [
        {
            "competency": name,
            "family": family or "—",
            "rated": rated,
            "at_or_above": at_level,
            "percent": _percent(at_level, rated),
        }
        for name, family, rated, at_level in gaps
    ]

    return {
        "cycle": {"id": cycle.pk, "name": cycle.name, "state": cycle.state},
        "today": today,
        **{key: value for key, value in completion.items() if key != "org_units"},
        "phases": [
            {
                "phase": key,
                "label": str(label),
                "count": sum(states.get(state, 0) for state in phase_states),
                "percent": _percent(sum(states.get(state, 0) for state in phase_states), total),
            }
            for key, label, phase_states in PHASES
        ],
        "org_units": completion["org_units"],
        "managers": by_manager,
        "overdue_total": overdue_total,
        "overdue": overdue,
        "hr_attention": hr_attention,
        "burndown": burndown,
        "calibration": calibration,
        "competency_gap": competency_gap,
    }


def _through(relation: str, condition: Q) -> Q:
    """A flat condition on a review, asked of a row that points at the review through ``relation``."""
    return Q(
        *((f"{relation}__{lookup}", value) for lookup, value in condition.children),
        _connector=condition.connector,
        _negated=condition.negated,
    )


def _deviation(own: dict, organisation: dict) -> float | None:
    """How much a rater's mean lies above (lenient) or below (harsh) the organisation's, in scale points."""
    if own["mean"] is None or organisation["mean"] is None:
        return None
    return round(own["mean"] - organisation["mean"], 2)
