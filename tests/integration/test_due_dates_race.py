"""HR moves a cycle's due dates while a manager or employee takes a step (PostgreSQL): the step's new due
date is the moved one, not the date the step read before the move committed."""

import datetime
import threading
import time

import pytest
from django.db import connections, transaction

from reviewcycle.models import Review
from reviewcycle.services import cycle_change_due_dates, review_sign_plan
from reviewcycle.workflow import due_date_for
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_step_taken_while_the_dates_move_gets_the_moved_date(postgresql, review, org, traveller):
    review = advance(review, org, "plan_signoff", traveller)
    moved = threading.Event()
    later = datetime.date(2026, 8, 1)

    def move():
        try:
            with transaction.atomic():
                cycle_change_due_dates(cycle=review.cycle, actor=org.hr, progress_due=later)
                moved.set()
                time.sleep(1)  # the step starts before this commits
        finally:
            moved.set()
            connections.close_all()

    mover = threading.Thread(target=move)
    mover.start()
    assert moved.wait(timeout=30)
    review_sign_plan(review=Review.objects.get(pk=review.pk), actor=org.employee.user, signature="agreed")
    mover.join(timeout=30)
    signed = Review.objects.select_related("cycle").get(pk=review.pk)
    assert signed.cycle.progress_due == later
    assert signed.due_date == due_date_for(signed) == later
