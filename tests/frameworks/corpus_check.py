"""The invented test documents in ``corpus/`` and what each must give: ``NAME.txt`` with ``NAME.yaml``.

The expectation holds the format, then either ``refusal`` (the line and a part of the
message) or the structure item by item (``competencies`` with their levels, summaries and
indicators; ``job_profiles`` with their result areas) and ``warning_lines``: the lines
with a warning, no more and no fewer.
"""

from pathlib import Path

import yaml

from frameworks.importers import ImportResult, ParseError

CORPUS = Path(__file__).resolve().parent / "corpus"


def corpus_names() -> list[str]:
    return sorted(path.stem for path in CORPUS.glob("*.txt"))


def expectation(name: str) -> dict:
    return yaml.safe_load((CORPUS / f"{name}.yaml").read_text(encoding="utf-8"))


def corpus_text(name: str) -> str:
    return (CORPUS / f"{name}.txt").read_text(encoding="utf-8")


def check_refusal(error: ParseError, expected: dict) -> None:
    assert error.line == expected["line"], str(error)
    assert expected["contains"] in str(error), str(error)


def check_result(result: ImportResult, expected: dict, *, warnings: bool = True) -> None:
    assert result.format == expected["format"]
    document = result.document
    if "competencies" in expected:
        assert [c["name"] for c in document["competencies"]] == [c["name"] for c in expected["competencies"]]
        for found, wanted in zip(document["competencies"], expected["competencies"], strict=True):
            for field in (
                "definition",
                "base_behaviour",
                "indicators",
                "interview_questions",
                "development_tips",
            ):
                if field in wanted:
                    assert found[field] == wanted[field], (found["name"], field)
            if "levels" in wanted:
                assert [level["number"] for level in found["levels"]] == list(
                    range(1, len(wanted["levels"]) + 1)
                )
                for level, wanted_level in zip(found["levels"], wanted["levels"], strict=True):
                    assert level["summary"] == wanted_level.get("summary", ""), (
                        found["name"],
                        level["number"],
                    )
                    assert level["indicators"] == wanted_level["indicators"], (found["name"], level["number"])
    for found, wanted in zip(document["job_profiles"], expected.get("job_profiles", []), strict=True):
        for field in ("title", "purpose", "levels"):
            if field in wanted:
                assert found[field] == wanted[field], field
        assert [area["title"] for area in found["result_areas"]] == [
            area["title"] for area in wanted["result_areas"]
        ]
        for area, wanted_area in zip(found["result_areas"], wanted["result_areas"], strict=True):
            for field in ("result", "activities"):
                if field in wanted_area:
                    assert area[field] == wanted_area[field], (area["title"], field)
        if "competencies" in wanted:
            assert found["competencies"] == wanted["competencies"]
    if "role_types" in expected:
        found_cells = [
            {
                "cell": f"{cell['family']} {cell['grade']}",
                "default_level": cell["default_level"],
                "expected_levels": cell["expected_levels"],
            }
            for cell in document["role_types"]
        ]
        wanted_cells = [{"expected_levels": {}, **cell} for cell in expected["role_types"]]
        assert found_cells == wanted_cells
    if "job_profiles" in expected:
        assert len(document["job_profiles"]) == len(expected["job_profiles"])
    if warnings:
        lines = sorted({warning.line for warning in result.warnings})
        assert lines == sorted(expected.get("warning_lines", [])), [str(w) for w in result.warnings]
