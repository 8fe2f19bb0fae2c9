"""The demo's running cycle (``manage.py load_demo``)."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.dates import months_later
from frameworks.models import Framework, RatingScale
from frameworks.selectors import current_version
from frameworks.services import DEFAULT_RATING_SCALE_SLUG
from people.demo import DEMO_FRAMEWORK, HR_USERNAME, ORGANISATION
from people.models import OrgUnit
from reviewcycle.models import ReviewCycle
from reviewcycle.services import cycle_create, cycle_open


def demo_cycle_dates(today: datetime.date) -> dict:
    """A twelve-month cycle that starts this month, with its planning talks due in ten days.

    Whenever the demo is loaded it looks like a cycle that just opened: reminders are due
    at the first sweep, and the later phases lie months ahead in the right order.
    """
    start = today.replace(day=1)
    end = months_later(start, 12) - datetime.timedelta(days=1)
    return {
        # "Cyclus": a person's record is their gesprekscyclus (docs/glossary.md); "Gesprekscycli van
        # Gesprekscyclus 2026" read as nonsense on HR's pages.
        "name": f"Cyclus {start.year}" if start.month == 1 else f"Cyclus {start:%Y}-{end:%Y}",
        "period_start": start,
        "period_end": end,
        "planning_due": today + datetime.timedelta(days=10),
        "progress_due": months_later(start, 6),
        "self_assessment_due": months_later(start, 9),
        "scoring_due": months_later(start, 10),
        "appraisal_due": months_later(start, 11),
    }


@transaction.atomic
def load_demo_cycle() -> ReviewCycle | None:
    """Open the demo cycle once (None when the organisation already has one)."""
    demo_names = Q(name__startswith="Cyclus ") | Q(name__startswith="Gesprekscyclus ")  # and earlier releases
    if ReviewCycle.objects.filter(demo_names).exists():
        return None
    hr = get_user_model().objects.get(username=HR_USERNAME)
    cycle = cycle_create(
        actor=hr,
        scope=[OrgUnit.objects.get(name=ORGANISATION, parent=None)],
        framework_version=current_version(framework=Framework.objects.get(slug=DEMO_FRAMEWORK)),
        rating_scale=RatingScale.objects.get(slug=DEFAULT_RATING_SCALE_SLUG),
        **demo_cycle_dates(timezone.localdate()),
    )
    cycle_open(cycle=cycle, actor=hr)
    return cycle
