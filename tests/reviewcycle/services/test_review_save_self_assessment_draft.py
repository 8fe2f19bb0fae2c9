"""review_save_self_assessment_draft: the employee's whole draft in one transaction (a bad entry saves nothing)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django_fsm import TransitionNotAllowed
from rest_framework.test import APIClient

from reviewcycle.models import CompetencyAssessment, Goal
from reviewcycle.services import review_save_self_assessment_draft
from tests.language import speaking
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db


@pytest.fixture
def self_assessment(review, org, traveller):
    return advance(review, org, "self_assessment", traveller)


def ratings_of(review, rating=4) -> list[dict]:
    return [
        *({"assessment": a.pk, "rating": rating, "remark": "Gaat goed"} for a in review.assessments.all()),
        *({"goal": g.pk, "rating": rating, "remark": "Op schema"} for g in review.goals.all()),
    ]


def saved(review) -> list:
    return [
        *CompetencyAssessment.objects.filter(review=review).values_list("self_rating__value", "self_remark"),
        *Goal.objects.filter(review=review).values_list("self_rating__value", "self_remark"),
    ]


def test_the_employee_saves_every_rating_at_once(self_assessment, org):
    review_save_self_assessment_draft(
        review=self_assessment, actor=org.employee.user, ratings=ratings_of(self_assessment)
    )
    stored = saved(self_assessment)
    assert stored
    assert {value for value, _remark in stored} == {4}
    assert self_assessment.__class__.objects.get(pk=self_assessment.pk).state == "self_assessment"


def test_a_bad_entry_saves_nothing(self_assessment, org):
    before = saved(self_assessment)
    ratings = ratings_of(self_assessment)
    ratings[-1]["rating"] = 42  # not on the scale
    with pytest.raises(ValidationError):
        review_save_self_assessment_draft(review=self_assessment, actor=org.employee.user, ratings=ratings)
    assert saved(self_assessment) == before
    ratings = [*ratings_of(self_assessment), {"goal": 999_999, "rating": 3}]  # not in this review
    with pytest.raises(ValidationError):
        review_save_self_assessment_draft(review=self_assessment, actor=org.employee.user, ratings=ratings)
    assert saved(self_assessment) == before


def test_only_the_employee_and_only_in_the_self_assessment(self_assessment, org, review, traveller):
    with pytest.raises(PermissionDenied):
        review_save_self_assessment_draft(review=self_assessment, actor=org.manager.user, ratings=[])
    planning = review.__class__.objects.get(cycle=review.cycle, employee=org.colleague)
    with pytest.raises(TransitionNotAllowed):
        review_save_self_assessment_draft(review=planning, actor=org.colleague.user, ratings=[])


def test_the_api_takes_the_whole_draft_and_refuses_it_whole(self_assessment, org):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(org.employee.user)
    url = f"/api/v1/reviews/{self_assessment.pk}/self-assessment/"
    bad = ratings_of(self_assessment)
    bad[-1]["rating"] = 42
    before = saved(self_assessment)
    assert api.put(url, {"ratings": bad}, format="json").status_code == 400
    assert saved(self_assessment) == before
    response = api.put(url, {"ratings": ratings_of(self_assessment, rating=2)}, format="json")
    assert response.status_code == 200, response.content
    assert {value for value, _remark in saved(self_assessment)} == {2}
    manager = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    manager.force_authenticate(org.manager.user)
    assert manager.put(url, {"ratings": []}, format="json").status_code == 403


def test_the_page_saves_its_draft_through_the_service(self_assessment, org):
    page = speaking(Client(), "en")
    page.force_login(org.employee.user)
    form = {}
    for item in self_assessment.assessments.filter(in_focus=True):
        form[f"assessment-{item.pk}-rating"] = "5"
        form[f"assessment-{item.pk}-remark"] = "Trots op"
    for goal in self_assessment.goals.filter(status="active"):
        form[f"goal-{goal.pk}-rating"] = "5"
        form[f"goal-{goal.pk}-remark"] = "Gehaald"
    response = page.post(f"/reviews/{self_assessment.pk}/self-assessment/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    focus = CompetencyAssessment.objects.filter(review=self_assessment, in_focus=True)
    assert {item.self_rating.value for item in focus} == {5}
    assert {g.self_remark for g in Goal.objects.filter(review=self_assessment)} == {"Gehaald"}
