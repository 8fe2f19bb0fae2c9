"""Next year's cycle: a copy of a cycle's settings a year later (``cycle_copy``)."""

import datetime
import re

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from frameworks.selectors import current_version
from reviewcycle.models import CYCLE_SETTINGS, ReviewCycle
from reviewcycle.services.cycles import cycle_create
from reviewcycle.shapes.services import current_template_version


def _a_year_later(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _next_years_name(cycle: ReviewCycle) -> str:
    years = {cycle.period_start.year, cycle.period_end.year}
    name = re.sub(
        r"\b(\d{4})\b",
        lambda match: str(int(match[1]) + 1) if int(match[1]) in years else match[1],
        cycle.name,
    )
    if name == cycle.name:
        return _("%(name)s (copy)") % {"name": cycle.name}
    return name


@transaction.atomic
def cycle_copy(*, cycle: ReviewCycle, actor: User | None) -> ReviewCycle:
    """A draft for the next year with ``cycle``'s settings, scope, rating scale and reminder policy:
    the period and every due date a year later, the year in the name too (or "(copy)" after it), and the
    newest published version of the same framework (the same version when none is newer).

    Raises ``PermissionDenied`` (403) for anyone but HR of every unit in scope and ``ValidationError``
    (400) as ``cycle_create`` does.
    """
    settings = {name: getattr(cycle, name) for name in CYCLE_SETTINGS if name != "scope"}
    for name, value in settings.items():
        if isinstance(value, datetime.date):
            settings[name] = _a_year_later(value)
    newest = current_version(framework=cycle.framework_version.framework)
    if newest is not None and newest.number > cycle.framework_version.number:
        settings["framework_version"] = newest
    settings["template_version"] = current_template_version(cycle.template_version.template)
    settings["name"] = _next_years_name(cycle)
    return cycle_create(actor=actor, scope=list(cycle.scope.all()), copied_from=cycle, **settings)
