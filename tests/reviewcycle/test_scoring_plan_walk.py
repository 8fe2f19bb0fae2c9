"""What the walk of issue 16 found on the scoring and plan pages: a refused justification next to its
field saying how long it must be, the overall proposal for ratings not saved yet, why a review came
back to the manager, and a warning for goal weights that do not add up to 100."""

import re

import pytest

from people.models import Employee
from reviewcycle.services import (
    review_decide_objection,
    review_object,
    review_return_to_manager,
)
from tests.reviewcycle.helpers import advance
from tests.reviewcycle.test_record_page import visible_text

pytestmark = pytest.mark.django_db


def _dutch_manager(client, org):
    Employee.objects.update(preferred_language="nl")
    client.force_login(org.manager.user)
    return client


def _scores(review, *, rating="3", justification="") -> dict:
    data = {"submit": ""}
    for assessment in review.assessments.filter(in_focus=True):
        for indicator in assessment.marks.filter(is_next_level=False):
            data[f"mark-{indicator.pk}"] = "fully"
        data[f"assessment-{assessment.pk}-rating"] = rating
        data[f"assessment-{assessment.pk}-justification"] = justification
    for goal in review.goals.filter(status="active"):
        data[f"goal-{goal.pk}-rating"] = "3"
        data[f"goal-{goal.pk}-result"] = "Behaald."
    return data


def test_a_too_short_justification_is_refused_next_to_its_field_once_saying_how_long(
    review, org, client, traveller
):
    review = advance(review, org, "scoring", traveller)
    first = review.assessments.filter(in_focus=True).order_by("id").first()
    data = _scores(review)
    data[f"assessment-{first.pk}-rating"] = "4"  # other than the proposal (goed)
    data[f"assessment-{first.pk}-justification"] = "Te kort"  # 7 characters
    response = _dutch_manager(client, org).post(f"/reviews/{review.pk}/scoring/", data)
    assert response.status_code == 400
    html = response.content.decode()
    field = f"id_assessment-{first.pk}-justification"
    textarea = re.search(rf'<textarea[^>]*id="{field}"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in textarea
    assert f"{field}_error" in re.search(r'aria-describedby="([^"]*)"', textarea).group(1)
    error = re.search(rf'<ul class="errorlist" id="{field}_error">(.*?)</ul>', html, re.DOTALL).group(1)
    assert "Schrijf minstens 20 tekens; je schreef er 7." in visible_text(error)
    text = visible_text(html)
    assert text.count(first.name + ": een oordeel") == 2  # in the summary (a link) and next to the field
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.DOTALL).group(0)
    assert f'href="#{field}"' in summary
    assert 'class="form-error"><ul class="errorlist nonfield"' not in html  # nothing left above the form


def test_the_proposal_endpoint_gives_the_overall_proposal_for_ratings_not_saved_yet(
    review, org, client, traveller
):
    review = advance(review, org, "scoring", traveller)
    client.force_login(org.manager.user)
    first = review.assessments.filter(in_focus=True).order_by("id").first()
    data = _scores(review)
    data["assessment"] = first.pk
    answer = client.post(f"/reviews/{review.pk}/scoring/proposal/", data).json()
    assert answer["overall"] == "goed"
    for name in list(data):
        if name.endswith("-rating"):
            data[name] = "1"
    assert client.post(f"/reviews/{review.pk}/scoring/proposal/", data).json()["overall"] == "onvoldoende"
    nothing = {"assessment": first.pk}
    assert client.post(f"/reviews/{review.pk}/scoring/proposal/", nothing).json()["overall"] is None


def test_after_a_return_the_scoring_page_says_why(review, org, client, traveller):
    review = advance(review, org, "second_review", traveller)
    review_return_to_manager(
        review=review, actor=org.director.user, reason="Samenwerken is te mild beoordeeld."
    )
    text = visible_text(_dutch_manager(client, org).get(f"/reviews/{review.pk}/scoring/").content.decode())
    assert "Samenwerken is te mild beoordeeld." in text
    assert "Teruggestuurd naar de leidinggevende door Dora Directeur" in text


def test_after_an_upheld_objection_the_scoring_page_gives_the_grounds_and_reasons(
    review, org, client, traveller
):
    review = advance(review, org, "employee_response", traveller)
    review = review_object(review=review, actor=org.employee.user, grounds="Mijn inzet is niet gezien.")
    review_decide_objection(
        review=review, actor=org.hr, decision="upheld", reason="De voorbeelden ontbreken bij het oordeel."
    )
    text = visible_text(_dutch_manager(client, org).get(f"/reviews/{review.pk}/scoring/").content.decode())
    assert "Mijn inzet is niet gezien." in text
    assert "De voorbeelden ontbreken bij het oordeel." in text


def test_the_first_scoring_says_nothing_about_a_return(review, org, client, traveller):
    review = advance(review, org, "scoring", traveller)
    html = _dutch_manager(client, org).get(f"/reviews/{review.pk}/scoring/").content.decode()
    assert "came-back" not in html


def test_the_plan_page_warns_when_the_weights_do_not_add_up(review, org, client, traveller):
    client = _dutch_manager(client, org)
    url = f"/reviews/{review.pk}/plan/"
    first = {"action": "new-goal", "new-goal-title": "Wachttijd balie verkorten", "new-goal-weight": "60"}
    assert client.post(url, first).status_code == 302
    response = client.post(
        url,
        {"action": "new-goal", "new-goal-title": "Nieuwe collega inwerken", "new-goal-weight": "30"},
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<li class="warning">[^<]*tellen op tot 90', html), visible_text(html)[:1500]
    total = re.search(r'<p class="weight-total".*?</p>\s*(<p[^>]*>.*?</p>)', html, re.DOTALL).group(1)
    assert "De wegingen tellen op tot 90%; pas ze aan zodat ze samen 100% zijn." in visible_text(
        total
    )  # beside the total
    assert "Opgeslagen." in visible_text(html)  # a draft may be incomplete: saved, not refused
    third = {"action": "new-goal", "new-goal-title": "Digitale afspraken", "new-goal-weight": "10"}
    html = client.post(url, third, follow=True).content.decode()
    assert "tellen op tot" not in visible_text(html)  # 100: nothing to warn about
