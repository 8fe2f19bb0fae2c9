"""The text importers on the user's source documents: the counts and quirks the issue lists."""

import pytest

from frameworks.importers import parse_text
from frameworks.importers.base import ParseError
from tests.frameworks.conftest import COMPANY, LEVELLED, MATRIX, UFO_CLIENTS, UFO_LEGAL


def by_name(document, name):
    return next(competency for competency in document["competencies"] if competency["name"] == name)


def test_matrix_004_has_three_competencies_on_four_levels_with_the_listed_indicator_counts(seed):
    result = parse_text(seed(MATRIX))
    assert result.format == "competency-matrix"
    counts = {
        c["name"]: [len(level["indicators"]) for level in c["levels"]]
        for c in result.document["competencies"]
    }
    assert counts == {
        "Klantgerichtheid": [3, 3, 3, 3],
        "Resultaatgericht": [3, 3, 3, 2],
        "Samenwerken": [3, 3, 3, 2],
    }
    assert (
        result.document["competencies"][0]["levels"][0]["indicators"][0]
        == "Is goed bereikbaar voor de klant."
    )


def test_matrix_004_has_twenty_role_type_cells_at_their_levels(seed):
    cells = parse_text(seed(MATRIX)).document["role_types"]
    assert len(cells) == 20
    levels = {f"{cell['family']} {cell['grade']}": cell["default_level"] for cell in cells}
    expected = {
        1: ["Uitvoerder A", "Uitvoerder B", "Uitvoerder C", "Ondersteuner D"],
        2: ["Ondersteuner B", "Ondersteuner C", "Dienstverlener B", "Dienstverlener C", "Dienstverlener D"],
        3: [
            "Ondersteuner A",
            "Dienstverlener A",
            "Specialist A",
            "Specialist B",
            "Adviseur A",
            "Adviseur B",
            "Leidinggevende B",
            "Leidinggevende C",
        ],
        4: ["Leidinggevende A", "Directeur A", "Directeur B"],
    }
    assert levels == {name: level for level, names in expected.items() for name in names}
    # The matrix is the same for the three competencies: no per-competency exceptions.
    assert all(cell["expected_levels"] == {} for cell in cells)


def test_matrix_cell_that_differs_for_one_competency_becomes_an_override(seed):
    lines = seed(MATRIX).split("\n")
    # In the Samenwerken table (line 36), move "Uitvoerder A + B + C" from the Niveau 1 to the Niveau 2 column.
    assert lines[35].startswith("Uitvoerder A + B + C\tOndersteuner B + C")
    lines[35] = "\tOndersteuner B + C + Uitvoerder A + B + C" + lines[35].split("Ondersteuner B + C", 1)[1]
    cells = {f"{c['family']} {c['grade']}": c for c in parse_text("\n".join(lines)).document["role_types"]}
    assert cells["Uitvoerder A"]["default_level"] == 1
    assert cells["Uitvoerder A"]["expected_levels"] == {"samenwerken": 2}
    assert cells["Ondersteuner B"]["expected_levels"] == {}


def test_levelled_003_has_three_levels_with_8_6_3_indicators_and_the_base_behaviour(seed):
    result = parse_text(seed(LEVELLED))
    assert result.format == "levelled-competency"
    (competency,) = result.document["competencies"]
    assert competency["name"] == "Klantgerichtheid"
    assert [len(level["indicators"]) for level in competency["levels"]] == [8, 6, 3]
    assert (
        competency["levels"][0]["summary"]
        == "Onderzoekt de wensen van de klant en vertaalt deze in passende oplossingen"
    )
    assert competency["base_behaviour"] == (
        "Wezenlijke interesse in de klant en de bereidheid de klant optimaal te ondersteunen."
    )
    assert competency["definition"].startswith("Handelt vanuit het perspectief van de klant/gebruiker")
    assert "beïnvloedt complexe verhoudingen" in competency["levels"][2]["indicators"][2]


def test_ufo_000_result_areas_competencies_questions_tips_and_scales(seed):
    document = parse_text(seed(UFO_LEGAL), title="Juridisch adviseur").document
    (profile,) = document["job_profiles"]
    assert len(profile["result_areas"]) == 10
    assert profile["result_areas"][0]["frame"] == "Instellingsstrategie Wet- en regelgeving"
    assert len(profile["result_areas"][0]["activities"]) == 5
    assert [c["name"] for c in document["competencies"]] == [
        "Analyseren",
        "Schriftelijke uitdrukkingsvaardigheid",
        "Integriteit",
        "Klantgerichtheid",
    ]
    assert [len(c["indicators"]) for c in document["competencies"]] == [6, 6, 6, 6]
    assert [len(c["interview_questions"]) for c in document["competencies"]] == [4, 6, 10, 4]
    assert [len(c["development_tips"]) for c in document["competencies"]] == [9, 8, 13, 9]
    assert profile["levels"] == [
        {"level": 1, "salary_scale": 12},
        {"level": 2, "salary_scale": 11},
        {"level": 3, "salary_scale": 10},
    ]


def test_ufo_bullet_broken_over_two_lines_is_merged(seed):
    analyseren = by_name(parse_text(seed(UFO_LEGAL), title="Jurist").document, "Analyseren")
    assert analyseren["interview_questions"][-1].endswith(
        "Wat waren de redenen dat je juist die beslissing hebt genomen?"
    )
    assert not any(question.startswith("beslissing") for question in analyseren["interview_questions"])


def test_ufo_repeated_tip_lists_are_deduplicated_keeping_a_lower_case_tip_of_its_own(seed):
    integriteit = by_name(parse_text(seed(UFO_LEGAL), title="Jurist").document, "Integriteit")
    tips = integriteit["development_tips"]
    assert len(tips) == len(set(tips)) == 13
    assert "Fungeer zoveel mogelijk als voorbeeld" in tips
    assert any(tip.startswith("doe geen valse beloftes") for tip in tips)


def test_ufo_without_title_asks_for_one(seed):
    with pytest.raises(ParseError, match="--title"):
        parse_text(seed(UFO_LEGAL))


def test_ufo_unknown_competency_description_requires_a_name_naming_line_and_option(seed):
    text = seed(UFO_LEGAL).replace(
        "Handelen naar eer en geweten, in overeenstemming", "Handelen volgens een eigen, onbekende", 1
    )
    with pytest.raises(ParseError) as error:
        parse_text(text, title="Jurist")
    message = str(error.value)
    assert message.startswith("line 226: ")
    assert "competency 3 has no name" in message
    assert "--competency-name N=NAME" in message
    document = parse_text(text, title="Jurist", competency_names={3: "Integriteit"}).document
    assert [c["name"] for c in document["competencies"]][2] == "Integriteit"


def test_ufo_001_has_eleven_areas_and_level_one_at_scale_ten(seed):
    document = parse_text(seed(UFO_CLIENTS), title="Coördinator klantrelaties").document
    (profile,) = document["job_profiles"]
    assert len(profile["result_areas"]) == 11
    assert [c["name"] for c in document["competencies"]] == [
        "Schriftelijke uitdrukkingsvaardigheid",
        "Omgevingsbewustzijn",
        "Klantgerichtheid",
        "Resultaatgerichtheid",
    ]
    assert profile["levels"] == [{"level": 1, "salary_scale": 10}]


def test_company_002_areas_steps_competencies_and_mbo(seed):
    result = parse_text(seed(COMPANY))
    assert result.format == "job-description-company"
    (profile,) = result.document["job_profiles"]
    assert profile["title"] == "Medewerker klantenservice"
    assert profile["family"] == "Marketing"
    assert profile["work_and_thinking_level"] == "MBO"
    assert [area["title"] for area in profile["result_areas"]] == [
        "Vragen en verzoeken behandelen en verwerken",
        "Informatie geven",
        "Klachten behandelen en verwerken",
        "Debiteuren",
    ]
    assert [len(area["activities"]) for area in profile["result_areas"]] == [6, 2, 5, 2]
    # Items that wrap over lines are joined.
    assert (
        profile["result_areas"][3]["result"]
        == "Bijdrage aan de inning van uitstaande gelden, conform vaste procedures"
    )
    assert [c["name"] for c in result.document["competencies"]] == [
        "Klantgerichtheid",
        "Mondelinge en schriftelijke uitdrukkingsvaardigheid",
        "Accuratesse",
    ]
    assert len(profile["knowledge"]) == 2


def test_level_scale_table_with_garbage_names_the_line(seed):
    text = seed(UFO_LEGAL).replace("\n211\n", "\n2-elf\n")
    with pytest.raises(ParseError, match=r"line 311: expected a level and its scale run together.*'2-elf'"):
        parse_text(text, title="Jurist")


def test_matrix_with_a_missing_level_list_names_the_line(seed):
    broken = seed(MATRIX).replace(
        '<ul style="list-style-type: none">○ Initieert en stimuleert samenwerkingsverbanden in de organisatie.',
        "",
        1,
    )
    with pytest.raises(
        ParseError, match=r"line 41: competency 'Samenwerken': expected 4 <ul> indicator lists"
    ):
        parse_text(broken)


def test_matrix_with_an_unreadable_cell_names_the_line(seed):
    text = seed(MATRIX).replace(
        "Ondersteuner D\tDienstverlener B + C + D", "Ondersteuner 4\tDienstverlener B + C + D", 1
    )
    with pytest.raises(
        ParseError,
        match=r"line 11: expected role-type cells like 'Dienstverlener B \+ C', found 'Ondersteuner 4'",
    ):
        parse_text(text)


def test_unrecognisable_text_asks_for_a_format():
    with pytest.raises(ParseError, match="cannot tell the format"):
        parse_text("Een willekeurige tekst\nzonder structuur\n")
