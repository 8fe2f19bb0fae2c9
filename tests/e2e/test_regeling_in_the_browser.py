"""A *Goede gesprekken* review in headless Chromium: the employee prepares the first talk on its form, and
the manager cannot read it until the talk is recorded; the plan is signed "voor gezien" (the only way
this regeling allows); after the talks the manager completes the cycle of talks."""

import datetime

import pytest

from reviewcycle.models import Review
from tests.e2e.conftest import PASSWORD, log_in
from tests.e2e.test_review_in_the_browser import run_step, state
from tests.reviewcycle.shapes.test_paths import review_on

pytestmark = pytest.mark.django_db(transaction=True)

PREPARATION = "Ik wil beter leren plannen en minder overwerken."


@pytest.fixture
def goede(org, settings):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.SESSION_COOKIE_AGE = 10 * 365 * 24 * 3600
    for user in (org.manager.user, org.employee.user):
        user.set_password(PASSWORD)
        user.save()
    for employee in (org.manager, org.employee):  # Dutch people: the pages speak their language
        employee.preferred_language = "nl"
        employee.save(update_fields=["preferred_language"])
    return review_on(org, "goede-gesprekken")


def test_goede_gesprekken_with_a_private_preparation_in_the_browser(
    chromium, live_server, goede, org, traveller, screenshot
):
    url = f"{live_server.url}/reviews/{goede.pk}/"
    employee = log_in(chromium, live_server, org.employee.user)
    employee.goto(f"{url}talk-form/")
    assert employee.get_by_role("heading", name="Jouw voorbereiding").is_visible()
    assert employee.locator("main input[type=radio]:checked").count() == 0  # nothing chosen for her
    employee.locator("main textarea").first.fill(PREPARATION)
    with employee.expect_navigation():
        employee.locator("main form button.primary").click()
    screenshot(employee, "regeling-01-employee-prepares")

    manager = log_in(chromium, live_server, org.manager.user)
    manager.goto(url)
    assert PREPARATION not in manager.content()  # the employee's alone until the talk is recorded
    manager.goto(f"{url}plan/")
    manager.fill("[name=new-goal-title]", "Beter plannen")
    with manager.expect_navigation():
        manager.locator("form:has(input[value=new-goal]) button[type=submit]").click()
    manager.goto(url)
    run_step(manager, "record-planning-talk", {"record_planning_talk-talk_date": "2026-01-14"})
    assert PREPARATION in manager.content()
    screenshot(manager, "regeling-02-manager-after-the-talk")

    employee.goto(url)
    signatures = employee.locator("#step-sign-plan input[name=sign_plan-signature]")
    assert [signatures.nth(i).get_attribute("value") for i in range(signatures.count())] == ["seen"]
    run_step(employee, "sign-plan", radios={"sign_plan-signature": "seen"})
    assert state(goede) == "in_progress"

    for month in (5, 9):
        traveller.move_to(datetime.datetime(2026, month, 3, 9, tzinfo=datetime.UTC))
        manager.goto(url)
        run_step(
            manager,
            "record-progress-talk",
            {
                "record_progress_talk-talk_date": f"2026-0{month}-02",
                "record_progress_talk-notes": "Goed gesprek.",
            },
        )
        employee.goto(url)
        run_step(employee, "acknowledge-talk")  # each report signed voor gezien (talk_reports_signed)
    assert manager.locator("#step-start-appraisal").count() == 0  # no closing talk in this regeling
    manager.goto(url)  # after the employee signed the last report
    run_step(manager, "complete-talks")
    assert state(goede) == Review.State.FINAL
    page = manager.content()
    assert 'id="scores"' not in page  # no self-assessment or scores in this regeling
    assert 'id="second-review"' not in page  # nor a second reviewer
    phases = manager.locator("ol.timeline li").all_inner_texts()
    assert not any("Beoordeling" in phase or "Appraisal" in phase for phase in phases), phases
    screenshot(manager, "regeling-03-completed")
