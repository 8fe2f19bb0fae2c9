"""Word documents laid out as Word keeps them (heading styles, list styles, tables with a paragraph
per item), for the recognisers that read tables and lists: the competency matrix and the UFO profile."""

import io

from docx import Document

from frameworks.importers import parse_file


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_competency_matrix_in_a_word_table_gives_an_indicator_per_cell_paragraph():
    document = Document()
    document.add_heading("Competentiematrix", level=1)
    document.add_heading("Competentie: Samenwerken", level=2)
    document.add_paragraph("Werkt met anderen aan een gezamenlijk resultaat.")
    table = document.add_table(rows=3, cols=2)
    table.rows[0].cells[0].text = "Medewerker A + B"
    table.rows[0].cells[1].text = "Adviseur A"
    table.rows[1].cells[0].text = "Niveau 1"
    table.rows[1].cells[1].text = "Niveau 2"
    table.rows[2].cells[0].text = "Deelt informatie."
    table.rows[2].cells[0].add_paragraph("Helpt collega's als het druk is.")
    table.rows[2].cells[1].text = "• Stemt af met andere teams."

    result = parse_file("matrix.docx", saved(document))

    assert result.format == "competency-matrix"
    (competency,) = result.document["competencies"]
    assert competency["name"] == "Samenwerken"
    assert competency["definition"] == "Werkt met anderen aan een gezamenlijk resultaat."
    assert [level["indicators"] for level in competency["levels"]] == [
        ["Deelt informatie.", "Helpt collega's als het druk is."],
        ["Stemt af met andere teams."],
    ]
    cells = {
        f"{cell['family']} {cell['grade']}": cell["default_level"] for cell in result.document["role_types"]
    }
    assert cells == {"Medewerker A": 1, "Medewerker B": 1, "Adviseur A": 2}


def test_a_ufo_profile_in_word_with_heading_styles_list_styles_and_a_level_table():
    document = Document()
    document.add_heading("Functiebeschrijving", level=1)
    document.add_paragraph("Beleidsmedewerker onderwijs")
    document.add_heading("Doel", level=2)
    document.add_paragraph("Ontwikkelen van onderwijsbeleid.")
    document.add_heading("Resultaatgebieden", level=2)
    document.add_heading("Kernactiviteit", level=3)
    document.add_paragraph("Opstellen van beleid")
    document.add_heading("Activiteit", level=3)
    document.add_paragraph("Analyseren van ontwikkelingen", style="List Number")
    document.add_paragraph("Schrijven van notities", style="List Number")
    document.add_heading("Competenties", level=2)
    document.add_heading("Omschrijving", level=3)
    document.add_paragraph(
        "Wensen en behoeften van klanten herkennen en hiervan blijk geven in het handelen."
    )
    document.add_heading("Gedragsindicatoren", level=3)
    document.add_paragraph("Vraagt door naar de wensen van de klant.", style="List Bullet")
    document.add_paragraph("Houdt de klant op de hoogte.", style="List Bullet")
    document.add_heading("Niveaus", level=2)
    table = document.add_table(rows=3, cols=2)
    for row, (level, scale) in zip(table.rows, [("Niveau", "Schaal"), ("1", "11"), ("2", "10")], strict=True):
        row.cells[0].text, row.cells[1].text = level, scale

    result = parse_file("profiel.docx", saved(document))

    assert result.format == "job-profile-ufo"
    (profile,) = result.document["job_profiles"]
    assert profile["title"] == "Beleidsmedewerker onderwijs"
    assert profile["result_areas"][0]["activities"] == [
        "Analyseren van ontwikkelingen",
        "Schrijven van notities",
    ]
    assert profile["levels"] == [{"level": 1, "salary_scale": 11}, {"level": 2, "salary_scale": 10}]
    (competency,) = result.document["competencies"]
    assert competency["name"] == "Klantgerichtheid"
    assert competency["indicators"] == [
        "Vraagt door naar de wensen van de klant.",
        "Houdt de klant op de hoogte.",
    ]
    # The only assumption: the name, recognised by the description under "Omschrijving" (paragraph 12).
    assert [
        (warning.line, "recognised by its description" in warning.message) for warning in result.warnings
    ] == [(12, True)]
