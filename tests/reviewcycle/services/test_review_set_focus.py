"""review_set_focus: the manager chooses the competencies in focus at once; only changes are recorded."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django_fsm import TransitionNotAllowed
from rest_framework.test import APIClient

from reviewcycle.models import ReviewEvent
from reviewcycle.services import review_set_focus
from tests.language import speaking
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db


def focus_of(review) -> set[int]:
    return set(review.assessments.filter(in_focus=True).values_list("pk", flat=True))


def test_the_manager_sets_the_focus_and_each_change_is_recorded_once(review, org):
    ids = sorted(review.assessments.values_list("pk", flat=True))
    assert len(ids) >= 3
    before = focus_of(review)
    wanted = set(ids[:2])
    review_set_focus(review=review, actor=org.manager.user, in_focus=wanted)
    assert focus_of(review) == wanted
    changed = len(before ^ wanted)
    assert ReviewEvent.objects.filter(review=review, transition="set_focus").count() == changed
    review_set_focus(review=review, actor=org.manager.user, in_focus=wanted)  # nothing changes
    assert ReviewEvent.objects.filter(review=review, transition="set_focus").count() == changed


def test_an_unknown_competency_changes_nothing(review, org):
    before = focus_of(review)
    ids = list(review.assessments.values_list("pk", flat=True))
    with pytest.raises(ValidationError):
        review_set_focus(review=review, actor=org.manager.user, in_focus=[ids[0], 999_999])
    assert focus_of(review) == before


def test_only_the_manager_and_only_in_planning(review, org, traveller):
    with pytest.raises(PermissionDenied):
        review_set_focus(review=review, actor=org.employee.user, in_focus=focus_of(review))
    review = advance(review, org, "plan_signoff", traveller)
    with pytest.raises(TransitionNotAllowed):
        review_set_focus(review=review, actor=org.manager.user, in_focus=[])


def test_the_api_and_the_page_set_the_same_focus(review, org):
    ids = sorted(review.assessments.values_list("pk", flat=True))
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(org.manager.user)
    url = f"/api/v1/reviews/{review.pk}/focus/"
    assert api.put(url, {"in_focus": [ids[0], 999_999]}, format="json").status_code == 400
    response = api.put(url, {"in_focus": ids[:1]}, format="json")
    assert response.status_code == 200, response.content
    assert focus_of(review) == set(ids[:1])
    employee = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    employee.force_authenticate(org.employee.user)
    assert employee.put(url, {"in_focus": ids}, format="json").status_code == 403

    page = speaking(Client(), "en")
    page.force_login(org.manager.user)
    form = {"action": "focus", **{f"focus-{pk}": "on" for pk in ids[1:3]}}
    assert page.post(f"/reviews/{review.pk}/plan/", form).status_code == 302
    assert focus_of(review) == set(ids[1:3])
