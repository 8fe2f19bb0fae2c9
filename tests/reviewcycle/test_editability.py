"""For every state × role × kind of content, a page offers editing exactly when the service accepts
it: the plan page (goals, focus, development plan), the self-assessment and the scoring form, and the
review page's link to the plan. The service is called for real, in a savepoint that is rolled back."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test import Client
from django_fsm import TransitionNotAllowed

from reviewcycle.models import Review
from reviewcycle.services import (
    assessment_set_focus,
    development_action_save,
    goal_create,
    goal_score,
    goal_update,
    review_cancel,
    review_decide_objection,
    review_exempt,
    review_finalise,
    review_object,
    review_reopen,
    review_return_to_manager,
    self_rating_save,
)
from tests.language import speaking
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db

ROLES = ("employee", "manager", "second_reviewer", "hr", "colleague")
KINDS = ("add_goal", "edit_goal", "focus", "development_plan", "self_assessment", "scores")


def _reach(state: str, review: Review, org, traveller) -> Review:
    hr, employee = org.hr, org.employee.user
    if state in ("planning", "cancelled", "exempt"):
        goal_create(review=review, actor=org.manager.user, title="Een doel in wording")
    if state == "planning":
        return review
    if state in ("cancelled", "exempt"):
        close = review_cancel if state == "cancelled" else review_exempt
        return close(review=review, actor=hr, reason="Langdurig afwezig.")
    if state in ("objection", "upheld"):
        review = advance(review, org, "employee_response", traveller)
        review = review_object(review=review, actor=employee, grounds="Niet eens met de score.")
        if state == "upheld":
            review = review_decide_objection(
                review=review, actor=hr, decision="upheld", reason="Terecht: scores opnieuw bekijken."
            )
        return review
    if state in ("returned", "final", "reopened"):
        review = advance(review, org, "second_review", traveller)
        if state == "returned":
            return review_return_to_manager(
                review=review, actor=org.director.user, reason="Onderbouwing mist."
            )
        review = review_finalise(review=review, actor=org.director.user)
        if state == "reopened":
            review = review_reopen(review=review, actor=hr, reason="Schrijffout in het verslag.")
        return review
    return advance(review, org, state, traveller)


class RolledBackError(Exception):
    pass


def _accepts(call) -> bool:
    try:
        with transaction.atomic():
            call()
            raise RolledBackError
    except RolledBackError:
        return True
    except (PermissionDenied, TransitionNotAllowed):
        return False


def _service_accepts(review: Review, user) -> dict[str, bool]:
    goal = review.goals.filter(status="active").order_by("id").first()
    assessment = review.assessments.order_by("id").first()
    return {
        "add_goal": _accepts(lambda: goal_create(review=review, actor=user, title="Nog een doel")),
        "edit_goal": _accepts(lambda: goal_update(goal=goal, actor=user, measure="Anders gemeten")),
        "focus": _accepts(
            lambda: assessment_set_focus(assessment=assessment, actor=user, in_focus=not assessment.in_focus)
        ),
        "development_plan": _accepts(
            lambda: development_action_save(review=review, actor=user, description="Cursus schrijven")
        ),
        "self_assessment": _accepts(
            lambda: self_rating_save(review=review, actor=user, target=assessment, rating=3)
        ),
        "scores": _accepts(lambda: goal_score(goal=goal, actor=user, rating=3)),
    }


def _page_offers(review: Review, user) -> dict[str, bool]:
    client = speaking(Client(), "en")
    client.force_login(user)
    goal = review.goals.filter(status="active").order_by("id").first()
    plan = client.get(f"/reviews/{review.pk}/plan/")
    page = plan.content.decode() if plan.status_code == 200 else ""
    offers = {
        "add_goal": 'value="new-goal"' in page,
        "edit_goal": f'value="goal-{goal.pk}"' in page,
        "focus": 'value="focus"' in page,
        "development_plan": 'value="new-action"' in page,
        "self_assessment": client.get(f"/reviews/{review.pk}/self-assessment/").status_code == 200,
        "scores": client.get(f"/reviews/{review.pk}/scoring/").status_code == 200,
    }
    review_page = client.get(f"/reviews/{review.pk}/").content.decode()
    offers["plan_link"] = f'href="/reviews/{review.pk}/plan/"' in review_page
    return offers


@pytest.mark.parametrize(
    "state",
    [
        "planning",
        "plan_signoff",
        "in_progress",
        "self_assessment",
        "scoring",
        "appraisal_talk",
        "employee_response",
        "objection",
        "upheld",
        "second_review",
        "returned",
        "final",
        "reopened",
        "cancelled",
        "exempt",
    ],
)
def test_a_page_offers_an_edit_exactly_when_the_service_accepts_it(state, review, org, traveller):
    review = _reach(state, review, org, traveller)
    people = {
        "employee": org.employee.user,
        "manager": org.manager.user,
        "second_reviewer": org.director.user,
        "hr": org.hr,
        "colleague": org.colleague.user,
    }
    mismatches = []
    for role in ROLES:
        review = Review.objects.get(pk=review.pk)
        accepted = _service_accepts(review, people[role])
        offered = _page_offers(review, people[role])
        for kind in KINDS:
            if accepted[kind] != offered[kind]:
                mismatches.append(f"{role} {kind}: service {accepted[kind]}, page {offered[kind]}")
        plan_kinds = ("add_goal", "edit_goal", "focus", "development_plan")
        if offered["plan_link"] != any(accepted[kind] for kind in plan_kinds):
            mismatches.append(f"{role} plan link: {offered['plan_link']}")
    assert not mismatches, f"in {state}: " + "; ".join(mismatches)
