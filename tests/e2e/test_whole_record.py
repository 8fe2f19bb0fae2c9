"""The review page as the whole record, in headless Chromium: HR decides an objection while reading its
grounds on the same page; the second reviewer returns the appraisal with a reason that the manager then
sees on the page; the manager corrects the weights after the return and the goal history says so in
Dutch. Screenshots go to test-artifacts/."""

import pytest

from reviewcycle.models import Review
from reviewcycle.services import review_object
from tests.e2e.conftest import log_in
from tests.e2e.test_review_in_the_browser import run_step
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db(transaction=True)


def state(review) -> str:
    return Review.objects.get(pk=review.pk).state


def test_hr_decides_an_objection_reading_its_grounds(
    chromium, live_server, people, review, org, traveller, screenshot
):
    review = advance(review, org, "employee_response", traveller)
    grounds = "Mijn inzet voor het nieuwe zaaksysteem is niet meegewogen."
    review_object(review=review, actor=org.employee.user, grounds=grounds)
    url = f"{live_server.url}/reviews/{review.pk}/"

    employee = log_in(chromium, live_server, people["employee"])
    employee.goto(url)
    assert "beslist uiterlijk" in employee.locator("#objection").inner_text()  # who at HR, and by when

    hr = log_in(chromium, live_server, people["hr"])
    hr.goto(url)
    section = hr.locator("#objection")
    grounds_box = section.get_by_text(grounds).bounding_box()
    form_box = section.locator("#step-decide-objection").bounding_box()
    assert grounds_box["y"] < form_box["y"]  # the grounds, then the decision right under them
    with hr.expect_navigation():
        hr.click("a[href='#step-decide-objection']")  # the summary at the top leads to the form
    screenshot(hr, "whole-record-hr-decides-objection")
    run_step(
        hr,
        "decide-objection",
        {"decide_objection-reason": "De inzet voor het zaaksysteem staat in de toelichting bij Samenwerken."},
        radios={"decide_objection-decision": "rejected"},
    )
    assert state(review) == "second_review"
    text = hr.locator("#objection").inner_text()
    assert grounds in text
    assert "De inzet voor het zaaksysteem staat in de toelichting bij Samenwerken." in text


def test_the_second_reviewer_returns_and_the_manager_corrects_the_weights(
    chromium, live_server, people, review, org, traveller, screenshot
):
    review = advance(review, org, "second_review", traveller)
    url = f"{live_server.url}/reviews/{review.pk}/"
    reason = "De weging van de resultaatafspraken past niet bij het gesprek: maak ze gelijk."

    second = log_in(chromium, live_server, people["second"])
    second.goto(url)
    assert "Goed jaar." in second.locator("#appraisal-talk").inner_text()  # the talk report, before deciding
    run_step(second, "return-to-manager", {"return_to_manager-reason": reason})
    assert state(review) == "scoring"

    manager = log_in(chromium, live_server, people["manager"])
    manager.goto(url)
    assert reason in manager.locator("#steps").inner_text()  # at the top, while it is back with them
    assert reason in manager.locator("#second-review").inner_text()
    screenshot(manager, "whole-record-manager-sees-return")

    manager.goto(f"{url}plan/")
    weights = manager.locator("form:has(input[name=action][value=weights])")
    first, second_goal = review.goals.order_by("order", "id")
    weights.locator(f"[name=weights-{first.pk}]").fill("50")
    weights.locator(f"[name=weights-{second_goal.pk}]").fill("50")
    with manager.expect_navigation():
        weights.locator("button[type=submit]").click()
    assert sorted(review.goals.values_list("weight", flat=True)) == [50, 50]

    manager.goto(url)
    plan = manager.locator("#plan").inner_text()
    assert "Weging gewijzigd van 60% in 50% door Max Manager op 10 november 2026." in plan
    assert "Weging gewijzigd van 40% in 50% door Max Manager op 10 november 2026." in plan
    screenshot(manager, "whole-record-manager-corrected-weights")
