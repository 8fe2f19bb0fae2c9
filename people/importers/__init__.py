"""The people import and export, by concern (mirroring ``frameworks.importers``).

``read`` the file as rows within limits · ``parse`` each row's cells · ``check`` the rows together
and against the database · ``apply`` them (``import_people`` runs the whole import) · ``export``
the same columns back. ``base`` holds what they share (columns, ``Row``, ``Issue``, ``Report``).
"""

from people.importers.apply import import_people
from people.importers.base import Issue, Report
from people.importers.export import export_rows, exportable_employees, template_rows, write_csv, write_xlsx
from people.importers.read import ImportFileError, check_upload

__all__ = [
    "ImportFileError",
    "Issue",
    "Report",
    "check_upload",
    "export_rows",
    "exportable_employees",
    "import_people",
    "template_rows",
    "write_csv",
    "write_xlsx",
]
