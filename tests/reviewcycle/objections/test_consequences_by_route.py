"""An upheld objection changes the consequences whoever the regeling lets decide it: here the second
reviewer (route "second reviewer" on Gemeentelijk's shape)."""

import pytest
from django.core.exceptions import PermissionDenied

from reviewcycle.models import ConsequenceProposal, CycleTemplateVersion, ReviewEvent
from reviewcycle.services import review_decide_objection, review_object
from tests.reviewcycle.consequences.test_services import kinds, scored
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db

REASON = "De inzet bij de verhuizing rechtvaardigt een extra periodiek."


def test_the_second_reviewer_upholding_changes_the_consequences(review, org, traveller):
    CycleTemplateVersion.objects.filter(pk=review.cycle.template_version_id).update(
        objection_route=CycleTemplateVersion.ObjectionRoute.SECOND_REVIEWER
    )
    review = advance(scored(review, org, traveller), org, "employee_response", traveller)
    review = review_object(review=review, actor=org.employee.user, grounds="Mijn inzet telt niet mee.")
    changed = [{"kind": "pay_step_granted"}, {"kind": "pay_step_extra"}]
    with pytest.raises(PermissionDenied):  # not HR's on this route
        review_decide_objection(
            review=review, actor=org.hr, decision="upheld", reason=REASON, consequences=changed
        )
    second = review.second_reviewer.user
    review = review_decide_objection(
        review=review, actor=second, decision="upheld", reason=REASON, consequences=changed
    )
    assert kinds(review) == ["pay_step_granted", "pay_step_extra"]
    assert ConsequenceProposal.objects.get(review=review).source == ConsequenceProposal.Source.OBJECTION
    assert review.events.get(transition=ReviewEvent.Kind.CONSEQUENCES_CHANGED).actor == second
