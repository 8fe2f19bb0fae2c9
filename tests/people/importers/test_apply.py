"""``people.importers.apply.import_people``: the stages it reports are the ones the page can name."""

import pytest

from frameworks.services import frameworks_load_builtin
from people.importers import import_people
from people.models import PeopleImport
from tests.people.test_import import csv_bytes, hundred_rows

pytestmark = pytest.mark.django_db


def test_every_stage_is_reported_in_order_and_is_one_the_import_row_can_store():
    frameworks_load_builtin()
    reported = []
    report = import_people(
        content=csv_bytes(hundred_rows()),
        filename="medewerkers.csv",
        progress=lambda stage, done, total: reported.append((stage, done, total)),
    )
    assert report.ok, report.errors
    assert [stage for stage, _done, _total in reported] == PeopleImport.Stage.values
    assert reported[-1] == ("done", 100, 100)
