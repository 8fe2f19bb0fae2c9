"""``framework import-text`` never merges silently into another framework, prints its warnings,
honours --competency-name and --title, and ``framework export`` says which version it writes."""

import pytest
from django.core.management import call_command
from django.utils import translation

from frameworks.models import Framework, FrameworkVersion
from tests.frameworks.conftest import LEVELLED, read_seed

pytestmark = pytest.mark.django_db

FOUR_LEVELS = """Samenwerken

Werkt met anderen aan een gezamenlijk resultaat.

Niveau 1
– Deelt informatie met collega's.
– Helpt een collega die vastloopt.

Niveau 2
– Stemt het eigen werk af op dat van anderen.

Niveau 3
– Zoekt samenwerking over afdelingen heen.

Niveau 4
– Bouwt netwerken met partners buiten de organisatie.
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_without_framework_a_levelled_import_is_a_new_draft_not_merged_into_the_builtin(tmp_path, capsys):
    call_command("framework", "load-builtin")
    builtin = Framework.objects.get(slug="competentiewoordenboek")
    builtin_competencies = builtin.versions.get().competencies.count()

    call_command("framework", "import-text", write(tmp_path, "samenwerken.txt", FOUR_LEVELS))

    out = capsys.readouterr().out
    assert "New framework competentiewoordenboek-2" in out
    assert builtin.versions.count() == 1
    assert builtin.versions.get().competencies.count() == builtin_competencies
    draft = FrameworkVersion.objects.get(framework__slug="competentiewoordenboek-2")
    assert draft.status == "draft"
    assert [competency.name for competency in draft.competencies.all()] == ["Samenwerken"]


def test_an_explicit_framework_adds_to_its_draft(tmp_path):
    call_command(
        "framework", "import-text", write(tmp_path, "a.txt", read_seed(LEVELLED)), "--framework", "wb"
    )
    call_command("framework", "import-text", write(tmp_path, "b.txt", FOUR_LEVELS), "--framework", "wb")
    version = FrameworkVersion.objects.get(framework__slug="wb")
    assert sorted(competency.name for competency in version.competencies.all()) == [
        "Klantgerichtheid",
        "Samenwerken",
    ]


def test_the_command_prints_the_warnings_in_dutch_with_their_line(tmp_path, capsys):
    text = FOUR_LEVELS.replace("– Deelt", "Deelt").replace("– Helpt", "Helpt")
    with translation.override("nl"):  # the command speaks the default language, Dutch
        call_command("framework", "import-text", write(tmp_path, "zonder.txt", text), "--dry-run")
    out = capsys.readouterr().out
    assert (
        "regel 5: De gedragsindicatoren van dit niveau hebben geen opsommingstekens: "
        "elk van de 2 regels is gelezen als één gedragsindicator."
    ) in out
    # The whole output in one language (issue 23): what was found and the dry run too.
    assert "Soort document: levelled-competency" in out
    assert "competentie Samenwerken: 4 niveaus; gedragsindicatoren: 2 op niveau 1" in out
    assert "Proefdraai: er is niets opgeslagen." in out
    for english in ("Format:", "competency ", " at level ", "Dry run"):
        assert english not in out


def test_competency_name_names_a_levelled_competency_whose_name_was_not_copied(tmp_path):
    only_levels = FOUR_LEVELS.split("\n", 4)[4]
    path = write(tmp_path, "niveaus.txt", only_levels)
    call_command("framework", "import-text", path, "--competency-name", "1=Samenwerking", "--framework", "x")
    version = FrameworkVersion.objects.get(framework__slug="x")
    assert [competency.name for competency in version.competencies.all()] == ["Samenwerking"]


def test_export_writes_the_draft_when_there_is_one_and_says_which_version(tmp_path, capsys):
    call_command("framework", "load-builtin")
    call_command(
        "framework",
        "import-text",
        write(tmp_path, "s.txt", FOUR_LEVELS),
        "--framework",
        "competentiewoordenboek",
    )
    capsys.readouterr()
    call_command("framework", "export", "competentiewoordenboek")
    captured = capsys.readouterr()
    assert "Exporting competentiewoordenboek v2 (" in captured.err
    assert "name: Samenwerken" in captured.out


def test_a_word_document_is_imported_by_the_command(tmp_path, capsys):
    from tests.frameworks.corpus_check import corpus_text
    from tests.frameworks.documents import to_docx

    path = tmp_path / "woordenboek.docx"
    path.write_bytes(to_docx(corpus_text("04_genummerde_koppen_met_groep")))
    call_command("framework", "import-text", str(path), "--framework", "zandvoorde")
    version = FrameworkVersion.objects.get(framework__slug="zandvoorde")
    assert [competency.name for competency in version.competencies.order_by("order")] == [
        "Analyseren",
        "Oordeelsvorming",
        "Samenwerken",
    ]


def test_adding_to_a_framework_says_what_was_already_there(tmp_path, capsys):
    call_command("framework", "load-builtin")
    four_levels = FOUR_LEVELS.replace("Samenwerken", "Klantgerichtheid", 1)
    twin = FOUR_LEVELS.replace("Samenwerken", "Klantfocus", 1).replace(
        "Werkt met anderen aan een gezamenlijk resultaat.",
        read_seed(LEVELLED).split("\n\n")[3].strip(),
    )
    for name, text in (("k.txt", four_levels), ("t.txt", twin)):
        call_command(
            "framework", "import-text", write(tmp_path, name, text), "--framework", "competentiewoordenboek"
        )
    out = capsys.readouterr().out
    assert (
        "Klantgerichtheid was already in the framework: its 3 levels were kept, the 4 imported levels "
        "were not used."
    ) in out
    assert (
        "Klantfocus has the same definition as Klantgerichtheid: check whether they are one competency."
        in out
    )


def test_a_dry_run_says_what_adding_would_do_and_stores_nothing(tmp_path, capsys):
    call_command("framework", "load-builtin")
    four_levels = FOUR_LEVELS.replace("Samenwerken", "Klantgerichtheid", 1)
    path = write(tmp_path, "k.txt", four_levels)
    call_command("framework", "import-text", path, "--framework", "competentiewoordenboek", "--dry-run")
    out = capsys.readouterr().out
    assert "its 3 levels were kept, the 4 imported levels were not used." in out
    assert "Dry run: nothing written." in out
    assert FrameworkVersion.objects.filter(framework__slug="competentiewoordenboek").count() == 1
