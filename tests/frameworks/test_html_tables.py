"""A saved web page whose table cells hold lists or paragraphs: one item per list item or paragraph."""

from frameworks.importers import parse_file
from frameworks.importers.readers import read_file

MATRIX_PAGE = """<html><body><h1>Kempen Competenties:</h1>
<h2>Competentie: Samenwerken</h2><p>Werkt met anderen samen.</p>
<table>
<tr><td>Uitvoerder A + B</td><td>Adviseur A</td></tr>
<tr><td>Niveau 1:</td><td>Niveau 2:</td></tr>
<tr><td><ul><li>Deelt informatie.</li><li>Helpt collega&#39;s.</li></ul></td>
<td><p>Stemt af.</p><p>Zoekt <b>samen</b>werking.</p></td></tr>
</table></body></html>"""


def test_a_cell_keeps_its_list_items_and_paragraphs_apart():
    (table,) = [element for element in read_file("m.html", MATRIX_PAGE.encode()).elements if element.rows]
    assert table.rows[2] == ("Deelt informatie.\nHelpt collega's.", "Stemt af.\nZoekt samenwerking.")


def test_a_competency_matrix_saved_as_a_web_page_gives_an_indicator_per_list_item():
    result = parse_file("matrix.html", MATRIX_PAGE.encode())
    assert result.format == "competency-matrix"
    (competency,) = result.document["competencies"]
    assert [level["indicators"] for level in competency["levels"]] == [
        ["Deelt informatie.", "Helpt collega's."],
        ["Stemt af.", "Zoekt samenwerking."],
    ]
