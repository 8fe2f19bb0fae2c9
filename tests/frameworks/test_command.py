"""``manage.py framework``: errors name the file and line, and leave nothing half imported."""

import pytest
from django.core.management import CommandError, call_command

from frameworks.models import Framework, FrameworkVersion
from tests.frameworks.conftest import MATRIX, UFO_CLIENTS, UFO_LEGAL, read_seed

pytestmark = pytest.mark.django_db


def write_seed(tmp_path, name, text=None):
    path = tmp_path / name
    path.write_text(read_seed(name) if text is None else text, encoding="utf-8")
    return str(path)


def test_import_text_shows_a_summary_and_writes_a_draft(tmp_path, capsys):
    call_command("framework", "import-text", write_seed(tmp_path, MATRIX), "--framework", "kempen")
    out = capsys.readouterr().out
    assert "Format: competency-matrix" in out
    assert (
        "competency Resultaatgericht: 4 levels; indicators: 3 at level 1, 3 at level 2, 3 at level 3, 2 at level 4"
        in out
    )
    assert "20 role-type cells" in out
    version = FrameworkVersion.objects.get(framework__slug="kempen")
    assert (version.status, version.role_types.count()) == ("draft", 20)


def test_second_profile_adds_to_the_same_draft(tmp_path):
    call_command(
        "framework", "import-text", write_seed(tmp_path, UFO_LEGAL), "--framework", "uni", "--title", "Jurist"
    )
    call_command(
        "framework",
        "import-text",
        write_seed(tmp_path, UFO_CLIENTS),
        "--framework",
        "uni",
        "--title",
        "Coördinator",
        "--publish",
    )
    version = FrameworkVersion.objects.get(framework__slug="uni")
    assert (version.status, version.job_profiles.count(), version.competencies.count()) == ("published", 2, 6)


def test_a_broken_file_names_file_and_line_and_writes_nothing(tmp_path):
    broken = read_seed(MATRIX).replace("Ondersteuner D\tDienstverlener", "Ondersteuner 4\tDienstverlener", 1)
    path = write_seed(tmp_path, MATRIX, broken)
    with pytest.raises(CommandError, match=rf"{MATRIX}: line 11: expected role-type cells"):
        call_command("framework", "import-text", path, "--framework", "kempen")
    assert not Framework.objects.exists()


def test_dry_run_writes_nothing(tmp_path, capsys):
    call_command("framework", "import-text", write_seed(tmp_path, MATRIX), "--dry-run")
    assert "Dry run: nothing written." in capsys.readouterr().out
    assert not Framework.objects.exists()


def test_competency_name_option_is_checked(tmp_path):
    with pytest.raises(CommandError, match="--competency-name expects N=NAME"):
        call_command(
            "framework", "import-text", write_seed(tmp_path, UFO_LEGAL), "--competency-name", "Analyseren"
        )


def test_export_import_through_files(tmp_path):
    call_command("framework", "load-builtin")
    target = tmp_path / "kempen.yaml"
    call_command("framework", "export", "kempen-competenties", "--output", str(target))
    call_command("framework", "import", str(target))
    versions = FrameworkVersion.objects.filter(framework__slug="kempen-competenties").order_by("number")
    assert [(v.number, v.status) for v in versions] == [(1, "published"), (2, "draft")]


def test_import_of_an_invalid_file_names_the_line(tmp_path):
    path = tmp_path / "kapot.yaml"
    path.write_text(
        "format: gesprekscyclus-framework/1\nframework:\n  slug: Kapot Kader\n  name: x\ncompetencies: []\n"
    )
    with pytest.raises(
        CommandError, match=r"kapot.yaml: line 3, framework/slug: 'Kapot Kader' does not match"
    ):
        call_command("framework", "import", str(path))
    assert not Framework.objects.exists()
