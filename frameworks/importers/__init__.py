"""Text importers for the documents HR departments have; each yields a canonical document."""

from frameworks.document import normalise_document, validate_document
from frameworks.importers import (
    competency_matrix,
    job_description_company,
    job_profile_ufo,
    levelled_competency,
)
from frameworks.importers.base import ImportResult, ParseError

IMPORTERS = {
    module.FORMAT: module
    for module in (competency_matrix, levelled_competency, job_profile_ufo, job_description_company)
}
FORMATS = list(IMPORTERS)

__all__ = ["FORMATS", "ImportResult", "ParseError", "detect_format", "parse_text"]


def detect_format(text: str) -> str:
    matches = [name for name, module in IMPORTERS.items() if module.looks_like(text)]
    if len(matches) != 1:
        found = f"it looks like {' and '.join(matches)}" if matches else "it matches none"
        raise ParseError(
            None, f"cannot tell the format ({found}); give one with --format ({', '.join(FORMATS)})"
        )
    return matches[0]


def parse_text(text: str, *, format: str | None = None, **options) -> ImportResult:
    """Parse one document; options: slug, name, title, family, competency_names, known_competencies."""
    if format is not None and format not in IMPORTERS:
        raise ParseError(None, f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    format = format or detect_format(text)
    result = IMPORTERS[format].parse(text, **options)
    result.document = normalise_document(result.document)
    validate_document(result.document)
    return result
