"""HR does not take a second role on a review they handle as HR (issue 14, hardening): they cannot make
themselves its manager or second reviewer, nor decide an objection on a review where they hold another
role. The services refuse (403 with the reason in the API), the pages do not offer it."""

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from reviewcycle.models import Review
from reviewcycle.selectors import available_transitions
from reviewcycle.services import (
    review_decide_objection,
    review_object,
    review_reassign_manager,
    review_set_second_reviewer,
)
from tests.factories import EmployeeFactory
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db


@pytest.fixture
def hans(org):
    """HR Hans also works here: an employee record of his own, under the director."""
    return EmployeeFactory(user=org.hr, name="Hans HR", org_unit=org.root, manager=org.director)


def api_for(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def test_hr_cannot_make_themselves_the_manager(review, org, hans):
    with pytest.raises(PermissionDenied, match="yourself"):
        review_reassign_manager(review=review, actor=org.hr, manager=hans)
    response = api_for(org.hr).post(f"/api/v1/reviews/{review.pk}/reassign/", {"manager": hans.pk})
    assert response.status_code == 403
    assert "yourself" in response.json()["detail"]
    assert Review.objects.get(pk=review.pk).manager == org.manager


def test_hr_cannot_become_second_reviewer_through_a_new_manager_they_manage(review, org, hans):
    report_of_hans = EmployeeFactory(name="Rita Report", org_unit=org.team, manager=hans)
    with pytest.raises(PermissionDenied, match="second reviewer"):
        review_reassign_manager(review=review, actor=org.hr, manager=report_of_hans)
    # Naming someone else as second reviewer in the same move is fine.
    moved = review_reassign_manager(
        review=review, actor=org.hr, manager=report_of_hans, second_reviewer=org.director
    )
    assert (moved.manager, moved.second_reviewer) == (report_of_hans, org.director)


def test_hr_cannot_make_themselves_the_second_reviewer(review, org, hans):
    with pytest.raises(PermissionDenied, match="yourself"):
        review_set_second_reviewer(review=review, actor=org.hr, second_reviewer=hans)
    response = api_for(org.hr).post(
        f"/api/v1/reviews/{review.pk}/second-reviewer/", {"second_reviewer": hans.pk}
    )
    assert response.status_code == 403
    assert Review.objects.get(pk=review.pk).second_reviewer == org.director


def test_the_pages_do_not_offer_hr_themselves(review, org, hans, client):
    client.force_login(org.hr)
    page = client.get(f"/reviews/{review.pk}/")
    assert page.status_code == 200
    assert page.context["reassign_form"].fields["manager"].queryset.filter(pk=hans.pk).count() == 0
    assert (
        page.context["second_reviewer_form"].fields["second_reviewer"].queryset.filter(pk=hans.pk).count()
        == 0
    )


@pytest.fixture
def objected(review, org, traveller):
    review = advance(review, org, "employee_response", traveller)
    return review_object(
        review=review, actor=org.employee.user, grounds="De score doet geen recht aan mijn werk."
    )


@pytest.mark.parametrize("role", ["manager", "second_reviewer"])
def test_hr_with_another_role_cannot_decide_the_objection(objected, org, hans, role, client):
    Review.objects.filter(pk=objected.pk).update(**{role: hans})
    review = Review.objects.get(pk=objected.pk)
    with pytest.raises(PermissionDenied, match="other role"):
        review_decide_objection(
            review=review, actor=org.hr, decision="rejected", reason="Ongegrond: goed onderbouwd oordeel."
        )
    response = api_for(org.hr).post(
        f"/api/v1/reviews/{review.pk}/decide-objection/",
        {"decision": "rejected", "reason": "Ongegrond: goed onderbouwd oordeel."},
    )
    assert response.status_code == 403
    assert "other role" in response.json()["detail"]
    assert Review.objects.get(pk=review.pk).state == "objection"
    assert "decide_objection" not in {
        step["name"] for step in available_transitions(review=review, user=org.hr)
    }
    client.force_login(org.hr)
    assert review.employee.name not in client.get("/objections/").content.decode()


def test_hr_without_another_role_still_decides(objected, org, hans):
    decided = review_decide_objection(
        review=objected, actor=org.hr, decision="rejected", reason="Ongegrond: goed onderbouwd oordeel."
    )
    assert decided.state == "second_review"
