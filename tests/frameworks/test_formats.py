"""The same documents as Word and PDF files give the same structure as their text (warnings aside:
their line numbers are those of the file)."""

import io
import shutil

import pytest

from frameworks.importers import ParseError, parse_file
from frameworks.importers.readers import read_file
from frameworks.importers.structure import HEADING, ITEM, TABLE
from tests.frameworks.corpus_check import check_result, corpus_text, expectation
from tests.frameworks.documents import pdf_font, to_docx, to_pdf

DOCX_SET = [
    "01_zonder_opsommingstekens",
    "04_genummerde_koppen_met_groep",
    "06_streepjes_sterretjes_en_subpunten",
    "10_hoofdletterkoppen_twee_competenties",
    "13_paginatitel_en_aantal_niveaus",
    "19_functie_gemengde_koppen",
    "20_functie_lettergroepen",
    "21_functie_driekolomstabel",
    "24_niveaus_als_tabelkolommen",
    "03_kleine_letters_zonder_punt",
    "05_alleen_niveautabel",
    "08_letters",
    "22_functie_resultaatdomeinen",
    "23_ufo_zonder_competenties",
    "28_niveaus_als_sterren",
    "30_ufo_genummerd_en_zonder_tekens",
    "31_andere_opsommingstekens",
    "32_niveaus_als_bolletjes",
    "33_competentiematrix_tabel",
    "36_kleine_letters_zijn_zonder_tekens",
    "37_alleen_niveautabel_kolommen",
    "34_functie_platgeslagen_tabel",
    "38_sterren_als_tabelkolommen",
    "39_functie_platgeslagen_tabel_korte_rij",
]
PDF_SET = [
    "02_gedachtestreepjes",
    "04_genummerde_koppen_met_groep",
    "12_pdf_afgebroken_regels",
    "19_functie_gemengde_koppen",
    "21_functie_driekolomstabel",
    "24_niveaus_als_tabelkolommen",
    "03_kleine_letters_zonder_punt",
    "05_alleen_niveautabel",
    "17_kleine_letters_zonder_tekens",
    "20_functie_lettergroepen",
    "22_functie_resultaatdomeinen",
    "23_ufo_zonder_competenties",
    "28_niveaus_als_sterren",
    "30_ufo_genummerd_en_zonder_tekens",
    "32_niveaus_als_bolletjes",
    "33_competentiematrix_tabel",
    "36_kleine_letters_zijn_zonder_tekens",
    "34_functie_platgeslagen_tabel",
    "35_functie_platgeslagen_tabel_meer_regels",
    "07_genummerde_indicatoren",
    "08_letters",
    "31_andere_opsommingstekens",
    "37_alleen_niveautabel_kolommen",
    "39_functie_platgeslagen_tabel_korte_rij",
]
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")


def parse_expected(name: str, filename: str, data: bytes):
    """The structure the text gives; a refusal the same refusal (its line is the file's)."""
    expected = expectation(name)
    if "refusal" in expected:
        with pytest.raises(ParseError) as error:
            parse_file(filename, data, **expected.get("options", {}))
        assert expected["refusal"]["contains"] in str(error.value)
        assert error.value.line is not None
        return None
    result = parse_file(filename, data, **expected.get("options", {}))
    check_result(result, expected, warnings=False)
    return result


@pytest.mark.parametrize("name", DOCX_SET)
def test_docx_gives_the_expected_structure(name):
    parse_expected(name, f"{name}.docx", to_docx(corpus_text(name)))


@needs_pdftotext
@pytest.mark.parametrize("name", PDF_SET)
def test_pdf_gives_the_expected_structure(name):
    if pdf_font(corpus_text(name)) is None:
        pytest.skip("drawing its stars, dots or ○ needs the DejaVu Sans font")
    parse_expected(name, f"{name}.pdf", to_pdf(corpus_text(name)))


def test_the_docx_reader_takes_headings_list_levels_and_tables_from_word():
    structure = read_file("x.docx", to_docx(corpus_text("06_streepjes_sterretjes_en_subpunten")))
    kinds = [(element.kind, element.depth) for element in structure.elements if element.kind == ITEM]
    assert kinds == [("item", 0), ("item", 0), ("item", 1), ("item", 1), ("item", 0), ("item", 0)]
    headings = [element.text for element in structure.elements if element.kind == HEADING]
    assert headings == ["Niveau 1", "Niveau 2"]
    table = read_file("t.docx", to_docx(corpus_text("21_functie_driekolomstabel"))).elements
    (found,) = [element for element in table if element.kind == TABLE]
    assert found.rows[0] == ("Resultaatgebied", "Taken", "Resultaatindicatoren")
    assert found.rows[2][0] == ""


def test_a_word_document_in_a_warning_is_counted_in_paragraphs_and_table_rows():
    result = parse_file("w.docx", to_docx(corpus_text("21_functie_driekolomstabel")))
    assert [warning.line for warning in result.warnings] == [6, 8]  # the areas' table rows


def test_a_file_that_is_not_what_its_name_says_is_refused_by_name():
    from frameworks.importers import ParseError

    with pytest.raises(ParseError, match="not a readable Word document"):
        parse_file("kapot.docx", b"PK\x03\x04 not really")
    with pytest.raises(ParseError, match="not a PDF"):
        parse_file("kapot.pdf", b"hello")
    with pytest.raises(ParseError, match="not a readable Excel workbook"):
        parse_file("matrix.xlsx", b"PK")
    with pytest.raises(ParseError, match=r"\.doc files are not read"):
        parse_file("oud.doc", b"\xd0\xcf")


HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Competenties</title><style>li { color: red }</style></head>
<body>
<h1>Competentiewoordenboek gemeente Zandvoorde</h1>
<h2>1 Denken en oordelen</h2>
<hr>
<h3>1.1 Analyseren</h3>
<p>Ontleedt een probleem in delen en ziet verbanden.</p>
<h4>Niveau 1</h4>
<ul><li>Verzamelt de gegevens die nodig zijn.</li><li>Ziet hoofd- en bijzaken.</li></ul>
<h4>Niveau 2</h4>
<ul>
  <li>Legt verbanden tussen gegevens uit verschillende bronnen.</li>
  <li>Trekt conclusies<br>uit de gegevens.</li>
</ul>
<h3>1.2 Oordeelsvorming</h3>
<p>Weegt gegevens en mogelijkheden af en komt tot een standpunt.</p>
<h4>Niveau 1</h4>
<ol><li>Neemt een besluit binnen de eigen taak.</li><li>Vraagt om raad bij twijfel.</li></ol>
<h4>Niveau 2</h4>
<ol type="a"><li>Weegt voor- en nadelen van oplossingen af.</li>
<li>Neemt ook onder tijdsdruk een verantwoord besluit.</li></ol>
<h2>2 Samenwerken</h2>
<h3>2.1 Samenwerken</h3>
<div>Werkt met anderen aan een gezamenlijk resultaat.</div>
<h4>Niveau 1</h4><ul><li>Deelt kennis met collega&#39;s.</li></ul>
<h4>Niveau 2</h4><ul><li>Zoekt samenwerking met andere afdelingen.</li></ul>
<script>var x = "<li>geen indicator</li>";</script>
</body></html>
"""


def test_a_saved_web_page_gives_the_same_structure_as_its_text():
    result = parse_file("woordenboek.html", HTML_PAGE.encode())
    check_result(result, expectation("04_genummerde_koppen_met_groep"), warnings=False)
    assert [warning.line for warning in result.warnings] == [1, 2]  # the page title and the group heading


def test_the_html_reader_keeps_heading_levels_list_depth_and_markers():
    structure = read_file(
        "p.html",
        b"<html><body><h2>Kop</h2><ul><li>een<ul><li>twee</li></ul></li></ul>"
        b"<ol type='A'><li>drie</li><li>vier</li></ol><table><tr><th>a</th><td>b</td></tr></table></body></html>",
    )
    found = [(e.kind, e.level, e.depth, e.marker, e.label, e.text, e.rows) for e in structure.elements]
    assert found == [
        ("heading", 2, 0, "", "", "Kop", ()),
        ("item", 0, 0, "bullet", "•", "een", ()),
        ("item", 0, 1, "bullet", "•", "twee", ()),
        ("item", 0, 0, "letter", "A", "drie", ()),
        ("item", 0, 0, "letter", "B", "vier", ()),
        ("table", 0, 0, "", "", "", (("a", "b"),)),
    ]


@pytest.mark.parametrize(
    ("seed_name", "options"),
    [
        ("004_219b3768256db501.txt", {}),
        ("003_d075ae8fb0cc5953.txt", {}),
        ("000_a39681c2fbfd7ebf.txt", {"title": "Juridisch adviseur"}),
        ("002_d92e8400c75201d0.txt", {}),
    ],
)
def test_the_four_example_documents_as_word_files_give_the_same_document(seed_name, options):
    from frameworks.importers import parse_text
    from tests.frameworks.conftest import read_seed

    text = read_seed(seed_name)
    assert parse_file("bron.docx", to_docx(text), **options).document == parse_text(text, **options).document


def test_a_word_table_cell_of_several_paragraphs_gives_one_item_per_paragraph():
    from docx import Document

    document = Document()
    document.add_heading("Samenwerken", level=2)
    document.add_paragraph("Werkt met anderen aan een gezamenlijk resultaat.")
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text = "Niveau 1"
    table.rows[0].cells[1].text = "Niveau 2"
    table.rows[1].cells[0].text = "• Deelt informatie."
    table.rows[1].cells[0].add_paragraph("• Helpt collega's.")
    table.rows[1].cells[1].text = "Stemt af met andere teams."
    buffer = io.BytesIO()
    document.save(buffer)
    (competency,) = parse_file("s.docx", buffer.getvalue()).document["competencies"]
    assert [level["indicators"] for level in competency["levels"]] == [
        ["Deelt informatie.", "Helpt collega's."],
        ["Stemt af met andere teams."],
    ]


def test_an_excel_matrix_of_role_cells_and_competencies_gives_cells_with_their_levels():
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Matrix"
    for row in expectation_rows("26_rolmatrix_tabel"):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = parse_file("matrix.xlsx", buffer.getvalue())
    check_result(result, expectation("26_rolmatrix_tabel"), warnings=False)
    assert [warning.line for warning in result.warnings] == [5]  # the sheet's heading, then a line per row


def expectation_rows(name: str) -> list[list]:
    """The corpus table as spreadsheet rows, numbers as numbers."""
    rows = []
    for line in corpus_text(name).split("\n"):
        if "\t" in line:
            rows.append([int(cell) if cell.isdigit() else (cell or None) for cell in line.split("\t")])
    return rows


def numbered_paragraph(document, text: str, num_id: str, level: int = 0):
    """A paragraph in Normal style numbered by Word's numbering (w:numPr), as 'List Paragraph' lists are."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = document.add_paragraph(text)
    properties = paragraph._p.get_or_add_pPr()
    numbering = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", str(level)), ("w:numId", num_id)):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        numbering.append(child)
    properties.append(numbering)
    return paragraph


def test_word_numbering_tells_numbered_lettered_and_bulleted_lists_apart():
    from docx import Document
    from docx.oxml.ns import qn

    document = Document()
    numbering = document.part.numbering_part.element
    abstract = {
        a.get(qn("w:abstractNumId")): a.find(qn("w:lvl")).find(qn("w:numFmt"))
        for a in numbering.iterchildren()
        if a.tag == qn("w:abstractNum")
    }
    instances = {
        n.get(qn("w:numId")): n.find(qn("w:abstractNumId")).get(qn("w:val"))
        for n in numbering.iterchildren()
        if n.tag == qn("w:num")
    }
    decimal = [num for num, ref in instances.items() if abstract[ref].get(qn("w:val")) == "decimal"]
    letters, numbers = decimal[0], decimal[1]
    abstract[instances[letters]].set(qn("w:val"), "upperLetter")

    document.add_paragraph("Functie: Beleidsadviseur wonen")
    document.add_paragraph("Doel: Adviseren over het woonbeleid van de gemeente.")
    document.add_paragraph("Taken en verantwoordelijkheden")
    numbered_paragraph(document, "Beleidsontwikkeling", letters)
    document.add_paragraph("Resultaat: actueel woonbeleid dat past bij de behoefte in de gemeente.")
    for text in (
        "Volgt ontwikkelingen op de woningmarkt.",
        "Schrijft beleidsnotities.",
        "Toetst plannen van corporaties aan het beleid.",
    ):
        numbered_paragraph(document, text, numbers)
    numbered_paragraph(document, "Advisering", letters)
    document.add_paragraph("Resultaat: het bestuur neemt besluiten op basis van goed advies.")
    for text in ("Adviseert de wethouder.", "Stelt raadsvoorstellen op."):
        numbered_paragraph(document, text, numbers)
    document.add_paragraph("Competenties")
    for text in ("Analyseren", "Omgevingsbewustzijn"):
        document.add_paragraph(text, style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)

    structure = read_file("f.docx", buffer.getvalue())
    assert [(e.marker, e.label) for e in structure.elements if e.kind == ITEM][:7] == [
        ("letter", "A"),
        ("number", "1"),
        ("number", "2"),
        ("number", "3"),
        ("letter", "B"),  # Word's lettered list goes on across the paragraphs between
        ("number", "4"),
        ("number", "5"),
    ]
    check_result(
        parse_file("f.docx", buffer.getvalue()), expectation("20_functie_lettergroepen"), warnings=False
    )
