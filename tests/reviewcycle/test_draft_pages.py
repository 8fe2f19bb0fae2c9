"""The self-assessment and scoring pages: drafts saved as often as wanted, then submitted; the proposal follows the marks."""

import pytest

from reviewcycle.models import Review
from tests.reviewcycle.helpers import english_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return english_client()


def test_the_employee_saves_a_self_assessment_draft_then_submits_it(review, org, client, traveller):
    from tests.reviewcycle.helpers import advance

    review = advance(review, org, "self_assessment", traveller)
    url = f"/reviews/{review.pk}/self-assessment/"
    client.force_login(org.manager.user)
    assert client.get(url).status_code == 302  # not the manager's to fill in
    client.force_login(org.employee.user)
    page = client.get(url).content.decode()
    assessments = list(review.assessments.filter(in_focus=True))
    goals = list(review.goals.filter(status="active"))
    for assessment in assessments:
        assert assessment.name in page
        for mark in assessment.marks.filter(is_next_level=False):
            assert mark.text in page  # the indicators of the expected level
    first = assessments[0]
    draft = {
        f"assessment-{first.pk}-rating": "4",
        f"assessment-{first.pk}-remark": "Veel klanten geholpen.",
        "save": "",
    }
    assert client.post(url, draft).status_code == 302
    first.refresh_from_db()
    assert (first.self_rating.label, first.self_remark) == ("zeer goed", "Veel klanten geholpen.")
    assert Review.objects.get(pk=review.pk).state == "self_assessment"  # a draft sends nothing

    incomplete = client.post(url, {**draft, "submit": ""})
    assert incomplete.status_code == 400
    assert "Give your own rating for:" in incomplete.content.decode()
    assert goals[0].title in incomplete.content.decode()
    assert Review.objects.get(pk=review.pk).state == "self_assessment"

    complete = dict(draft)
    for assessment in assessments[1:]:
        complete[f"assessment-{assessment.pk}-rating"] = "3"
    for goal in goals:
        complete[f"goal-{goal.pk}-rating"] = "3"
    complete["submit"] = ""
    complete.pop("save")
    assert client.post(url, complete).status_code == 302
    review.refresh_from_db()
    assert review.state == "scoring"
    assert review.self_assessment_submitted_at is not None
    bad = client.post(url, {f"assessment-{first.pk}-rating": "9", "save": ""})
    assert bad.status_code == 302  # the self-assessment is closed now: back to the review


def _scoring_post(review, *, mark="fully", rating="3", justification="", submit=False) -> dict:
    data = {"submit" if submit else "save": ""}
    for assessment in review.assessments.filter(in_focus=True):
        for indicator in assessment.marks.filter(is_next_level=False):
            data[f"mark-{indicator.pk}"] = mark
        data[f"assessment-{assessment.pk}-rating"] = rating
        data[f"assessment-{assessment.pk}-justification"] = justification
    for goal in review.goals.filter(status="active"):
        data[f"goal-{goal.pk}-rating"] = "3"
        data[f"goal-{goal.pk}-result"] = "Behaald."
    return data


def test_the_proposal_follows_the_marks_and_says_when_a_justification_is_needed(
    review, org, client, traveller
):
    from tests.reviewcycle.helpers import advance

    review = advance(review, org, "scoring", traveller)
    client.force_login(org.manager.user)
    assessment = review.assessments.filter(in_focus=True).first()
    expected = list(assessment.marks.filter(is_next_level=False))
    following = list(assessment.marks.filter(is_next_level=True))
    url = f"/reviews/{review.pk}/scoring/proposal/"

    def ask(marks: dict, rating="") -> dict:
        return client.post(url, {"assessment": assessment.pk, "rating": rating, **marks}).json()

    everything = {f"mark-{mark.pk}": "fully" for mark in expected}
    assert ask(everything)["proposed"] == "goed"
    assert ask(everything, rating="3")["needs_justification"] is False
    assert ask(everything, rating="4")["needs_justification"] is True  # other than the proposal
    all_next = {**everything, **{f"mark-{mark.pk}": "on" for mark in following}}
    assert ask(all_next)["proposed"] == "uitstekend"
    nothing = {f"mark-{mark.pk}": "not" for mark in expected}
    assert ask(nothing)["proposed"] == "onvoldoende"
    assert ask(nothing, rating="1")["needs_justification"] is True  # below the norm
    # Only who may see the review may ask.
    client.force_login(org.colleague.user)
    assert client.post(url, {"assessment": assessment.pk}).status_code == 404


def test_the_manager_scores_from_the_form_with_justifications_where_required(review, org, client, traveller):
    from tests.reviewcycle.helpers import advance

    review = advance(review, org, "scoring", traveller)
    url = f"/reviews/{review.pk}/scoring/"
    client.force_login(org.employee.user)
    assert client.get(url).status_code == 302  # not the employee's form
    client.force_login(org.manager.user)
    page = client.get(url).content.decode()
    assert "Gaat goed" in page  # the self-assessment beside the scores

    # "zeer goed" where the marks propose "goed", without a justification: refused, draft kept.
    refused = client.post(url, _scoring_post(review, rating="4", submit=True))
    assert refused.status_code == 400
    assert "needs a justification" in refused.content.decode()
    review.refresh_from_db()
    assert review.state == "scoring"
    assert (
        review.assessments.filter(rating__value=4).count() == review.assessments.filter(in_focus=True).count()
    )

    accepted = client.post(
        url,
        _scoring_post(
            review, rating="4", justification="Hielp drie collega's met klachten, zie dossier.", submit=True
        ),
    )
    assert accepted.status_code == 302
    review.refresh_from_db()
    assert review.state == "appraisal_talk"
    assert review.overall_rating is not None
