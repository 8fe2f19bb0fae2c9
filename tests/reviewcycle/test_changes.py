"""People change during a cycle: another manager, another role."""

import pytest
from django.core.exceptions import PermissionDenied
from django_fsm import TransitionNotAllowed

from frameworks.models import RoleType
from reviewcycle.models import Review
from reviewcycle.services import (
    goal_create,
    review_flag_role_change,
    review_reassign_manager,
    review_rebaseline,
    review_record_planning_talk,
    review_set_second_reviewer,
)
from reviewcycle.signals import review_reassigned
from tests.reviewcycle.helpers import PLANNING_TALK, advance

pytestmark = pytest.mark.django_db


def test_hr_moves_an_open_review_to_a_new_manager_history_stays(review, org, traveller):
    goal_create(review=review, actor=org.manager.user, title="Doel van de oude manager")
    heard = []
    review_reassigned.connect(lambda **kw: heard.append((kw["old_manager"], kw["new_manager"])), weak=False)
    moved = review_reassign_manager(
        review=review, actor=org.hr, manager=org.other_manager, reason="Reorganisatie"
    )
    assert (moved.manager, moved.second_reviewer) == (org.other_manager, org.director)
    assert heard == [(org.manager, org.other_manager)]
    event = moved.events.last()
    assert (event.kind, event.old_value["manager"], event.new_value["manager"]) == (
        "reassign_manager",
        org.manager.pk,
        org.other_manager.pk,
    )
    assert moved.goals.get().title == "Doel van de oude manager"
    with pytest.raises(PermissionDenied):
        review_record_planning_talk(review=moved, actor=org.manager.user, talk_date=PLANNING_TALK)
    assert (
        review_record_planning_talk(review=moved, actor=org.other_manager.user, talk_date=PLANNING_TALK).state
        == "plan_signoff"
    )


def test_only_hr_reassigns_and_only_open_reviews(review, org):
    with pytest.raises(PermissionDenied):
        review_reassign_manager(review=review, actor=org.manager.user, manager=org.other_manager)
    from reviewcycle.services import review_cancel

    review_cancel(review=review, actor=org.hr, reason="Uit dienst")
    with pytest.raises(TransitionNotAllowed):
        review_reassign_manager(review=review, actor=org.hr, manager=org.other_manager)


def test_hr_names_another_second_reviewer(review, org):
    review = review_set_second_reviewer(review=review, actor=org.hr, second_reviewer=org.other_manager)
    assert review.second_reviewer == org.other_manager
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        review_set_second_reviewer(review=review, actor=org.hr, second_reviewer=org.manager)


def test_a_role_change_keeps_the_snapshot_until_hr_rebaselines(review, org, traveller):
    review = advance(review, org, "in_progress", traveller)
    before = list(review.assessments.values_list("name", "expected_level"))
    org.employee.role_type = RoleType.objects.get(
        version=org.employee.role_type.version, family="Adviseur", grade="A"
    )
    org.employee.save()
    review = review_flag_role_change(review=review, actor=None)
    assert review.needs_rebaseline
    assert list(review.assessments.values_list("name", "expected_level")) == before
    review = review_rebaseline(review=review, actor=org.hr, reason="Promotie per 1 april")
    assert not review.needs_rebaseline
    assert set(review.assessments.values_list("expected_level", flat=True)) == {3}
    assert review.role_label == "Adviseur A"
    event = review.events.last()
    assert event.old_value["expected_levels"] == {
        "Klantgerichtheid": 2,
        "Resultaatgericht": 2,
        "Samenwerken": 2,
    }
    assert event.new_value["expected_levels"] == {
        "Klantgerichtheid": 3,
        "Resultaatgericht": 3,
        "Samenwerken": 3,
    }


def test_rebaseline_is_refused_once_scoring_started(review, org, traveller):
    review = advance(review, org, "scoring", traveller)
    with pytest.raises(TransitionNotAllowed, match="before scoring starts"):
        review_rebaseline(review=review, actor=org.hr, reason="Te laat")


@pytest.mark.parametrize("extra_reports", [5, 60])
def test_review_list_takes_a_fixed_number_of_queries(
    cycle, org, extra_reports, django_assert_max_num_queries
):
    from rest_framework.test import APIClient

    from reviewcycle.services import cycle_add_missing
    from tests.factories import EmployeeFactory

    for n in range(extra_reports):
        EmployeeFactory(
            name=f"Extra {n}", org_unit=org.team, manager=org.manager, role_type=org.employee.role_type
        )
    cycle_add_missing(cycle=cycle, actor=org.hr)
    client = APIClient()
    client.force_authenticate(org.hr)
    with django_assert_max_num_queries(8):
        response = client.get(f"/api/v1/reviews/?cycle={cycle.pk}&page_size=100")
    assert response.json()["count"] == 5 + extra_reports
    assert Review.objects.filter(cycle=cycle).count() == 5 + extra_reports
