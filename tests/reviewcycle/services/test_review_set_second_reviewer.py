"""``review_set_second_reviewer`` records the second reviewer before and after."""

import pytest

from reviewcycle.models import ReviewEvent
from reviewcycle.services import review_set_second_reviewer

pytestmark = pytest.mark.django_db


def test_another_second_reviewer_is_audited_with_the_old_and_the_new(review, org):
    review_set_second_reviewer(
        review=review, actor=org.hr, second_reviewer=org.other_manager, reason="Dora is met verlof"
    )
    event = review.events.last()
    assert (event.kind, event.actor) == (ReviewEvent.Kind.SECOND_REVIEWER_CHANGED, org.hr)
    assert (event.old_value, event.new_value) == (
        {"second_reviewer": org.director.pk},
        {"second_reviewer": org.other_manager.pk},
    )
    assert event.payload == {"reason": "Dora is met verlof"}
