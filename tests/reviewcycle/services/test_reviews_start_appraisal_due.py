"""reviews_start_appraisal_due: the appraisal starts by itself only where the cycle asks and conditions hold."""

import datetime

import pytest
from django_celery_beat.models import PeriodicTask

from reviewcycle.models import Review, ReviewCycle
from reviewcycle.services import review_record_progress_talk
from reviewcycle.services.timed import reviews_start_appraisal_due
from reviewcycle.tasks import reviews_start_appraisal_due_task
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db


def test_appraisals_start_by_themselves_only_when_the_cycle_asks_and_conditions_hold(
    review, org, traveller, cycle
):
    review = advance(review, org, "in_progress", traveller)
    traveller.move_to(datetime.datetime(2026, 7, 20, 8, 0, tzinfo=datetime.UTC))
    assert reviews_start_appraisal_due() == 0  # not asked for
    ReviewCycle.objects.filter(pk=cycle.pk).update(auto_start_appraisal=True)
    assert reviews_start_appraisal_due() == 0  # no progress talk yet
    review_record_progress_talk(
        review=review, actor=org.manager.user, talk_date=datetime.date(2026, 7, 20), notes="Goed op weg"
    )
    assert reviews_start_appraisal_due_task() == 1
    review = Review.objects.get(pk=review.pk)
    assert review.state == "self_assessment"
    assert review.events.last().actor is None
    assert reviews_start_appraisal_due() == 0  # started once
    assert PeriodicTask.objects.filter(task="reviewcycle.tasks.reviews_start_appraisal_due_task").exists()


def test_not_before_the_progress_due_date(review, org, traveller, cycle):
    review = advance(review, org, "in_progress", traveller)
    ReviewCycle.objects.filter(pk=cycle.pk).update(auto_start_appraisal=True)
    traveller.move_to(datetime.datetime(2026, 6, 20, 8, 0, tzinfo=datetime.UTC))
    review_record_progress_talk(
        review=review, actor=org.manager.user, talk_date=datetime.date(2026, 6, 20), notes="Goed op weg"
    )
    assert reviews_start_appraisal_due() == 0  # progress talks are due on 1 July
    assert Review.objects.get(pk=review.pk).state == "in_progress"
