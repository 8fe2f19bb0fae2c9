"""``review_reassign_manager`` records who was manager and second reviewer before and after."""

import pytest

from reviewcycle.models import ReviewEvent
from reviewcycle.services import review_reassign_manager

pytestmark = pytest.mark.django_db


def test_another_manager_is_audited_with_the_old_and_the_new(review, org):
    review_reassign_manager(review=review, actor=org.hr, manager=org.other_manager, reason="Reorganisatie")
    event = review.events.last()
    assert (event.kind, event.actor) == (ReviewEvent.Kind.MANAGER_REASSIGNED, org.hr)
    assert event.old_value == {"manager": org.manager.pk, "second_reviewer": org.director.pk}
    assert event.new_value == {"manager": org.other_manager.pk, "second_reviewer": org.director.pk}
    assert event.payload == {"reason": "Reorganisatie"}


def test_the_same_manager_again_records_nothing(review, org):
    before = review.events.count()
    review_reassign_manager(review=review, actor=org.hr, manager=org.manager)
    assert review.events.count() == before
