"""The HR dashboard of a cycle, from database aggregates only: a fixed number of queries at any size.

Used by the dashboard page, ``GET /api/v1/cycles/{id}/dashboard/`` and the printable PDF.
"""

import datetime
from collections import defaultdict

from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from people.models import OrgUnit
from reviewcycle.models import CompetencyAssessment, Review, ReviewCycle, ReviewEvent
from reviewcycle.selectors import reviews_visible_to
from reviewcycle.workflow import PHASES, STATE_OWNER, overdue_q

OVERDUE_LISTED = 100
SCORED = Q(scores_submitted_at__isnull=False, overall_rating__isnull=False)


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _completion(states: dict[str, int]) -> dict:
    total = sum(states.values())
    done = sum(states.get(state, 0) for state in Review.DONE_STATES)
    return {"total": total, "done": done, "percent_done": _percent(done, total), "states": states}


def cycle_dashboard(*, cycle: ReviewCycle, user, today: datetime.date | None = None) -> dict:
    """Completion, overdue work, burn-down, calibration and competency gaps over the reviews ``user`` sees."""
    today = today or timezone.localdate()
    reviews = reviews_visible_to(user=user).filter(cycle=cycle).order_by()

    # 1. States per unit: the base of completion per state, per phase, per unit (rolled up the tree).
    per_unit_state = defaultdict(lambda: defaultdict(int))
    states = defaultdict(int)
    for unit_id, state, count in reviews.values_list("org_unit_id", "state").annotate(n=Count("id")):
        per_unit_state[unit_id][state] += count
        states[state] += count
    total = sum(states.values())

    # 2. The organisation tree (names and parents), to roll counts up to every ancestor.
    units = {row[0]: row for row in OrgUnit.objects.values_list("id", "name", "parent_id")}
    rolled = defaultdict(lambda: defaultdict(int))
    for unit_id, counts in per_unit_state.items():
        seen, current = set(), unit_id
        while current is not None and current not in seen and current in units:
            seen.add(current)
            for state, count in counts.items():
                rolled[current][state] += count
            current = units[current][2]
    by_unit = sorted(
        (
            {
                "org_unit": unit_id,
                "name": units[unit_id][1],
                "parent": units[unit_id][2],
                **_completion(dict(counts)),
            }
            for unit_id, counts in rolled.items()
        ),
        key=lambda row: (-row["total"], row["name"]),
    )

    # 3. Per manager.
    per_manager = defaultdict(lambda: {"states": defaultdict(int), "overdue": 0})
    rows = reviews.values_list("manager_id", "manager__name", "state").annotate(
        n=Count("id"),
        late=Count("id", filter=overdue_q(today)),
    )
    for manager_id, name, state, count, late in rows:
        entry = per_manager[manager_id]
        entry["name"] = name
        entry["states"][state] += count
        entry["overdue"] += late
    by_manager = sorted(
        (
            {
                "manager": manager_id,
                "name": entry["name"],
                "overdue": entry["overdue"],
                **_completion(dict(entry["states"])),
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
    while day <= today:
        remaining -= net_by_day.get(day, 0)
        burndown.append({"date": day, "not_done": remaining})
        day += datetime.timedelta(days=1)

    # 6. Calibration: overall ratings per unit and per manager beside the organisation's.
    scale = list(cycle.rating_scale.options.order_by("value").values_list("value", "label", "meets_norm"))
    labels = {value: label for value, label, _meets in scale}
    scored = reviews.filter(SCORED)
    unit_ratings = defaultdict(lambda: defaultdict(int))
    for unit_id, value, count in scored.values_list("org_unit_id", "overall_rating__value").annotate(
        n=Count("id")
    ):
        seen, current = set(), unit_id
        while current is not None and current not in seen and current in units:
            seen.add(current)
            unit_ratings[current][value] += count
            current = units[current][2]
    manager_ratings = defaultdict(lambda: defaultdict(int))
    manager_names = {}
    for manager_id, name, value, count in scored.values_list(
        "manager_id", "manager__name", "overall_rating__value"
    ).annotate(n=Count("id")):
        manager_ratings[manager_id][value] += count
        manager_names[manager_id] = name
    organisation = defaultdict(int)
    for counts in manager_ratings.values():
        for value, count in counts.items():
            organisation[value] += count

    def distribution(counts: dict[int, int]) -> dict:
        rated = sum(counts.values())
        mean = sum(value * count for value, count in counts.items()) / rated if rated else None
        return {
            "rated": rated,
            "counts": {labels[value]: counts.get(value, 0) for value, _label, _meets in scale},
            "percent": {
                labels[value]: _percent(counts.get(value, 0), rated) for value, _label, _meets in scale
            },
            "mean": round(mean, 2) if mean is not None else None,
        }

    org_distribution = distribution(organisation)
    calibration = {
        "scale": [{"value": value, "label": label, "meets_norm": meets} for value, label, meets in scale],
        "organisation": org_distribution,
        "org_units": sorted(
            (
                {"org_unit": unit_id, "name": units[unit_id][1], **distribution(counts)}
                for unit_id, counts in unit_ratings.items()
            ),
            key=lambda row: row["name"],
        ),
        "managers": sorted(
            (
                {
                    "manager": manager_id,
                    "name": manager_names[manager_id],
                    **distribution(counts),
                    "deviation": _deviation(distribution(counts), org_distribution),
                }
                for manager_id, counts in manager_ratings.items()
            ),
            key=lambda row: row["name"],
        ),
    }

    # 7. Competency gap: per competency × role family, the share rated at or above the expected level.
    gaps = (
        CompetencyAssessment.objects.filter(
            review__in=scored.values("id"), in_focus=True, rating__isnull=False
        )
        .annotate(
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
        "total": total,
        **{key: value for key, value in _completion(dict(states)).items() if key != "total"},
        "states": {state: states.get(state, 0) for state in Review.State.values},
        "phases": [
            {
                "phase": key,
                "label": str(label),
                "count": sum(states.get(state, 0) for state in phase_states),
                "percent": _percent(sum(states.get(state, 0) for state in phase_states), total),
            }
            for key, label, phase_states in PHASES
        ],
        "org_units": by_unit,
        "managers": by_manager,
        "overdue_total": overdue_total,
        "overdue": overdue,
        "burndown": burndown,
        "calibration": calibration,
        "competency_gap": competency_gap,
    }


def _deviation(own: dict, organisation: dict) -> float | None:
    """How much a rater's mean lies above (lenient) or below (harsh) the organisation's, in scale points."""
    if own["mean"] is None or organisation["mean"] is None:
        return None
    return round(own["mean"] - organisation["mean"], 2)
