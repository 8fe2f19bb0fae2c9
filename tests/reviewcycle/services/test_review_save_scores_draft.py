"""review_save_scores_draft: the manager's whole scoring draft in one transaction (a bad entry saves nothing)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django_fsm import TransitionNotAllowed
from rest_framework.test import APIClient

from reviewcycle.models import CompetencyAssessment, Goal
from reviewcycle.services import review_save_scores_draft
from tests.language import speaking
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db


@pytest.fixture
def scoring(review, org, traveller):
    return advance(review, org, "scoring", traveller)


def draft_of(review, *, rating=4, goal_rating=4) -> dict:
    assessments = list(review.assessments.filter(in_focus=True))
    return {
        "assessments": [
            {
                "assessment": item.pk,
                "marks": {mark.pk: "fully" for mark in item.marks.all() if not mark.is_next_level},
                "rating": rating,
                "justification": f"Voorbeeld bij {item.name}",
            }
            for item in assessments
        ],
        "goals": [
            {"goal": goal.pk, "rating": goal_rating, "result_note": "Behaald", "justification": "Zie cijfers"}
            for goal in review.goals.filter(status="active")
        ],
    }


def saved(review) -> list:
    return [
        *CompetencyAssessment.objects.filter(review=review).values_list("rating__value", "justification"),
        *Goal.objects.filter(review=review).values_list("rating__value", "result_note", "justification"),
    ]


def test_the_manager_saves_every_score_at_once(scoring, org):
    review_save_scores_draft(review=scoring, actor=org.manager.user, **draft_of(scoring))
    focus = CompetencyAssessment.objects.filter(review=scoring, in_focus=True)
    assert focus.exists()
    assert {item.rating.value for item in focus} == {4}
    assert all(item.justification.startswith("Voorbeeld bij") for item in focus)
    assert all(mark.mark == "fully" for item in focus for mark in item.marks.all() if not mark.is_next_level)
    assert {(g.rating.value, g.result_note) for g in Goal.objects.filter(review=scoring)} == {(4, "Behaald")}
    assert scoring.__class__.objects.get(pk=scoring.pk).state == "scoring"  # a draft: nothing submitted


def test_a_bad_entry_saves_nothing(scoring, org):
    before = saved(scoring)
    draft = draft_of(scoring)
    draft["goals"][-1]["rating"] = 42  # not on the scale: the last entry is bad
    with pytest.raises(ValidationError):
        review_save_scores_draft(review=scoring, actor=org.manager.user, **draft)
    assert saved(scoring) == before
    draft = draft_of(scoring)
    draft["goals"].append({"goal": 999_999, "rating": 3})  # not in this review
    with pytest.raises(ValidationError):
        review_save_scores_draft(review=scoring, actor=org.manager.user, **draft)
    assert saved(scoring) == before


def test_only_the_manager_and_only_in_scoring(scoring, org, review, traveller):
    with pytest.raises(PermissionDenied):
        review_save_scores_draft(review=scoring, actor=org.employee.user, **draft_of(scoring))
    with pytest.raises(PermissionDenied):  # an empty draft too
        review_save_scores_draft(review=scoring, actor=org.employee.user)
    other = advance(
        review.__class__.objects.get(cycle=review.cycle, employee=org.colleague), org, "planning", traveller
    )
    with pytest.raises(TransitionNotAllowed):
        review_save_scores_draft(review=other, actor=org.manager.user)


def test_the_api_takes_the_whole_draft_and_refuses_it_whole(scoring, org):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(org.manager.user)
    url = f"/api/v1/reviews/{scoring.pk}/scores/"
    bad = draft_of(scoring)
    bad["goals"][-1]["rating"] = 42
    before = saved(scoring)
    refused = api.put(url, bad, format="json")
    assert refused.status_code == 400, refused.content
    assert saved(scoring) == before
    response = api.put(url, draft_of(scoring), format="json")
    assert response.status_code == 200, response.content
    assert {g["id"] for g in response.json()["goals"]} == set(scoring.goals.values_list("pk", flat=True))
    assert {g.rating.value for g in Goal.objects.filter(review=scoring)} == {4}
    employee = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    employee.force_authenticate(org.employee.user)
    assert employee.put(url, draft_of(scoring, rating=1), format="json").status_code == 403


def test_the_scoring_page_saves_its_draft_through_the_service(scoring, org):
    page = speaking(Client(), "en")
    page.force_login(org.manager.user)
    form = {}
    for item in scoring.assessments.filter(in_focus=True):
        for mark in item.marks.all():
            if not mark.is_next_level:
                form[f"mark-{mark.pk}"] = "partly"
        form[f"assessment-{item.pk}-rating"] = "2"
        form[f"assessment-{item.pk}-justification"] = "Kan beter"
    for goal in scoring.goals.filter(status="active"):
        form[f"goal-{goal.pk}-rating"] = "5"
        form[f"goal-{goal.pk}-result"] = "Ruim behaald"
        form[f"goal-{goal.pk}-justification"] = "Cijfers"
    response = page.post(f"/reviews/{scoring.pk}/scoring/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert {i.rating.value for i in CompetencyAssessment.objects.filter(review=scoring, in_focus=True)} == {2}
    assert {(g.rating.value, g.result_note) for g in Goal.objects.filter(review=scoring)} == {
        (5, "Ruim behaald")
    }
