"""Concurrent transitions on one review, on PostgreSQL: exactly one wins, the others get a clear refusal."""

import threading

import pytest
from django.db import DatabaseError, connection, connections, transaction
from django.utils import translation
from django_fsm import TransitionNotAllowed

from reviewcycle.models import Review, ReviewEvent
from reviewcycle.services import review_submit_scores
from tests.reviewcycle.helpers import advance, fully_mark

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("attempts", [2, 20])
def test_concurrent_submit_scores_exactly_one_wins(postgresql, review, org, traveller, attempts):
    review = advance(review, org, "scoring", traveller)
    fully_mark(review, org.manager.user)
    barrier = threading.Barrier(attempts)
    outcomes = []

    def attempt():
        try:
            barrier.wait(timeout=30)
            with translation.override("en"):  # a new thread starts in the default language, Dutch
                review_submit_scores(review=Review.objects.get(pk=review.pk), actor=org.manager.user)
            outcomes.append("won")
        except TransitionNotAllowed as refusal:
            outcomes.append(str(refusal))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes.count("won") == 1
    assert outcomes.count("This step is not possible now: the review is at “Appraisal talk”.") == attempts - 1
    assert ReviewEvent.objects.filter(review=review, transition="submit_scores").count() == 1
    assert Review.objects.get(pk=review.pk).state == "appraisal_talk"


def test_the_database_refuses_to_change_or_delete_audit_rows(postgresql, review):
    event = ReviewEvent.objects.filter(review=review).first()
    for statement in (
        f"UPDATE reviewcycle_reviewevent SET transition = 'forged' WHERE id = {event.pk}",
        f"DELETE FROM reviewcycle_reviewevent WHERE id = {event.pk}",
    ):
        with (
            pytest.raises(DatabaseError, match=r"cannot be changed or deleted|permission denied"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    assert ReviewEvent.objects.get(pk=event.pk).transition == "open"
