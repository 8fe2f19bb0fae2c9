"""The people file written back: the export of the employees and the empty template, in the import's columns.

An export read by the import changes nothing (``read`` un-escapes what ``core.tabular`` escapes).
"""

from collections.abc import Iterable, Iterator

from django.db.models import QuerySet

from core import tabular
from core.tabular import write_csv
from people.importers.base import COLUMNS, HEADERS, hr_scope_units, unit_paths
from people.importers.parse import UNIT_SEPARATOR
from people.models import Employee

__all__ = ["export_rows", "exportable_employees", "template_rows", "write_csv", "write_xlsx"]


SHEET = "Medewerkers"  # the sheet of the XLSX export and template
EXPORT_CHUNK = 2000  # employees read at a time: the memory a streamed export holds


def export_rows(employees: Iterable[Employee], language: str = "nl") -> tuple[list[str], Iterator[list[str]]]:
    """The header and one row of text per employee, in the same columns the import reads, so HR can round-trip.

    ``employees`` should come from ``exportable_employees`` (manager, role cell and profile
    joined); ``language`` (``"nl"`` or ``"en"``) names the columns. The rows are a generator: a
    queryset is read ``EXPORT_CHUNK`` employees at a time as they are consumed (the units' paths
    first, one query), so a streamed file starts before a row is read. Raises nothing.
    """
    header = [HEADERS[language][column] for column in COLUMNS]
    return header, _rows(employees)


def _rows(employees: Iterable[Employee]) -> Iterator[list[str]]:
    paths = {unit_id: " / ".join(path) for path, unit_id in unit_paths().items()}
    hr_units = hr_scope_units()
    if isinstance(employees, QuerySet):
        employees = employees.iterator(chunk_size=EXPORT_CHUNK)
    for employee in employees:
        yield [
            employee.employee_number,
            employee.name,
            employee.email,
            paths.get(employee.org_unit_id, ""),
            employee.manager.employee_number if employee.manager_id else "",
            employee.role_type.name if employee.role_type_id else "",
            employee.job_profile.title if employee.job_profile_id else "",
            str(employee.job_profile_level or ""),
            employee.start_date.isoformat() if employee.start_date else "",
            employee.end_date.isoformat() if employee.end_date else "",
            employee.contract_end_date.isoformat() if employee.contract_end_date else "",
            employee.preferred_language,
            f"{UNIT_SEPARATOR} ".join(sorted(paths[unit] for unit in hr_units.get(employee.user_id, ()))),
        ]


def write_xlsx(header: list[str], rows: Iterable[list[str]]) -> bytes:
    """The rows as an XLSX workbook with one sheet, "Medewerkers" (``core.tabular.write_xlsx``: text stays text)."""
    return tabular.write_xlsx(header, rows, sheet_title=SHEET)


def template_rows(language: str = "nl") -> tuple[list[str], list[list[str]]]:
    """The import template: the header in ``language`` (``"nl"`` or ``"en"``) and one example row."""
    header = [HEADERS[language][column] for column in COLUMNS]
    example = [
        "1001",
        "Sanne Willems",
        "s.willems@voorbeeld.nl",
        "Gemeente Voorbeeld / Dienstverlening / Burgerzaken",
        "1003",
        "Dienstverlener B",
        "",
        "",
        "2019-04-01",
        "",
        "",
        "nl",
        "",
    ]
    return header, [example]


def exportable_employees() -> QuerySet[Employee]:
    """Every employee, active or not, by employee number, with what ``export_rows`` reads joined.

    For ``manage.py people export``: no permission check (the API's export reads only the
    caller's HR units and answers 403 to someone who is no HR).
    """
    return Employee.objects.select_related("manager", "role_type", "job_profile").order_by("employee_number")
