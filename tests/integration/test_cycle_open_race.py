"""Two HR people open two cycles that cover the same people for the same period at the same moment,
on PostgreSQL: one opens, the other is refused naming the people (never two open cycles for one person)."""

import threading
import time

import pytest
from django.db import connections, transaction
from django.utils import translation
from django_fsm import TransitionNotAllowed

from frameworks.models import Framework, RatingScale
from frameworks.selectors import current_version
from reviewcycle.models import Review, ReviewCycle
from reviewcycle.services import cycle_create, cycle_open
from tests.reviewcycle.fixtures import cycle_fields

pytestmark = pytest.mark.django_db(transaction=True)


def draft(org, name):
    return cycle_create(
        actor=org.hr,
        scope=[org.team],
        framework_version=current_version(framework=Framework.objects.get(slug="kempen-competenties")),
        rating_scale=RatingScale.objects.get(slug="vijfpuntsschaal"),
        **cycle_fields(name=name),
    )


def test_opening_two_overlapping_cycles_at_once_opens_one(postgresql, org):
    first, second = draft(org, "Cyclus A"), draft(org, "Cyclus B")
    first_opened = threading.Event()
    outcomes = {}

    def open_first():
        try:
            with translation.override("en"), transaction.atomic():
                cycle_open(cycle=first, actor=org.hr)
                first_opened.set()
                time.sleep(1.5)  # still uncommitted while the other HR person opens theirs
            outcomes["first"] = "opened"
        finally:
            first_opened.set()
            connections.close_all()

    def open_second():
        try:
            first_opened.wait(timeout=30)
            with translation.override("en"):
                cycle_open(cycle=second, actor=org.hr)
            outcomes["second"] = "opened"
        except TransitionNotAllowed as refusal:
            outcomes["second"] = str(refusal)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=open_first), threading.Thread(target=open_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes["first"] == "opened"
    assert "already have a review in another open cycle for the same period" in outcomes["second"]
    assert "Eva Employee" in outcomes["second"]
    assert ReviewCycle.objects.get(pk=second.pk).state == ReviewCycle.State.DRAFT
    assert Review.objects.filter(employee=org.employee).count() == 1
