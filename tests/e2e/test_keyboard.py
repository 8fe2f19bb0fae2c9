"""With the keyboard only (Tab, Space, arrow keys, a letter in a list, Enter): the manager completes the
scoring form, the employee signs the appraisal through its confirmation page; and a form that comes back
with errors puts the focus on its error summary, whose links lead to the fields (WCAG 2.1.1, 3.3.1, 3.3.4)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from reviewcycle.models import Review
from tests.e2e.conftest import log_in
from tests.e2e.test_accessibility import WCAG_21_AA
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db(transaction=True)

ACTIVE = """() => { const el = document.activeElement;
  return {tag: el.tagName.toLowerCase(), type: el.type || "", name: el.name || "", value: el.value || "",
          checked: !!el.checked, summary: el.hasAttribute("data-error-summary"), id: el.id}; }"""


def tab_until(page, wanted, *, most: int = 400) -> dict:
    """Press Tab until the focused element is ``wanted(active)``; fails after ``most`` presses."""
    for _ in range(most):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        if wanted(active):
            return active
    raise AssertionError("the keyboard never reached it")


def state(review) -> str:
    return Review.objects.get(pk=review.pk).state


def test_the_manager_completes_the_scoring_form_with_the_keyboard_only(
    chromium, live_server, people, review, org, traveller
):
    review = advance(review, org, "scoring", traveller)
    manager = log_in(chromium, live_server, people["manager"])
    manager.goto(f"{live_server.url}/reviews/{review.pk}/scoring/")
    done_groups: set[str] = set()
    for _ in range(600):
        manager.keyboard.press("Tab")
        active = manager.evaluate(ACTIVE)
        if active["type"] == "radio" and active["name"] not in done_groups:
            # A group is one Tab stop: Space chooses "not shown", two arrows move on to "fully shown".
            manager.keyboard.press("Space")
            manager.keyboard.press("ArrowRight")
            manager.keyboard.press("ArrowRight")
            assert manager.evaluate(ACTIVE)["value"] == "fully"
            done_groups.add(active["name"])
        elif active["tag"] == "select" and active["name"].endswith("-rating"):
            manager.keyboard.press("g")  # "goed", by its first letter
            assert manager.evaluate(ACTIVE)["value"] == "3"
        elif active["tag"] == "button" and active["name"] == "submit":
            break
    else:
        raise AssertionError("the keyboard never reached the submit button")
    assert done_groups
    # The proposal follows the marks, in a live region that reads the whole sentence.
    manager.locator("[data-proposal-text]:not([hidden])").first.wait_for()
    with manager.expect_navigation():
        manager.keyboard.press("Enter")
    assert state(review) == "appraisal_talk", manager.content()[:3000]


def test_the_employee_signs_with_the_keyboard_through_the_confirmation(
    chromium, live_server, people, review, org, traveller
):
    review = advance(review, org, "employee_response", traveller)
    employee = log_in(chromium, live_server, people["employee"])
    employee.goto(f"{live_server.url}/reviews/{review.pk}/")
    tab_until(employee, lambda active: active["name"] == "sign-signature")
    employee.keyboard.press("Space")  # the first choice: voor gezien
    assert employee.evaluate(ACTIVE)["value"] == "seen"
    tab_until(employee, lambda active: active["name"] == "sign-response")
    employee.keyboard.type("Ik heb de beoordeling gelezen.")
    tab_until(
        employee,
        lambda active: (
            active["tag"] == "button"
            and "steps/sign/"
            in employee.evaluate(
                "() => document.activeElement.form ? document.activeElement.form.action : ''"
            )
        ),
    )
    with employee.expect_navigation():
        employee.keyboard.press("Enter")
    assert "je hebt de beoordeling ontvangen en gelezen" in employee.content()
    assert state(review) == "employee_response"  # nothing signed before it is confirmed
    found = Axe().run(employee, options=WCAG_21_AA)
    assert found.violations_count == 0, found.generate_report()
    tab_until(employee, lambda active: active["name"] == "confirmed")
    with employee.expect_navigation():
        employee.keyboard.press("Enter")
    signed = Review.objects.get(pk=review.pk)
    assert (signed.state, signed.signature, signed.employee_response) == (
        "second_review",
        "seen",
        "Ik heb de beoordeling gelezen.",
    )


def test_an_error_summary_takes_the_focus_and_its_links_lead_to_the_fields(
    chromium, live_server, people, review, org, traveller
):
    review = advance(review, org, "plan_signoff", traveller)
    manager = log_in(chromium, live_server, people["manager"])
    manager.goto(f"{live_server.url}/reviews/{review.pk}/")
    # Reopening the plan needs a reason; a blank one (spaces pass the browser's check) comes back from the server.
    tab_until(manager, lambda active: active["name"] == "reopen_plan-reason")
    manager.keyboard.type("   ")
    manager.keyboard.press("Tab")
    with manager.expect_navigation():
        manager.keyboard.press("Enter")
    manager.wait_for_function("() => document.activeElement.hasAttribute('data-error-summary')")
    assert manager.evaluate(ACTIVE)["summary"]
    found = Axe().run(manager, options=WCAG_21_AA)
    assert found.violations_count == 0, found.generate_report()
    manager.keyboard.press("Tab")
    link = manager.evaluate("() => document.activeElement.getAttribute('href')")
    assert link == "#id_reopen_plan-reason"
    manager.keyboard.press("Enter")
    assert manager.evaluate(ACTIVE)["id"] == "id_reopen_plan-reason"


def test_a_goal_rated_below_the_norm_marks_its_justification_required_before_submit(
    chromium, live_server, people, review, org, traveller
):
    review = advance(review, org, "scoring", traveller)
    manager = log_in(chromium, live_server, people["manager"])
    manager.goto(f"{live_server.url}/reviews/{review.pk}/scoring/")
    goal = manager.locator("fieldset[data-goal]").first
    justification = goal.locator("textarea[name$=-justification]")
    assert justification.evaluate("field => field.required") is False
    goal.locator("select[name$=-rating]").select_option("1")  # onvoldoende: below the norm
    goal.locator(".required-hint:not([hidden])").wait_for()
    assert justification.evaluate("field => field.required") is True
    goal.locator("select[name$=-rating]").select_option("3")
    goal.locator(".required-hint[hidden]").wait_for(state="attached")
    assert justification.evaluate("field => field.required") is False
