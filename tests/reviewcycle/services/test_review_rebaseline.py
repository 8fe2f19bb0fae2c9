"""``review_rebaseline`` records the expected levels and the role before and after."""

import pytest

from frameworks.models import RoleType
from reviewcycle.models import ReviewEvent
from reviewcycle.services import review_rebaseline

pytestmark = pytest.mark.django_db


def test_a_rebaseline_records_the_levels_and_role_before_and_after(review, org):
    org.employee.role_type = RoleType.objects.get(
        version=org.employee.role_type.version, family="Adviseur", grade="A"
    )
    org.employee.save()
    review_rebaseline(review=review, actor=org.hr, reason="Promotie per 1 april")
    event = review.events.last()
    assert (event.kind, event.actor) == (ReviewEvent.Kind.REBASELINED, org.hr)
    assert event.payload == {"reason": "Promotie per 1 april"}
    assert event.old_value == {
        "expected_levels": {"Klantgerichtheid": 2, "Resultaatgericht": 2, "Samenwerken": 2},
        "role_label": "Dienstverlener B",
    }
    assert event.new_value == {
        "expected_levels": {"Klantgerichtheid": 3, "Resultaatgericht": 3, "Samenwerken": 3},
        "role_label": "Adviseur A",
    }
