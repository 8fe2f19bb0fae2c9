"""The talk form's kind defaults to the talk of the review's current phase (walk finding 13: it said
"Planningsgesprek" in every phase, so an invitation planned without changing it got the wrong title)."""

import pytest

from notifications.selectors import talk_kind_due
from tests.reviewcycle.helpers import advance, english_client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("state", "kind"),
    [
        ("planning", "planning"),
        ("in_progress", "progress"),
        ("scoring", "appraisal"),
        ("appraisal_talk", "appraisal"),
    ],
)
def test_the_talk_of_the_current_phase(review, org, traveller, state, kind):
    if state != "planning":
        review = advance(review, org, state, traveller)
    assert talk_kind_due(review=review) == kind
    client = english_client()
    client.force_login(org.manager.user)
    page = client.get(f"/reviews/{review.pk}/")
    assert page.context["talk_form"]["kind"].value() == kind
