"""``manage.py people import`` prints in one language, the installation's (Dutch by default): the
summary, the lists of who changed, the trial-run line and its errors (issue 23)."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from frameworks.services import frameworks_load_builtin
from tests.people.test_import import ROOT, csv_bytes, person

pytestmark = pytest.mark.django_db

ENGLISH = re.compile(r"\b(rows|created|updated|deactivated|unchanged|Dry run|Trial run|nothing|Wrote)\b")


def test_the_import_command_prints_dutch_only(tmp_path):
    frameworks_load_builtin()
    source = tmp_path / "mensen.csv"
    source.write_bytes(csv_bytes([[*person(1, unit=ROOT)], [*person(2, manager="1")]]))
    out = StringIO()
    with translation.override("nl"):
        call_command("people", "import", str(source), "--dry-run", stdout=out)
    printed = out.getvalue()
    assert "2 rijen: 2 zouden worden aangemaakt" in printed
    assert "  aangemaakt: 1, 2" in printed
    assert "Proefdraai: er is niets gewijzigd." in printed
    assert not ENGLISH.search(printed), printed

    with translation.override("nl"), pytest.raises(CommandError, match="het bestand kon niet worden gelezen"):
        call_command("people", "import", str(tmp_path / "weg.csv"))
