"""One review from planning to final in headless Chromium, as the manager, the employee, the second reviewer
and HR: the plan, the self-assessment, the scoring form with its proposed rating and required justification,
signing as seen with a response, finalising, and downloading the PDF. Screenshots go to test-artifacts/."""

import datetime
import subprocess

import pytest

from reviewcycle.models import Review
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def run_step(page, name: str, fields: dict | None = None, radios: dict | None = None):
    box = page.locator(f"#step-{name}")
    for field, value in (fields or {}).items():
        box.locator(f"[name={field}]").fill(value)
    for field, value in (radios or {}).items():
        box.locator(f"input[name={field}][value={value}]").check()
    with page.expect_navigation():  # the POST and its redirect, before anyone reads the result
        box.locator("button[type=submit]").click()
    if page.locator("button[name=confirmed]").count():  # a commitment: first what it means, then confirmed
        with page.expect_navigation():
            page.click("button[name=confirmed]")


def state(review) -> str:
    return Review.objects.get(pk=review.pk).state


def test_a_review_goes_from_planning_to_final_in_the_browser(
    chromium, live_server, people, review, org, traveller, screenshot
):
    url = f"{live_server.url}/reviews/{review.pk}/"

    # --- the manager plans: a goal on the plan page, then records the planning talk
    manager = log_in(chromium, live_server, people["manager"])
    manager.goto(f"{live_server.url}/team/")
    assert "Eva Employee" in manager.content()
    screenshot(manager, "01-manager-team")
    manager.goto(f"{url}plan/")
    manager.fill("[name=new-goal-title]", "Wachttijd aan de balie onder 10 minuten")
    manager.fill("[name=new-goal-measure]", "Gemiddelde per kwartaal, uit het klantvolgsysteem")
    manager.fill("[name=new-goal-weight]", "100")
    manager.fill("[name=new-goal-deadline]", "2026-12-01")
    with manager.expect_navigation():
        manager.locator("form:has(input[value=new-goal]) button[type=submit]").click()
    screenshot(manager, "02-manager-plan")
    manager.goto(url)
    run_step(manager, "record-planning-talk", {"record_planning_talk-talk_date": "2026-01-12"})
    assert state(review) == "plan_signoff"

    # --- the employee sees it is their turn, and signs the plan as agreed
    employee = log_in(chromium, live_server, people["employee"])
    assert "Actie voor jou" in employee.content()
    screenshot(employee, "03-employee-my-cycle")
    employee.goto(url)
    run_step(employee, "sign-plan", radios={"sign_plan-signature": "agreed"})
    assert state(review) == "in_progress"

    # --- half a year later: a progress talk, then the appraisal starts
    traveller.move_to(datetime.datetime(2026, 6, 12, 9, 0, tzinfo=datetime.UTC))
    manager.goto(url)
    run_step(
        manager,
        "record-progress-talk",
        {"record_progress_talk-talk_date": "2026-06-10", "record_progress_talk-notes": "Loopt op schema."},
    )
    traveller.move_to(datetime.datetime(2026, 9, 1, 9, 0, tzinfo=datetime.UTC))
    manager.goto(url)
    run_step(manager, "start-appraisal")
    assert state(review) == "self_assessment"

    # --- the employee's self-assessment: a draft first, then submitted
    employee.goto(f"{url}self-assessment/")
    for select in employee.locator("select[name$=-rating]").all():
        select.select_option("3")
    employee.locator("textarea[name$=-remark]").first.fill("Veel klanten geholpen, ook bij drukte.")
    screenshot(employee, "04-employee-self-assessment")
    with employee.expect_navigation():
        employee.click("button[name=submit]")
    assert state(review) == "scoring"

    # --- the manager scores: marks move the proposal; a rating above it makes the justification required
    manager.goto(f"{url}scoring/")
    first = manager.locator("fieldset[data-assessment]").first
    for fieldset in manager.locator("fieldset[data-assessment]").all():
        for radio in fieldset.locator("input[type=radio][value=fully]").all():
            radio.check()
    first.locator("[data-proposed]").filter(has_text="goed").wait_for()
    assert first.locator("[data-proposed]").inner_text() == "goed"
    for select in manager.locator("select[name$=-rating]:not([name=overall_rating])").all():
        select.select_option("3")
    justification = first.locator("textarea[name$=-justification]")
    assert justification.get_attribute("required") is None
    first.locator("select[name$=-rating]").select_option("4")  # zeer goed, above the proposal
    first.locator(".required-hint:not([hidden])").wait_for()
    assert justification.evaluate("field => field.required") is True
    screenshot(manager, "05-manager-scoring")
    justification.fill("Hielp drie collega's bij klachten; zie het dossier van maart en juni.")
    with manager.expect_navigation():
        manager.click("button[name=submit]")
    assert state(review) == "appraisal_talk"

    # --- the appraisal talk, and the employee signs as seen with a written response
    traveller.move_to(datetime.datetime(2026, 11, 10, 15, 0, tzinfo=datetime.UTC))
    manager.goto(url)
    run_step(
        manager,
        "record-appraisal-talk",
        {"record_appraisal_talk-talk_date": "2026-11-10", "record_appraisal_talk-summary": "Goed jaar."},
    )
    employee.goto(url)
    screenshot(employee, "06-employee-review")
    run_step(
        employee,
        "sign",
        {"sign-response": "Voor gezien; over de weging van het tweede halfjaar denk ik anders."},
        radios={"sign-signature": "seen"},
    )
    assert state(review) == "second_review"

    # --- the second reviewer finds it in the queue and finalises it, once the employee who signed as seen
    # can no longer object (the term ends on 24 November)
    traveller.move_to(datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC))
    second = log_in(chromium, live_server, people["second"])
    second.goto(f"{live_server.url}/second-review/")
    screenshot(second, "07-second-reviewer-queue")
    with second.expect_navigation():
        second.click(f"a[href='/reviews/{review.pk}/']")
    run_step(second, "finalise")
    assert state(review) == "final"

    # --- HR sees it on the dashboard
    hr = log_in(chromium, live_server, people["hr"])
    hr.goto(f"{live_server.url}/reports/cycles/{review.cycle_id}/")
    assert hr.locator("svg").count() == 5
    screenshot(hr, "08-hr-dashboard")

    # --- the employee downloads the PDF of the final appraisal
    employee.goto(f"{live_server.url}/")
    pdf = employee.context.request.get(f"{url}pdf/")
    assert pdf.headers["content-type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.body(), capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(text.split())
    assert "Eva Employee" in flat
    assert "Voor gezien ondertekend" in flat
    assert "Hielp drie collega's bij klachten" in flat
    assert "Vastgesteld" in flat
