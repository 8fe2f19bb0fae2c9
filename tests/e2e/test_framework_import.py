"""HR imports a Word document in headless Chromium (issue 19): two competencies, the second without its
name (the export lost it); HR gives the name on the preview, beside the document, imports it and sees the
draft. The preview passes axe (WCAG 2.1 AA) and fits a 390 px phone. Screenshots at 1366 and 390 px."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from frameworks.models import FrameworkVersion
from frameworks.selectors import version_document
from tests.e2e.conftest import log_in
from tests.e2e.test_accessibility import WCAG_21_AA
from tests.frameworks.documents import to_docx

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

# The second competency's name was lost: only its definition and levels remain.
DOCUMENT = """\
Samenwerken
Je werkt met anderen aan een gezamenlijk resultaat.
Niveau 1
• Deelt informatie met collega's.
• Helpt een collega die vastloopt.
Niveau 2
• Stemt het eigen werk af met andere teams.

Je gaat uit van wat de klant nodig heeft.
Niveau 1
• Luistert naar de vraag van de klant.
Niveau 2
• Denkt mee met de klant.
• Zoekt een oplossing die bij de klant past.
"""


def test_hr_imports_a_word_document_names_the_lost_competency_and_sees_the_draft(
    chromium, live_server, people, screenshot, tmp_path
):
    document = tmp_path / "woordenboek.docx"
    document.write_bytes(to_docx(DOCUMENT))
    hr = log_in(chromium, live_server, people["hr"], viewport=DESKTOP)
    hr.goto(f"{live_server.url}/frameworks/import/")
    hr.set_input_files("#id_file", str(document))
    with hr.expect_navigation():
        hr.get_by_role("button", name="Document inlezen").click()
    assert hr.get_by_role("heading", name="Controleer wat er is herkend").is_visible()
    assert hr.locator("#id_c0-name").input_value() == "Samenwerken"
    assert hr.locator("#id_c1-name").input_value() == ""  # lost: to fill in
    assert "Competentie 2 heeft geen naam in het document" in hr.content()
    assert hr.locator(".source-lines li.marked").count() >= 1  # the document beside it, the line marked
    assert not FrameworkVersion.objects.filter(
        status=FrameworkVersion.Status.DRAFT
    ).exists()  # nothing stored
    violations = Axe().run(hr, options=WCAG_21_AA)
    assert violations.violations_count == 0, violations.generate_report()
    screenshot(hr, "framework-import-01-preview-1366")
    hr.set_viewport_size(PHONE)
    overflow = hr.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the preview is {overflow}px wider than a phone"
    screenshot(hr, "framework-import-01-preview-390")
    hr.set_viewport_size(DESKTOP)

    hr.fill("#id_c1-name", "Klantgerichtheid")
    with hr.expect_navigation():
        hr.get_by_role("button", name="Importeren als concept").click()
    assert hr.get_by_role("heading", name="Klantgerichtheid").is_visible()
    assert "Een concept" in hr.content()
    screenshot(hr, "framework-import-02-draft-1366")
    version = FrameworkVersion.objects.get(status=FrameworkVersion.Status.DRAFT)
    competencies = version_document(version=version)["competencies"]
    assert [c["name"] for c in competencies] == ["Samenwerken", "Klantgerichtheid"]
    assert [len(level["indicators"]) for level in competencies[1]["levels"]] == [1, 2]
