"""HR makes their own regeling in headless Chromium (issue 20): a new draft of *Gemeentelijk*, a question
added to its planning form, the form previewed as the employee will see it (axe: WCAG 2.1 AA, and no
wider than a 390 px phone), and the draft published."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from reviewcycle.models import CycleTemplateVersion, TalkQuestion
from tests.e2e.conftest import log_in
from tests.e2e.test_accessibility import WCAG_21_AA

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
QUESTION = "Hoe kijk je terug op de samenwerking met je team?"


def test_hr_drafts_a_regeling_adds_a_question_previews_it_and_publishes(
    chromium, live_server, people, screenshot
):
    hr = log_in(chromium, live_server, people["hr"], viewport=DESKTOP)
    hr.goto(f"{live_server.url}/")
    with hr.expect_navigation():
        hr.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Regelingen").click()
    gemeentelijk = hr.locator("section", has=hr.get_by_role("heading", name="Gemeentelijk"))
    with hr.expect_navigation():
        gemeentelijk.get_by_role("link", name="Versie 1").click()
    with hr.expect_navigation():
        hr.get_by_role("button", name="Nieuw concept beginnen vanuit deze versie").click()
    assert "Versie 2 van Gemeentelijk is als concept begonnen" in hr.content()
    violations = Axe().run(hr, options=WCAG_21_AA)  # the draft's shape form
    assert violations.violations_count == 0, violations.generate_report()

    with hr.expect_navigation():
        hr.locator("#forms-title + ul a").first.click()
    with hr.expect_navigation():
        hr.get_by_role("link", name="Vraag toevoegen aan").first.click()
    hr.locator("#id_text").fill(QUESTION)
    hr.locator("#id_kind").select_option("text")
    hr.get_by_label("De medewerker, voor het gesprek").check()
    with hr.expect_navigation():
        hr.get_by_role("button", name="Vraag opslaan").click()
    assert "De vraag is toegevoegd." in hr.content()
    assert TalkQuestion.objects.filter(text=QUESTION, section__form__template_version__number=2).exists()

    with hr.expect_navigation():
        hr.get_by_role("link", name="zoals de medewerker het ziet").click()
    field = hr.get_by_label(QUESTION)
    assert field.is_disabled()
    violations = Axe().run(hr, options=WCAG_21_AA)
    assert violations.violations_count == 0, violations.generate_report()
    screenshot(hr, "regeling-pages-01-preview-1366")
    hr.set_viewport_size(PHONE)
    overflow = hr.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the preview is {overflow}px wider than a phone"
    screenshot(hr, "regeling-pages-01-preview-390")
    hr.set_viewport_size(DESKTOP)

    with hr.expect_navigation():
        hr.locator("main > p").first.get_by_role("link").nth(1).click()  # back to the version
    violations = Axe().run(hr, options=WCAG_21_AA)
    assert violations.violations_count == 0, violations.generate_report()
    hr.get_by_label("Ik begrijp dat de gepubliceerde versie niet meer kan veranderen.").check()
    with hr.expect_navigation():
        hr.get_by_role("button", name="Deze versie publiceren").click()
    assert "Versie 2 van Gemeentelijk is gepubliceerd" in hr.content()
    draft = CycleTemplateVersion.objects.get(template__slug="gemeentelijk", number=2)
    assert draft.status == CycleTemplateVersion.Status.PUBLISHED
    screenshot(hr, "regeling-pages-02-published-1366")
