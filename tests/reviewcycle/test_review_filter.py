"""ReviewFilter, the one filter of the API list, the export and the work lists: each filter, sub-units, HR scope."""

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone
from rest_framework.test import APIClient

from frameworks.models import RatingOption
from people.services import hr_grant
from reviewcycle.filters import ReviewFilter
from reviewcycle.models import Review
from reviewcycle.selectors import hr_reviews
from tests.factories import OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def names(user, **query) -> list[str]:
    request = RequestFactory().get("/", query)
    request.user = user
    filterset = ReviewFilter(
        request.GET, queryset=hr_reviews(user=user).order_by("employee__name"), request=request
    )
    assert filterset.is_valid(), filterset.errors
    return [review.employee.name for review in filterset.qs]


def set_state(org, employee, **fields):
    Review.objects.filter(employee=employee).update(**fields)


@pytest.fixture
def reviews(cycle, org):
    """Eva and Cor (Max's team, Burgerzaken), Max (Dora's), Olaf and Otto (Financiën)."""
    return {review.employee.name: review for review in Review.objects.filter(cycle=cycle)}


def test_search_finds_by_name_or_employee_number(org, reviews):
    assert names(org.hr, search="eva") == ["Eva Employee"]
    assert names(org.hr, search=org.colleague.employee_number) == ["Cor Collega"]


def test_a_unit_includes_its_sub_units(org, reviews):
    balie = OrgUnitFactory(name="Team Balie", parent=org.team)
    set_state(org, org.colleague, org_unit=balie)
    assert names(org.hr, org_unit=org.team.pk) == ["Cor Collega", "Eva Employee", "Max Manager"]
    assert names(org.hr, org_unit=balie.pk) == ["Cor Collega"]
    assert names(org.hr, org_unit=org.other_team.pk) == ["Olaf Ander", "Otto Ander"]


def test_manager_is_a_text_search_by_name_or_number(org, reviews):
    assert names(org.hr, manager_search="max") == ["Cor Collega", "Eva Employee"]
    assert names(org.hr, manager_search=org.other_manager.employee_number) == ["Otto Ander"]


def test_state_phase_and_overdue(org, reviews, traveller):
    set_state(org, org.employee, state=Review.State.SCORING, due_date=datetime.date(2026, 11, 1))
    set_state(org, org.colleague, state=Review.State.OBJECTION, due_date=datetime.date(2026, 1, 10))
    assert names(org.hr, state="scoring") == ["Eva Employee"]
    assert names(org.hr, phase="appraisal") == ["Eva Employee"]
    assert names(org.hr, phase="closing") == ["Cor Collega"]
    assert names(org.hr, overdue="true") == ["Cor Collega"]
    assert "Cor Collega" not in names(org.hr, overdue="false")


def test_rating_is_never_a_filter_on_ones_own_review(org, reviews):
    good = RatingOption.objects.get(scale=reviews["Eva Employee"].cycle.rating_scale, value=4)
    set_state(
        org,
        org.employee,
        overall_rating=good,
        scores_submitted_at=timezone.now(),  # rated (rated.is_rated): submitted, not scored again
        state=Review.State.APPRAISAL_TALK,
    )
    assert names(org.hr, rating=4) == ["Eva Employee"]
    assert names(org.hr, rating=2) == []
    request = RequestFactory().get("/", {"rating": 4})
    request.user = org.employee.user
    own = ReviewFilter(request.GET, queryset=Review.objects.all(), request=request).qs
    assert not own.filter(employee=org.employee).exists()  # the filter would tell her a hidden mark


def test_signed_and_not_signed(org, reviews):
    set_state(org, org.employee, signed_at=timezone.now(), state=Review.State.SECOND_REVIEW)
    assert names(org.hr, signed="true") == ["Eva Employee"]
    assert "Eva Employee" not in names(org.hr, signed="false")


def test_objection_none_open_and_decided_a_later_objection_is_open_again(org, reviews):
    lodged = timezone.now()
    set_state(org, org.employee, objected_at=lodged, state=Review.State.OBJECTION)
    set_state(
        org,
        org.colleague,
        objected_at=lodged,
        objection_decided_at=lodged + datetime.timedelta(days=3),
        objection_decision="rejected",
    )
    # Max objected, was upheld, and objects again: his new objection waits for its own decision.
    set_state(
        org,
        org.manager,
        objected_at=lodged + datetime.timedelta(days=30),
        objection_decided_at=lodged + datetime.timedelta(days=3),
    )
    assert names(org.hr, objection="open") == ["Eva Employee", "Max Manager"]
    assert names(org.hr, objection="decided") == ["Cor Collega"]
    assert names(org.hr, objection="none") == ["Olaf Ander", "Otto Ander"]


def test_sort_by_name_unit_state_and_due_date(org, reviews):
    set_state(org, org.other_employee, due_date=datetime.date(2026, 2, 1))
    assert names(org.hr, sort="-name")[0] == "Otto Ander"
    assert names(org.hr, sort="unit")[:3] == ["Cor Collega", "Eva Employee", "Max Manager"]  # Burgerzaken
    assert names(org.hr, sort="due_date")[0] == "Otto Ander"
    Review.objects.filter(employee=org.other_manager).update(state=Review.State.FINAL)
    assert names(org.hr, sort="state")[0] == "Olaf Ander"  # "final" sorts before "planning"


def test_hr_scope_applies_to_hr_lists(org, reviews):
    financien_hr = UserFactory(username="fenna-hr")
    hr_grant(user=financien_hr, org_units=[org.other_team], actor=None)
    assert names(financien_hr) == ["Olaf Ander", "Otto Ander"]
    assert names(financien_hr, search="eva") == []
    assert list(hr_reviews(user=org.hr_elsewhere)) == []
    assert list(hr_reviews(user=org.manager.user)) == []  # not HR: no HR list at all


def test_the_api_refuses_a_search_longer_than_any_name(org, reviews):
    api = APIClient()
    api.force_authenticate(org.hr)
    assert api.get("/api/v1/reviews/", {"search": "x" * 101}).status_code == 400
    found = api.get("/api/v1/reviews/", {"search": "otto", "phase": "planning", "objection": "none"})
    assert [row["id"] for row in found.json()["results"]] == [reviews["Otto Ander"].pk]


def test_the_review_list_finds_people_as_the_search_fields_do(org, cycle):
    """One rule for finding a person (``people.selectors.person_matches``): words in any order, each in the
    name, or the start of an employee number; the review list's search and its manager search follow it."""
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(org.hr)

    def found(**query):
        answer = api.get("/api/v1/reviews/", {"cycle": cycle.pk, "role": "hr", **query})
        assert answer.status_code == 200, answer.content
        return sorted(row["employee"]["name"] for row in answer.json()["results"])

    assert found(search="ander otto") == ["Otto Ander"]
    assert found(search=org.other_employee.employee_number) == ["Otto Ander"]
    assert found(search=org.other_employee.employee_number[1:]) == []  # a number is looked up by its start
    assert found(manager_search="ander olaf") == ["Otto Ander"]
