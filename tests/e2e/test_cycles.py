"""HR's cycles in headless Chromium: copying last year's cycle and opening the copy after its
confirmation, the refusal that names the people another open cycle covers, and the plan page adding two
goals with one save while the weights' total follows. Screenshots at 1366 and 390 px."""

import pytest

from reviewcycle.models import ReviewCycle
from tests.e2e.conftest import log_in
from tests.e2e.test_accessibility import problems_on

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def both_widths(page, screenshot, name: str) -> None:
    screenshot(page, f"{name}-1366")
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-390")
    page.set_viewport_size(DESKTOP)


def copy_of(page, live_server, cycle) -> ReviewCycle:
    page.goto(f"{live_server.url}/reports/cycles/{cycle.pk}/")
    with page.expect_navigation():
        page.locator("form[action$='/copy/'] button").click()
    return ReviewCycle.objects.exclude(pk=cycle.pk).get()


def test_hr_copies_last_years_cycle_and_opens_the_copy(
    chromium, live_server, people, cycle, traveller, screenshot
):
    hr = log_in(chromium, live_server, people["hr"], viewport=DESKTOP)
    copy = copy_of(hr, live_server, cycle)
    assert hr.url.endswith(f"/cycles/{copy.pk}/edit/")
    assert hr.locator("#id_name").input_value() == "Gesprekscyclus 2027"
    assert hr.locator("#id_period_start").input_value() == "2027-01-01"
    both_widths(hr, screenshot, "cycles-01-copy-form")
    with hr.expect_navigation():
        hr.locator("main form button.primary").click()
    with hr.expect_navigation():
        hr.locator(f"a[href$='/cycles/{copy.pk}/open/']").click()
    assert "Openen maakt 5 gesprekscycli aan." in hr.content()
    both_widths(hr, screenshot, "cycles-02-open-confirmation")
    assert ReviewCycle.objects.get(pk=copy.pk).state == "draft"  # the confirmation page changes nothing
    with hr.expect_navigation():
        hr.locator("main form button.primary").click()
    assert ReviewCycle.objects.get(pk=copy.pk).state == "open"
    assert copy.reviews.count() == 5


def test_opening_an_overlapping_cycle_is_refused_naming_the_people(
    chromium, live_server, people, cycle, org, traveller, screenshot
):
    hr = log_in(chromium, live_server, people["hr"], viewport=DESKTOP)
    copy = copy_of(hr, live_server, cycle)
    hr.fill("#id_period_start", "2026-06-01")  # overlaps the open 2026 cycle
    with hr.expect_navigation():
        hr.locator("main form button.primary").click()
    # The draft's own pages meet WCAG 2.1 AA as the main pages do (axe, and no overflow on a phone).
    found = []
    for path in ("open", "edit", "delete"):
        found += problems_on(hr, f"{live_server.url}/cycles/{copy.pk}/{path}/", phone=False)
    hr.set_viewport_size({"width": 320, "height": 640})
    found += problems_on(hr, f"{live_server.url}/cycles/{copy.pk}/open/", phone=True)
    hr.set_viewport_size(DESKTOP)
    assert not found, "\n".join(found)
    hr.goto(f"{live_server.url}/cycles/{copy.pk}/open/")
    refusal = hr.locator("#overlap").inner_text()
    assert "5 personen hebben al een gesprekscyclus in een andere open cyclus" in refusal
    assert "Eva Employee" in refusal
    assert "Max Manager" in refusal
    both_widths(hr, screenshot, "cycles-03-overlap-refused")
    with hr.expect_navigation():
        hr.locator("main form button.primary").click()  # without excluding anyone: refused again
    assert ReviewCycle.objects.get(pk=copy.pk).state == "draft"
    assert "Eva Employee" in hr.locator("[role=alert]").first.inner_text()
    for box in hr.locator("input[name=exclude]").all():
        box.check()
    with hr.expect_navigation():
        hr.locator("main form button.primary").click()
    opened = ReviewCycle.objects.get(pk=copy.pk)
    assert opened.state == "open"
    assert opened.excluded.count() == 5
    assert not opened.reviews.exists()


def test_the_plan_page_adds_two_goals_in_one_save_with_the_total_shown(
    chromium, live_server, people, review, traveller, screenshot
):
    manager = log_in(chromium, live_server, people["manager"], viewport=DESKTOP)
    manager.goto(f"{live_server.url}/reviews/{review.pk}/plan/")
    total = manager.locator("[data-weight-sum]")
    assert total.inner_text() == "0"
    manager.fill("[name=new-goal-title]", "Wachttijd aan de balie onder 10 minuten")
    manager.fill("[name=new-goal-weight]", "60")
    manager.fill("[name=new-goal-2-title]", "Klanttevredenheid minstens een 8")
    manager.fill("[name=new-goal-2-weight]", "40")
    assert total.inner_text() == "100"  # the script adds up as the manager types
    assert manager.locator("#weight-total").get_attribute("aria-live") == "polite"
    both_widths(manager, screenshot, "cycles-04-plan-two-goals")
    with manager.expect_navigation():
        manager.locator("form:has(input[value=new-goal]) button[type=submit]").click()
    assert review.goals.count() == 2
    assert manager.locator("[data-weight-sum]").inner_text() == "100"  # each goal counted once
    manager.fill(f"[name=weights-{review.goals.get(weight=60).pk}]", "70")
    assert manager.locator("[data-weight-sum]").inner_text() == "110"
    manager.check(f"[name=goal-{review.goals.get(weight=40).pk}-withdrawn]")
    assert manager.locator("[data-weight-sum]").inner_text() == "70"  # a withdrawn goal weighs nothing
    both_widths(manager, screenshot, "cycles-05-plan-saved")
