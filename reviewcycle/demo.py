"""The demo's running cycle (``manage.py load_demo``)."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from frameworks.models import Framework, RatingScale
from frameworks.selectors import current_version
from frameworks.services import DEFAULT_RATING_SCALE_SLUG
from people.demo import DEMO_FRAMEWORK, HR_USERNAME, ORGANISATION
from people.models import OrgUnit
from reviewcycle.models import ReviewCycle
from reviewcycle.services import cycle_create, cycle_open


def demo_cycle_year(today: datetime.date) -> int:
    """From October on, HR prepares next year's cycle; before that the current year runs."""
    return today.year + 1 if today.month >= 10 else today.year


@transaction.atomic
def load_demo_cycle() -> ReviewCycle | None:
    """Open the demo cycle once (None when it exists)."""
    year = demo_cycle_year(timezone.localdate())
    name = f"Gesprekscyclus {year}"
    if ReviewCycle.objects.filter(name=name).exists():
        return None
    hr = get_user_model().objects.get(username=HR_USERNAME)
    cycle = cycle_create(
        actor=hr,
        name=name,
        scope=[OrgUnit.objects.get(name=ORGANISATION, parent=None)],
        framework_version=current_version(framework=Framework.objects.get(slug=DEMO_FRAMEWORK)),
        rating_scale=RatingScale.objects.get(slug=DEFAULT_RATING_SCALE_SLUG),
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        planning_due=datetime.date(year, 3, 1),
        progress_due=datetime.date(year, 7, 1),
        self_assessment_due=datetime.date(year, 10, 1),
        scoring_due=datetime.date(year, 11, 1),
        appraisal_due=datetime.date(year, 12, 1),
    )
    cycle_open(cycle=cycle, actor=hr)
    return cycle
