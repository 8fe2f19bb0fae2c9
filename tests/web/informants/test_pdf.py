"""The appraisal PDF prints the informants' aggregates and the number of answers per group, only what the
anonymity rule lets through (read back with pdftotext)."""

import datetime

import pytest

from tests.factories import EmployeeFactory
from tests.reports import needs_pdftotext
from tests.reports.test_review_pdf import flat, pdf_text
from tests.reviewcycle.helpers import advance
from tests.reviewcycle.informants.helpers import answer, ask

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 10, 30)


@pytest.fixture
def scoring(review, org, traveller):
    return advance(review, org, "scoring", traveller)


def people(org, name, count, manager=None):
    manager = manager or org.manager
    return [EmployeeFactory(name=f"{name} {n}", org_unit=org.team, manager=manager) for n in range(count)]


def appraisal_pdf(client, user, review) -> str:
    client.force_login(user)
    response = client.get(f"/reviews/{review.pk}/pdf/?form=appraisal")
    assert response.status_code == 200
    return flat(pdf_text(response.content))


@needs_pdftotext
def test_the_pdf_prints_the_shown_groups_aggregates_and_their_numbers(client, scoring, org):
    colleagues = [ask(scoring, org, "colleague", person, due=DUE) for person in people(org, "Collega", 3)]
    reports = [
        ask(scoring, org, "report", person, due=DUE) for person in people(org, "Medewerker", 2, org.employee)
    ]
    for request in colleagues + reports:
        answer(request, "partly")
    text = appraisal_pdf(client, org.manager.user, scoring)
    assert "Input from others" in text
    assert "Colleague 3" in text
    assert "Colleague: Not shown 0 · Partly shown 3 · Fully shown 0" in text
    assert "Direct report not shown" in text  # 2 of a group of 2: no number, no aggregate
    assert "Partly shown 2" not in text
    assert "Medewerker" not in text
    assert "Collega" not in text


@needs_pdftotext
def test_no_informants_no_section(client, scoring, org):
    assert "Input from others" not in appraisal_pdf(client, org.manager.user, scoring)


@needs_pdftotext
def test_every_pdf_of_the_appraisal_prints_the_same_informant_section(client, scoring, org):
    """The personal-data export's PDF (the employee's view) and HR's export of the unit's forms print the
    informants' input like the download does: the form carries it (``ReviewForm.informants``)."""
    import io
    import zipfile

    from reports.privacy import personal_data_export
    from reports.services import form_export_run, form_export_start

    for request in [ask(scoring, org, "colleague", person, due=DUE) for person in people(org, "Collega", 3)]:
        answer(request, "partly")
    data, _name = personal_data_export(employee=scoring.employee, actor=None)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        [name] = [name for name in archive.namelist() if name.endswith("-appraisal.pdf")]
        text = flat(pdf_text(archive.read(name)))
    assert "Input from others" in text
    assert "Colleague: Not shown 0 · Partly shown 3 · Fully shown 0" in text
    assert "Collega" not in text
    export = form_export_run(
        export_id=form_export_start(actor=org.hr, cycle=scoring.cycle, org_unit=scoring.org_unit).pk
    )
    with export.file.open("rb") as stored, zipfile.ZipFile(stored) as archive:
        texts = [flat(pdf_text(archive.read(name))) for name in archive.namelist()]
    assert any("Colleague: Not shown 0 · Partly shown 3 · Fully shown 0" in text for text in texts)
