"""The built-in regelingen beside *Goede gesprekken* (tests/e2e/test_regeling_in_the_browser.py) walked in
headless Chromium from an opened cycle to final, through the pages as the manager, the employee and the
second reviewer where the regeling has one — each with the employee's preparation private until the
planning talk is recorded. The cycle itself is made by the services: not the point of these walks."""

import pytest

from reviewcycle.models import Review
from tests.e2e.regeling_walks import (
    appraisal_talk,
    at,
    plan,
    prepare_privately,
    run_step,
    score_everything,
    start_walk,
    state,
)

pytestmark = pytest.mark.django_db(transaction=True)

PREPARATION = "Ik wil meer klantcontact en minder administratie."
STAYING = "Ik blijf graag, met een vaste werkplek."


def finalised_by_the_second_reviewer(walk, org) -> None:
    second = walk.page_of(org.director.user)
    second.goto(f"{walk.live_server.url}/second-review/")
    with second.expect_navigation():
        second.click(f"a[href='/reviews/{walk.review.pk}/']")
    run_step(second, "finalise")
    assert state(walk.review) == Review.State.FINAL


def test_gemeentelijk_walked_in_the_browser(chromium, live_server, org, settings, traveller):
    walk = start_walk(chromium, live_server, org, settings, "gemeentelijk")
    prepare_privately(walk, PREPARATION)
    plan(walk, signature="agreed", preparation=PREPARATION)
    at(traveller, 6, 12)
    walk.manager.goto(walk.url)
    run_step(
        walk.manager,
        "record-progress-talk",
        {"record_progress_talk-talk_date": "2026-06-10", "record_progress_talk-notes": "Op schema."},
    )
    at(traveller, 9)
    walk.manager.goto(walk.url)
    run_step(walk.manager, "start-appraisal")
    assert state(walk.review) == Review.State.SELF_ASSESSMENT
    walk.employee.goto(f"{walk.url}self-assessment/")
    for select in walk.employee.locator("select[name$=-rating]").all():
        select.select_option("3")
    with walk.employee.expect_navigation():
        walk.employee.click("button[name=submit]")
    assert state(walk.review) == Review.State.SCORING
    score_everything(walk)
    appraisal_talk(walk, "Goed jaar.")
    walk.employee.goto(walk.url)
    run_step(walk.employee, "sign", radios={"sign-signature": "agreed"})
    assert state(walk.review) == Review.State.SECOND_REVIEW
    finalised_by_the_second_reviewer(walk, org)


def test_twee_gesprekken_walked_in_the_browser(chromium, live_server, org, settings, traveller):
    walk = start_walk(chromium, live_server, org, settings, "twee-gesprekken")
    prepare_privately(walk, PREPARATION)
    plan(walk, signature="agreed", preparation=PREPARATION)
    at(traveller, 9)
    walk.manager.goto(walk.url)
    assert walk.manager.locator("#step-record-progress-talk").count() in (0, 1)  # optional here
    run_step(walk.manager, "start-appraisal")
    assert state(walk.review) == Review.State.SCORING  # no progress talk, no self-assessment
    score_everything(walk)
    appraisal_talk(walk, "Goed jaar.")
    walk.employee.goto(walk.url)
    run_step(walk.employee, "sign", radios={"sign-signature": "seen"})
    assert state(walk.review) == Review.State.SECOND_REVIEW
    at(traveller, 9, 20)  # signed as seen: finalised once the term for bedenkingen has ended
    finalised_by_the_second_reviewer(walk, org)


def test_r_en_o_walked_in_the_browser(chromium, live_server, org, settings, traveller):
    walk = start_walk(chromium, live_server, org, settings, "r-en-o-gesprek")
    prepare_privately(walk, PREPARATION)
    plan(walk, signature="agreed", preparation=PREPARATION)
    at(traveller, 9)
    walk.manager.goto(walk.url)
    run_step(walk.manager, "start-appraisal")
    assert state(walk.review) == Review.State.APPRAISAL_TALK  # no scores
    appraisal_talk(walk, "Resultaten behaald.")
    walk.employee.goto(walk.url)
    signatures = walk.employee.locator("#step-sign input[name=sign-signature]")
    assert [signatures.nth(i).get_attribute("value") for i in range(signatures.count())] == ["agreed"]
    run_step(walk.employee, "sign", radios={"sign-signature": "agreed"})
    assert state(walk.review) == Review.State.FINAL  # no second reviewer


def test_proeftijd_walked_in_the_browser(chromium, live_server, org, settings, traveller):
    walk = start_walk(chromium, live_server, org, settings, "proeftijd-en-tijdelijk-contract")
    prepare_privately(walk, PREPARATION)
    plan(walk, signature="seen", preparation=PREPARATION)
    at(traveller, 9)
    walk.manager.goto(walk.url)
    run_step(walk.manager, "start-appraisal")
    assert state(walk.review) == Review.State.APPRAISAL_TALK
    # the evaluation: the employee prepares it, the manager gives the advice as the talk is recorded
    prepare_privately(walk, STAYING)
    appraisal_talk(walk, "Goed ingewerkt.", advice="continue")
    assert STAYING in walk.manager.content()  # recorded: no longer hers alone
    walk.employee.goto(walk.url)
    assert walk.employee.locator("#step-object").count() == 0  # no objection in this regeling
    run_step(walk.employee, "sign", radios={"sign-signature": "seen"})
    assert state(walk.review) == Review.State.FINAL
    hr = walk.page_of(org.hr)
    hr.goto(walk.url)
    record = hr.locator("main").inner_text()
    assert "Contract voortzetten" in record  # the advice HR sees
    assert "Tijdelijk contract verlengen" not in record  # and not the options it was chosen from
