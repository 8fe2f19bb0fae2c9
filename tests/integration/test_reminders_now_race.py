"""Reminders on demand clicked at the same moment, on PostgreSQL: by HR and by the manager, and twice
by HR (a double click): whoever must act is reminded once, and the history says so once."""

import datetime
import threading

import pytest
from django.db import connections

from notifications.models import Notification
from notifications.services import send_reminders_now
from reviewcycle.models import Review, ReviewEvent
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("who", [("hr", "manager"), ("hr", "hr")])
def test_two_reminders_on_demand_at_once_arrive_once(postgresql, review, org, traveller, who):
    review = advance(review, org, "plan_signoff", traveller)  # Eva's turn: both may remind her
    traveller.move_to(datetime.datetime(2026, 3, 5, 9, 0, tzinfo=datetime.UTC))
    actors = {"hr": org.hr, "manager": org.manager.user}
    barrier = threading.Barrier(2)
    sent = []

    def remind(actor):
        try:
            barrier.wait(timeout=30)
            sent.append(send_reminders_now(reviews=Review.objects.filter(pk=review.pk), actor=actor))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=remind, args=(actors[name],)) for name in who]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(sent) == [0, 1]
    in_app = Notification.objects.filter(review=review, channel="in_app", kind__in=["reminder", "overdue"])
    assert list(in_app.values_list("recipient", flat=True)) == [org.employee.user.pk]
    assert ReviewEvent.objects.filter(review=review, transition="send_reminder").count() == 1
