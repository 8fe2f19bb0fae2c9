"""Importers for the documents HR departments have: a reader per file format, a recogniser per kind.

``read_file`` (readers/) turns a .txt, .html, .docx, .xlsx or .pdf into a ``Structure``; the
recognisers (recognisers/) turn a structure into a canonical document, with warnings for
what they assumed (``ImportWarning``: a line and a Dutch message) or a ``ParseError``
naming the line and what was expected.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from frameworks.document import DocumentError, normalise_document, validate_document
from frameworks.importers.base import ImportResult, ImportWarning, ParseError
from frameworks.importers.readers import ReadError, read_file, read_text
from frameworks.importers.recognisers import (
    competency_matrix,
    job_description_company,
    job_profile_ufo,
    levelled_competency,
    role_matrix,
)
from frameworks.importers.structure import Structure

IMPORTERS = {
    module.FORMAT: module
    for module in (
        competency_matrix,
        levelled_competency,
        job_profile_ufo,
        job_description_company,
        role_matrix,
    )
}
FORMATS = list(IMPORTERS)
# What each format is called on the preview page.
FORMAT_LABELS = {
    competency_matrix.FORMAT: _("Competency matrix (competencies × levels)"),
    levelled_competency.FORMAT: _("Competencies with levels and behavioural indicators"),
    job_profile_ufo.FORMAT: _("UFO job profile"),
    job_description_company.FORMAT: _("Job description"),
    role_matrix.FORMAT: _("Role-type matrix (role cells × competencies)"),
}

__all__ = [
    "FORMATS",
    "FORMAT_LABELS",
    "ImportResult",
    "ImportWarning",
    "ParseError",
    "ReadError",
    "detect_format",
    "parse_file",
    "parse_structure",
    "parse_text",
    "read_file",
]


def detect_format(structure: Structure) -> str:
    matches = [name for name, module in IMPORTERS.items() if module.looks_like(structure)]
    if len(matches) != 1:
        found = (
            gettext("it looks like %(formats)s") % {"formats": gettext(" and ").join(matches)}
            if matches
            else gettext("it matches none of them")
        )
        raise ParseError(
            None,
            gettext(
                "cannot tell the format (%(found)s): choose the kind of document (the command: --format %(formats)s)"
            )
            % {"found": found, "formats": ", ".join(FORMATS)},
        )
    return matches[0]


def parse_structure(structure: Structure, *, format: str | None = None, **options) -> ImportResult:
    """Recognise one document.

    Options: slug, name (framework), title (job title; for competency documents the page
    title), family, competency_names ({position: name}, 1-based), known_competencies
    ({normalised definition: name}). Raises ``ParseError`` (line and what was expected)
    for a document it cannot read, never another exception for any input.
    """
    if format is not None and format not in IMPORTERS:
        raise ParseError(
            None,
            gettext("unknown format %(format)s; choose one of %(formats)s")
            % {"format": repr(format), "formats": ", ".join(FORMATS)},
        )
    format = format or detect_format(structure)
    result = IMPORTERS[format].parse(structure, **options)
    result.document = normalise_document(result.document)
    result.warnings.sort(key=lambda warning: warning.line or 0)
    try:
        validate_document(result.document)
    except DocumentError as error:
        raise ParseError(
            None, gettext("the recognised content is not a valid framework: %(error)s") % {"error": error}
        ) from error
    return result


def parse_text(text: str, **options) -> ImportResult:
    """Recognise a plain-text document (see ``parse_structure`` for the options)."""
    return parse_structure(read_text(text), **options)


def parse_file(filename: str, data: bytes, **options) -> ImportResult:
    """Read a file by its name and bytes (.txt, .html, .docx, .pdf), then recognise it."""
    try:
        structure = read_file(filename, data)
    except ReadError as error:
        raise ParseError(None, str(error)) from error
    return parse_structure(structure, **options)
