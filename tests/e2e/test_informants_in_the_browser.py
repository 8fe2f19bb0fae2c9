"""Informants in headless Chromium: the manager asks two colleagues, a report and an external contact for
input on the review page; the colleagues and the report answer in the product, the external contact
through the mailed link in a fresh browser (no account); the scoring form then shows the informants'
aggregate beside the self-assessment and the manager's mark. The pages pass axe (WCAG 2.1 AA) and do not
overflow a 390-pixel phone."""

import re

import pytest
from django.core.cache import cache

from notifications.models import Notification
from notifications.services import deliver
from reviewcycle.informants import tokens
from tests.e2e.conftest import PASSWORD, log_in
from tests.e2e.test_accessibility import problems_on
from tests.factories import EmployeeFactory
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db(transaction=True)

LINK = re.compile(r"https?://[^\s\"]+/informant/link/[A-Za-z0-9_-]+/")
PHONE = {"width": 390, "height": 844}


def informant(org, name, manager):
    employee = EmployeeFactory(name=name, org_unit=org.team, manager=manager, preferred_language="nl")
    employee.user.set_password(PASSWORD)
    employee.user.save()
    return employee


def ask(page, relation, *, person=None, email="", name=""):
    box = page.locator("#ask-informant")
    if not box.evaluate("el => el.open"):
        box.locator("summary").click()
    box.locator("[name=informant-relation]").select_option(relation)
    if person is not None:  # found by typing: the page lists nobody (a unit may have hundreds of people)
        field = box.get_by_role("combobox", name="Persoon (niet voor een extern contact)")
        field.press_sequentially(person.name)
        page.get_by_role(
            "option", name=f"{person.name} ({person.employee_number}), {person.org_unit.name}"
        ).click()
    if email:
        box.locator("[name=informant-email]").fill(email)
        box.locator("[name=informant-name]").fill(name)
    box.locator("[name=informant-due_date]").fill("2026-09-30")
    with page.expect_navigation():
        box.locator("button[type=submit]").click()


def answer(page, mark):
    for fieldset in page.locator("fieldset.indicator").all():
        fieldset.locator(f"input[value={mark}]").check()
    with page.expect_navigation():
        page.locator("#informant-form button[type=submit]").click()


def test_the_manager_asks_four_people_and_sees_their_aggregate_when_scoring(
    chromium, live_server, people, review, org, traveller, mailoutbox, screenshot
):
    cache.delete(tokens._failures_key("127.0.0.1"))
    scoring = advance(review, org, "scoring", traveller)
    version = scoring.cycle.template_version
    version.informant_merge_small_groups = True  # two colleagues and one report: shown as one group of three
    version.save(update_fields=["informant_merge_small_groups"])
    colleagues = [informant(org, name, org.manager) for name in ("Cor Collega", "Carla Collega")]
    report = informant(org, "Mees Medewerker", org.employee)
    url = f"{live_server.url}/reviews/{scoring.pk}/"

    manager = log_in(chromium, live_server, people["manager"])
    manager.goto(url)
    for colleague in colleagues:
        ask(manager, "colleague", person=colleague)
    ask(manager, "report", person=report)
    ask(manager, "external", email="karin@klant.example", name="Karin Klant")
    rows = manager.locator("table.informant-requests tbody tr")
    assert rows.count() == 4
    screenshot(manager, "informants-01-asked")
    assert problems_on(manager, url, phone=False) == []

    for person, mark in ((colleagues[0], "fully"), (colleagues[1], "partly"), (report, "fully")):
        page = log_in(chromium, live_server, person.user)
        page.locator("a[href^='/informant/']").first.click()
        page.wait_for_load_state()
        answer(page, mark)
        assert "verstuurd" in page.content()
        page.context.close()

    row = Notification.objects.get(address="karin@klant.example", sent_at__isnull=True)
    assert deliver(row.pk) == "sent"
    link = LINK.search(mailoutbox[-1].body).group(0)
    link = live_server.url + link[link.index("/informant/") :]
    external = chromium.new_context(locale="nl-NL", viewport=PHONE).new_page()  # no login, a phone
    external.goto(link)
    assert problems_on(external, link, phone=True) == []
    answer(external, "partly")
    assert "De link werkt niet meer" in external.content()
    external.goto(link)
    assert "Deze link werkt niet" in external.content()
    external.context.close()

    manager.goto(f"{url}scoring/")
    table = manager.locator("fieldset.competency").first
    cells = table.locator("td.informants").all_inner_texts()
    assert any("Collega's en medewerkers samen" in cell and "Volledig" in cell for cell in cells), cells
    assert any("Karin Klant" in cell for cell in cells), cells
    assert "Zelfbeoordeling" in table.inner_text()
    assert "Cor Collega" not in manager.content()
    screenshot(manager, "informants-02-scoring")
    assert problems_on(manager, f"{url}scoring/", phone=False) == []
