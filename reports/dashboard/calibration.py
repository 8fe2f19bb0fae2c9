"""Calibration: the overall ratings per unit and per manager beside the organisation's."""

from collections import defaultdict

from django.db.models import Count, Q

from people.selectors import org_unit_tree, roll_up
from reports.dashboard.base import SCORED, DashboardReviews


def calibration(*, scope: DashboardReviews) -> dict:
    """The distribution of submitted overall ratings over the cycle's rating scale.

    Returns ``{"scale": [{"value", "label", "meets_norm"}], "organisation": distribution,
    "org_units": [{"org_unit": id, "name", "parent": id | None, **distribution}] (rolled up the tree, by name),
    "managers": [{"manager": id, "name", **distribution, "deviation": mean minus the organisation's
    mean in scale points, or None}] (by name)}``, where a distribution is ``{"rated": int,
    "counts": {label: int}, "percent": {label: float}, "mean": float | None}``. Four queries.
    """
    scale = list(
        scope.cycle.rating_scale.options.order_by("value").values_list("value", "label", "meets_norm")
    )
    scored = scope.reviews.filter(SCORED)
    # One row per unit and per manager with a count per scale point (not a row per point): a fifth of the rows.
    values = [value for value, _label, _meets in scale]
    per_value = {
        f"at_{n}": Count("id", filter=Q(overall_rating__value=value)) for n, value in enumerate(values)
    }
    rated_per_unit = {
        unit_id: dict(zip(values, counts, strict=True))
        for unit_id, *counts in scored.values_list("org_unit_id").annotate(**per_value)
        if any(counts)  # ratings outside the cycle's scale (bad data) count nowhere
    }
    tree = org_unit_tree()
    manager_ratings, manager_names = {}, {}
    organisation = defaultdict(int)
    for manager_id, name, *counts in scored.values_list("manager_id", "manager__name").annotate(**per_value):
        if not any(counts):
            continue
        manager_names[manager_id] = name
        manager_ratings[manager_id] = dict(zip(values, counts, strict=True))
        for value, count in manager_ratings[manager_id].items():
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
    org_units = [
        {
            "org_unit": unit_id,
            "name": tree[unit_id].name,
            "parent": tree[unit_id].parent,
            **distribution(counts),
        }
        for unit_id, counts in roll_up(rated_per_unit, tree).items()
    ]
    managers = [
        {
            "manager": manager_id,
            "name": manager_names[manager_id],
            **own,
            "deviation": _deviation(own, org_distribution),
        }
        for manager_id, own in ((m, distribution(counts)) for m, counts in manager_ratings.items())
    ]
    return {
        "scale": [{"value": value, "label": label, "meets_norm": meets} for value, label, meets in scale],
        "organisation": org_distribution,
        "org_units": sorted(org_units, key=lambda row: row["name"]),
        "managers": sorted(managers, key=lambda row: row["name"]),
    }


def _deviation(own: dict, organisation: dict) -> float | None:
    """How much a rater's mean lies above (lenient) or below (harsh) the organisation's, in scale points."""
    if own["mean"] is None or organisation["mean"] is None:
        return None
    return round(own["mean"] - organisation["mean"], 2)
