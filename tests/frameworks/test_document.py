"""The canonical format: validation with line numbers, export → import round trip."""

import pytest
from django.utils import translation

from frameworks.builtin import DATA_DIR
from frameworks.document import DocumentError, dump_document, parse_document_text
from frameworks.selectors import version_document
from frameworks.services import framework_import_document, framework_version_publish

pytestmark = pytest.mark.django_db

VALID = """\
format: gesprekscyclus-framework/1
framework:
  slug: proef
  name: Proefkader
competencies:
- key: samenwerken
  name: Samenwerken
  levels:
  - number: 1
    indicators: [Komt afspraken na.]
  - number: 2
    indicators: [Initieert samenwerking.]
role_types:
- family: Uitvoerder
  grade: A
  default_level: 1
  expected_levels:
    samenwerken: 2
"""


@pytest.mark.parametrize("path", sorted(DATA_DIR.glob("*.yaml")), ids=lambda path: path.name)
def test_export_then_import_gives_an_identical_version(path):
    original = framework_version_publish(
        version=framework_import_document(document=parse_document_text(path.read_text(encoding="utf-8"))),
        actor=None,
    )
    exported = dump_document(version_document(version=original))
    assert exported == path.read_text(encoding="utf-8")
    copy = framework_import_document(document=parse_document_text(exported))
    assert copy.pk != original.pk
    assert (copy.framework_id, copy.number, copy.status) == (original.framework_id, 2, "draft")
    assert version_document(version=copy) == version_document(version=original)


def test_a_valid_document_loads():
    document = parse_document_text(VALID)
    assert document["role_types"][0]["expected_levels"] == {"samenwerken": 2}
    assert document["competencies"][0]["development_tips"] == []


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (("default_level: 1", "default_level: nul"), 16, "'nul' is not of type 'integer'"),
        (("    samenwerken: 2", "    onbekend: 2"), 18, "unknown competency 'onbekend'"),
        (
            ("    samenwerken: 2", "    samenwerken: 3"),
            18,
            "level 3 does not exist: 'samenwerken' has 2 levels",
        ),
        (("  - number: 2", "  - number: 3"), 9, "levels must be numbered 1..2 in order, found [1, 3]"),
        (("- key: samenwerken", "- key: Samen Werken"), 6, "does not match"),
        (("  name: Samenwerken\n", "  naam: Samenwerken\n"), 7, "('naam' was unexpected)"),
        (("format: gesprekscyclus-framework/1", "format: iets-anders"), 1, "was expected"),
    ],
)
def test_invalid_documents_name_the_line_and_what_is_wrong(change, line, message):
    with pytest.raises(DocumentError) as error:
        parse_document_text(VALID.replace(*change))
    assert error.value.line == line
    assert message in str(error.value)
    assert str(error.value).startswith(f"line {line}")


def test_broken_yaml_names_the_line():
    with pytest.raises(DocumentError, match=r"^line 5: not valid YAML"):
        parse_document_text(VALID.replace("  name: Proefkader", "  name: [Proefkader"))


def test_a_refusal_is_given_in_the_installation_language():
    with translation.override("nl"), pytest.raises(DocumentError) as error:
        parse_document_text(VALID.replace("    samenwerken: 2", "    samenwerken: 3"))
    assert str(error.value) == (
        "regel 18, role_types/0/expected_levels/samenwerken: niveau 3 bestaat niet: 'samenwerken' heeft 2 niveaus"
    )
