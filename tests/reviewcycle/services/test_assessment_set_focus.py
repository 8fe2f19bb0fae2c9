"""``assessment_set_focus`` records whether the competency was in focus before and after."""

import pytest

from reviewcycle.models import ReviewEvent
from reviewcycle.services import assessment_set_focus

pytestmark = pytest.mark.django_db


def test_taking_a_competency_out_of_focus_records_old_and_new(review, org):
    assessment = review.assessments.filter(in_focus=True).first()
    assessment_set_focus(assessment=assessment, actor=org.manager.user, in_focus=False)
    event = review.events.last()
    assert (event.kind, event.actor) == (ReviewEvent.Kind.FOCUS_CHANGED, org.manager.user)
    assert event.payload == {"competency": assessment.name}
    assert (event.old_value, event.new_value) == ({"in_focus": True}, {"in_focus": False})
    before = review.events.count()
    assessment_set_focus(assessment=assessment, actor=org.manager.user, in_focus=False)
    assert review.events.count() == before  # nothing changed, nothing recorded
