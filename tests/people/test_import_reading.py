"""Reading an HR export: what is read is what the spreadsheet shows, within limits, without bad bytes.

Faults 2, 3, 4 and 5 of issue 14: zip bombs, row limits, UTF-16 and NUL bytes; control
characters in single-line text; export → import changes nothing; leading zeros.
"""

import io
import zipfile

import pytest
from django.test import override_settings
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from people.importers import (
    ImportFileError,
    export_rows,
    exportable_employees,
    import_people,
    write_csv,
    write_xlsx,
)
from people.models import Employee, OrgUnit
from tests.people.test_import import HEADER, ROOT, csv_bytes, person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frameworks(db):
    from frameworks.services import frameworks_load_builtin

    frameworks_load_builtin()


def xlsx_bytes(header, rows, *, number_format: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if number_format:  # on the number and the manager's number
        for row in sheet.iter_rows(min_row=2):
            row[0].number_format = row[4].number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bomb_xlsx(unzipped_mb: int) -> bytes:
    """A real XLSX whose sheet is padded with whitespace: a few hundred KB that unzip to ``unzipped_mb`` MB."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(HEADER, [person(1)])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * (unzipped_mb << 20))
            bomb.writestr(info.filename, data)
    return buffer.getvalue()


# --- limits (fault 2) ----------------------------------------------------------------------


def test_an_xlsx_that_unzips_beyond_the_limit_is_refused_before_it_is_parsed():
    bomb = zip_bomb_xlsx(60)
    assert len(bomb) < 1_000_000
    with (
        override_settings(IMPORT_MAX_UNZIPPED_BYTES=50 << 20),
        pytest.raises(ImportFileError, match="unpacks to more than 50 MB"),
    ):
        import_people(content=bomb, filename="bom.xlsx")
    assert Employee.objects.count() == 0


def test_reading_stops_at_the_row_limit():
    rows = [person(n, manager=1 if n > 1 else "") for n in range(1, 12)]
    with override_settings(IMPORT_MAX_ROWS=10):
        for content, name in ((csv_bytes(rows), "m.csv"), (xlsx_bytes(HEADER, rows), "m.xlsx")):
            with pytest.raises(ImportFileError, match="At most 10 rows per file"):
                import_people(content=content, filename=name)
        assert import_people(content=csv_bytes(rows[:10]), filename="m.csv").ok


def test_reading_is_lazy_so_the_row_limit_stops_a_huge_file_early():
    from people.importers.read import read_table

    header, rows = read_table(csv_bytes([person(n) for n in range(1, 50)]), "m.csv")
    assert header[0] == "Personeelsnummer"
    assert not isinstance(rows, list)  # a generator: nothing was built before the limit is checked


def test_not_a_spreadsheet_is_a_file_error_without_raw_exception_text():
    for content, name in ((b"%PDF-1.4 ...", "m.xlsx"), (b"PK\x03\x04broken", "m.xlsx"), (b"%PDF", "m.pdf")):
        with pytest.raises(ImportFileError) as raised:
            import_people(content=content, filename=name)
        message = str(raised.value)
        assert "zip" not in message, message
        assert "Error" not in message, message


def test_a_utf16_file_with_a_byte_order_mark_is_read_as_text():
    """Excel's "Unicode text" is UTF-16 with tabs; it is read, not stored with NUL bytes."""
    text = "\t".join(HEADER) + "\r\n" + "\t".join(person(1, name="Zoë Çelik")) + "\r\n"
    report = import_people(content=text.encode("utf-16"), filename="unicode.txt")
    assert report.ok, report.errors
    assert Employee.objects.get().name == "Zoë Çelik"


def test_a_utf16_file_without_byte_order_mark_is_a_file_error():
    content = ";".join(HEADER).encode("utf-16-le") + b"\r\x00\n\x00" + ";".join(person(1)).encode("utf-16-le")
    with pytest.raises(ImportFileError, match="UTF-16"):
        import_people(content=content, filename="m.csv")


def test_a_nul_byte_in_a_cell_is_a_row_and_column_error():
    rows = [person(1), person(2, manager=1)]
    rows[1][1] = "Bert\x00Bakker"
    for content, name in ((csv_bytes(rows), "m.csv"),):
        report = import_people(content=content, filename=name)
        assert [(issue.row, issue.column) for issue in report.errors] == [(3, "Naam")]
        assert "invisible character" in report.errors[0].message
    assert Employee.objects.count() == 0


# --- control characters (fault 3, the import side) ---------------------------------------------


@pytest.mark.parametrize(
    ("column", "value"),
    [
        (1, "Anne\r\nBcc: x@evil.nl"),
        (1, "Anne\tde Wit"),
        (2, "anne@proef.nl\n"),
        (3, f"{ROOT} / Dienst\u2028verlening"),
        (4, "1\x0b"),
        (5, "Dienstverlener\x1fB"),
        (6, "2020-01-01\x00"),
        (8, "nl\x7f"),
        (1, "Anne\u202egnirts"),  # right-to-left override ("Trojan Source")
        (1, "Anne\u2066de Wit\u2069"),
        (1, "Anne\ufffe"),
        (3, f"{ROOT} / Dienst\u202averlening"),
    ],
)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_control_character_in_any_text_column_is_a_row_error(column, value, file_format):
    if file_format == "xlsx" and (ILLEGAL_CHARACTERS_RE.search(value) or {"\ufffe", "\uffff"} & set(value)):
        return  # XML cannot hold this character, so no XLSX file can
    rows = [person(1), person(2, manager=1)]
    rows[1][column] = value
    content = csv_bytes(rows) if file_format == "csv" else xlsx_bytes(HEADER, rows)
    report = import_people(content=content, filename=f"m.{file_format}")
    assert (3, HEADER[column]) in [(issue.row, issue.column) for issue in report.errors], report.errors
    message = next(issue.message for issue in report.errors if issue.column == HEADER[column])
    assert "invisible" in message
    assert Employee.objects.count() == 0


def test_a_control_character_in_a_header_does_not_reach_the_database():
    content = csv_bytes([person(1)], header=[*HEADER[:-1], "Taal\x00"])
    with pytest.raises(ImportFileError) as raised:
        import_people(content=content, filename="m.csv")
    assert "\x00" not in str(raised.value)


# --- export → import changes nothing (fault 4, the import side) ---------------------------------

TRICKY = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "@SUM(A1)",
    "-5",
    "'s-Hertogenbosch",
    "''=1",
    "'=1",
]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_then_import_changes_nothing_for_formula_like_values(file_format):
    rows = [person(1, name=TRICKY[0])]
    rows[0][3] = "=1+1 / Team"  # a unit named =1+1 at the top, so its path starts with "="
    rows += [person(n + 2, manager=1, name=name) for n, name in enumerate(TRICKY[1:])]
    # Load the values as they are meant (through XLSX, which holds text as text).
    report = import_people(content=write_xlsx(HEADER, rows), filename="m.xlsx")
    assert report.ok, report.errors
    before = {
        e.employee_number: (e.name, e.org_unit.name) for e in Employee.objects.select_related("org_unit")
    }
    assert before["1"] == (TRICKY[0], "Team")
    assert sorted(name for name, _unit in before.values()) == sorted(TRICKY)
    header, exported = export_rows(exportable_employees(), "nl")
    content = write_csv(header, exported) if file_format == "csv" else write_xlsx(header, exported)
    report = import_people(content=content, filename=f"export.{file_format}")
    assert report.ok, report.errors
    assert (report.created, report.updated, report.units_created) == ([], {}, [])
    assert report.unchanged == len(TRICKY)
    after = {
        e.employee_number: (e.name, e.org_unit.name) for e in Employee.objects.select_related("org_unit")
    }
    assert after == before
    assert OrgUnit.objects.filter(name="=1+1").count() == 1


# --- leading zeros (fault 5) -------------------------------------------------------------------


def test_numeric_cells_are_read_as_excel_shows_them():
    rows = [[412, "Anne", "anne@proef.nl", ROOT, "", "Directeur A", "2020-01-01", "", "nl"]]
    rows.append([413, "Bert", "bert@proef.nl", ROOT, 412, "Adviseur A", "2020-01-01", "", "nl"])
    content = xlsx_bytes(HEADER, rows, number_format="000000")
    assert load_workbook(io.BytesIO(content)).active["A2"].value == 412  # a number, shown as 000412
    report = import_people(content=content, filename="m.xlsx")
    assert report.ok, report.errors
    assert sorted(Employee.objects.values_list("employee_number", flat=True)) == ["000412", "000413"]


def test_a_number_that_differs_only_in_leading_zeros_is_refused():
    import_people(content=csv_bytes([person("000412"), person("000413", manager="000412")]), filename="m.csv")
    rows = [[412, "Anne", "anne@proef.nl", f"{ROOT} / Dienstverlening / Burgerzaken", "", "Dienstverlener B"]]
    content = xlsx_bytes(HEADER[:6], rows)  # a plain number: shown as 412
    report = import_people(content=content, filename="m.xlsx")
    assert [(issue.row, issue.column) for issue in report.errors] == [(2, "Personeelsnummer")]
    assert "000412" in report.errors[0].message
    assert Employee.objects.count() == 2
    # Within one file too.
    report = import_people(content=csv_bytes([person("0077"), person("77")]), filename="m.csv")
    assert [(issue.row, issue.column) for issue in report.errors] == [(3, "Personeelsnummer")]


def test_an_org_unit_path_deeper_than_the_limit_is_a_row_error_and_cheap():
    import time

    from people.selectors import MAX_DEPTH

    deep = " / ".join(f"Laag {level}" for level in range(3000))
    rows = [person(1), person(2, manager=1)]
    rows[1][3] = deep
    started = time.monotonic()
    report = import_people(content=csv_bytes(rows), filename="m.csv", dry_run=True)
    assert time.monotonic() - started < 2
    assert [(issue.row, issue.column) for issue in report.errors] == [(3, HEADER[3])]
    assert str(MAX_DEPTH) in report.errors[0].message
    assert len(report.errors[0].message) < 200  # the path itself is not echoed back
    rows[1][3] = " / ".join(f"Laag {level}" for level in range(MAX_DEPTH + 1))
    assert not run_ok(rows)
    rows[1][3] = " / ".join(f"Laag {level}" for level in range(MAX_DEPTH))
    assert run_ok(rows)
    assert OrgUnit.objects.count() == MAX_DEPTH + 3  # the 64 levels, plus person 1's three units


def run_ok(rows) -> bool:
    return import_people(content=csv_bytes(rows), filename="m.csv").ok
