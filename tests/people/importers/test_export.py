"""``people.importers.export``: the template and the export are files the import reads back."""

import pytest

from frameworks.services import frameworks_load_builtin
from people.importers.base import COLUMNS
from people.importers.export import template_rows
from people.importers.parse import Lookups, map_columns, parse_rows

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_template_has_every_column_and_its_example_row_parses_without_issues(language):
    frameworks_load_builtin()
    header, rows = template_rows(language)
    assert list(map_columns(header)) == list(COLUMNS)
    parsed, issues, _label = parse_rows(header, enumerate(rows, start=2), Lookups(None))
    assert issues == []
    assert (parsed[0].employee_number, parsed[0].role_type.name) == ("1001", "Dienstverlener B")
