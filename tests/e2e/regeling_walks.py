"""Shared steps for walking a built-in regeling through the pages (tests/e2e/test_regelingen_walked.py):
the people logged in, the employee's private preparation, the plan, the scoring form and signing."""

import datetime
from dataclasses import dataclass

from people.models import Employee
from reviewcycle.models import Review
from tests.e2e.conftest import PASSWORD, log_in
from tests.e2e.test_review_in_the_browser import run_step, state
from tests.reviewcycle.shapes.test_paths import review_on

__all__ = ["Walk", "prepare_privately", "run_step", "score_everything", "start_walk", "state"]


@dataclass
class Walk:
    review: Review
    url: str
    manager: object  # Playwright pages, each in a browser context of its own
    employee: object
    live_server: object
    chromium: object

    def page_of(self, user):
        return log_in(self.chromium, self.live_server, user)


def start_walk(chromium, live_server, org, settings, slug: str) -> Walk:
    """An opened cycle on the regeling ``slug`` (made by the services: not the point of the walk), with the
    manager and the employee logged in, in Dutch."""
    # The server's clock is moved by the test; the browser's is not: session cookies without a date.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.SESSION_COOKIE_AGE = 10 * 365 * 24 * 3600
    for user in (org.manager.user, org.employee.user, org.director.user, org.hr):
        user.set_password(PASSWORD)
        user.save()
    Employee.objects.filter(pk__in=[org.manager.pk, org.employee.pk, org.director.pk]).update(
        preferred_language="nl"
    )
    review = review_on(org, slug)
    return Walk(
        review=review,
        url=f"{live_server.url}/reviews/{review.pk}/",
        manager=log_in(chromium, live_server, org.manager.user),
        employee=log_in(chromium, live_server, org.employee.user),
        live_server=live_server,
        chromium=chromium,
    )


def prepare_privately(walk: Walk, text: str) -> None:
    """The employee answers a preparation question on the coming talk's form; the manager cannot read it
    (on the review page nor on the talk form) before the talk is recorded."""
    employee = walk.employee
    employee.goto(f"{walk.url}talk-form/")
    assert employee.get_by_role("heading", name="Jouw voorbereiding").is_visible(), employee.content()[:3000]
    employee.locator("main textarea").first.fill(text)
    with employee.expect_navigation():
        employee.locator("main form button.primary").click()
    employee.goto(f"{walk.url}talk-form/")
    assert text in employee.content()  # kept for her
    for page in ("", "talk-form/"):
        walk.manager.goto(f"{walk.url}{page}")
        assert text not in walk.manager.content(), page


def plan(walk: Walk, *, signature: str, preparation: str) -> None:
    """A goal on the plan page, the planning talk recorded (after which the manager reads the employee's
    preparation), and the plan signed with ``signature``."""
    manager = walk.manager
    manager.goto(f"{walk.url}plan/")
    manager.fill("[name=new-goal-title]", "Klanttevredenheid boven 8")
    weight = manager.locator("[name=new-goal-weight]")
    if weight.count():
        weight.fill("100")
    with manager.expect_navigation():
        manager.locator("form:has(input[value=new-goal]) button[type=submit]").click()
    manager.goto(walk.url)
    run_step(manager, "record-planning-talk", {"record_planning_talk-talk_date": "2026-01-14"})
    assert state(walk.review) == Review.State.PLAN_SIGNOFF
    assert preparation in manager.content()  # recorded: no longer hers alone
    walk.employee.goto(walk.url)
    signatures = walk.employee.locator("#step-sign-plan input[name=sign_plan-signature]")
    offered = [signatures.nth(i).get_attribute("value") for i in range(signatures.count())]
    assert signature in offered, offered
    run_step(walk.employee, "sign-plan", radios={"sign_plan-signature": signature})
    assert state(walk.review) == Review.State.IN_PROGRESS


def score_everything(walk: Walk) -> None:
    """The manager's scoring form: every indicator fully shown, every rating 3 (the proposal, so no
    justification is required), submitted."""
    manager = walk.manager
    manager.goto(f"{walk.url}scoring/")
    for fieldset in manager.locator("fieldset[data-assessment]").all():
        for radio in fieldset.locator("input[type=radio][value=fully]").all():
            radio.check()
    for select in manager.locator("select[name$=-rating]").all():
        select.select_option("3")
    with manager.expect_navigation():
        manager.click("button[name=submit]")
    assert state(walk.review) == Review.State.APPRAISAL_TALK, manager.content()[:3000]


def appraisal_talk(walk: Walk, summary: str, advice: str = "") -> None:
    """The closing talk recorded on the review page; with ``advice`` (a ``Review.ContractAdvice`` value)
    where the regeling has an advice on the contract."""
    walk.manager.goto(walk.url)
    run_step(
        walk.manager,
        "record-appraisal-talk",
        {"record_appraisal_talk-talk_date": "2026-09-01", "record_appraisal_talk-summary": summary},
        radios={"record_appraisal_talk-advice": advice} if advice else None,
    )


def at(traveller, month: int, day: int = 1) -> None:
    traveller.move_to(datetime.datetime(2026, month, day, 9, tzinfo=datetime.UTC))
