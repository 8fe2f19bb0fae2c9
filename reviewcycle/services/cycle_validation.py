"""A cycle's settings judged as a whole, the same for creating, changing and copying a draft and for
moving an open cycle's dates."""

import itertools

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from reviewcycle.models import DUE_DATE_FIELDS, ReviewCycle

# A cycle's dates lie in these years (a typing error such as 0026 or 9999 is refused, and next
# year's copy always exists); its period lasts at most three years.
FIRST_YEAR, LAST_YEAR = 2000, 2998
MAX_PERIOD_DAYS = 3 * 366
CYCLE_DATES = ("period_start", "period_end", *DUE_DATE_FIELDS)


def validate_cycle(cycle: ReviewCycle) -> None:
    """A cycle's settings as a whole: dates in range and in the phases' order, weights adding up to 100,
    then the model's own checks. Raises ``ValidationError`` (400, by field)."""
    errors = {}
    for name in CYCLE_DATES:
        day = getattr(cycle, name)
        if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
            errors[name] = _("Give a date in the years %(first)s to %(last)s.") % {
                "first": FIRST_YEAR,
                "last": LAST_YEAR,
            }
    if cycle.period_end <= cycle.period_start:
        errors["period_end"] = _("The period must end after it starts.")
    elif (cycle.period_end - cycle.period_start).days > MAX_PERIOD_DAYS and "period_start" not in errors:
        errors["period_end"] = _("A cycle's period lasts at most three years.")
    dates = [(name, getattr(cycle, name)) for name in DUE_DATE_FIELDS]
    for (_earlier, first), (later, second) in itertools.pairwise(dates):
        if first and second and second < first:
            errors[later] = _(
                "The phase dates must follow each other: planning, progress, self-assessment, "
                "scoring, appraisal."
            )
    version = cycle.template_version if cycle.template_version_id else None
    if version is not None and version.status != version.Status.PUBLISHED:
        errors["template_version"] = _("Choose a published version of the regeling.")
    if cycle.goal_weight + cycle.competency_weight != 100:
        errors["competency_weight"] = _("The weights of goals and competencies must add up to 100.")
    if errors:
        raise ValidationError(errors)
    cycle.full_clean(exclude=["scope", "state"], validate_constraints=False)
