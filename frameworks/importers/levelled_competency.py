"""One competency from a levelled dictionary (seed 003).

A title, ``Op N competentieniveaus``, a definition, explanatory paragraphs (one of which
may say ``Het basisgedrag is: …``, the behaviour expected of everyone), then per level a
``Niveau N`` heading, a one-line summary and ``•`` bullets with the indicators.
"""

import itertools
import re

from frameworks.document import make_key
from frameworks.importers.base import (
    ImportResult,
    ParseError,
    gather_bullets,
    is_bullet,
    meaningful,
    split_lines,
)

FORMAT = "levelled-competency"
DEFAULT_FRAMEWORK_NAME = "Competentiewoordenboek"

LEVEL_RE = re.compile(r"^niveau\s+(?P<number>\d+)\s*:?$", re.IGNORECASE)
LEVEL_COUNT_RE = re.compile(r"^op\s+(?P<count>\d+)\s+(?:competentie)?niveaus?\b", re.IGNORECASE)
BASE_BEHAVIOUR_RE = re.compile(r"het basisgedrag is\s*:\s*(?P<behaviour>.+)$", re.IGNORECASE | re.DOTALL)


def looks_like(text: str) -> bool:
    return bool(re.search(r"^\s*niveau\s+\d+\s*$", text, re.IGNORECASE | re.MULTILINE)) and not re.search(
        r"^competentie\s*:", text, re.IGNORECASE | re.MULTILINE
    )


def parse(text: str, **options) -> ImportResult:
    lines = meaningful(split_lines(text))
    if not lines:
        raise ParseError(1, "the file is empty")
    level_starts = [index for index, line in enumerate(lines) if LEVEL_RE.match(line.text)]
    if not level_starts:
        raise ParseError(lines[0].number, "expected 'Niveau 1', 'Niveau 2', … headings")

    preamble = lines[: level_starts[0]]
    name = options.get("competency_name") or preamble[0].text
    declared = None
    paragraphs = []
    for line in preamble[1:]:
        count = LEVEL_COUNT_RE.match(line.text)
        if count:
            declared = (line, int(count["count"]))
        elif line.text.casefold() != name.casefold():
            paragraphs.append(line.text)
    if not paragraphs:
        raise ParseError(preamble[0].number + 1, f"expected a definition of {name!r} before 'Niveau 1'")

    definition, description, explanation, base_behaviour = paragraphs[0], [], [], ""
    for paragraph in paragraphs[1:]:
        match = BASE_BEHAVIOUR_RE.search(paragraph)
        if match:
            before = paragraph[: match.start()].strip()
            if before:
                explanation.append(before)
            behaviour = match["behaviour"].strip()
            base_behaviour = behaviour[:1].upper() + behaviour[1:]
        elif not explanation and not base_behaviour and not description:
            description.append(paragraph)
        else:
            explanation.append(paragraph)

    levels = []
    bounds = [*level_starts, len(lines)]
    for start, end in itertools.pairwise(bounds):
        heading = lines[start]
        number = int(LEVEL_RE.match(heading.text)["number"])
        if number != len(levels) + 1:
            raise ParseError(heading.number, f"expected 'Niveau {len(levels) + 1}', found {heading.text!r}")
        body = lines[start + 1 : end]
        summary = ""
        if body and not is_bullet(body[0].text):
            summary, body = body[0].text, body[1:]
        indicators = gather_bullets(body)
        if not indicators:
            raise ParseError(heading.number, f"level {number} has no • indicators")
        levels.append({"number": number, "summary": summary, "indicators": indicators})

    if declared and declared[1] != len(levels):
        raise ParseError(
            declared[0].number, f"the text announces {declared[1]} levels, but {len(levels)} follow"
        )

    framework_name = options.get("name") or DEFAULT_FRAMEWORK_NAME
    document = {
        "framework": {
            "slug": options.get("slug") or make_key(framework_name),
            "name": framework_name,
            "description": " ".join(description),
        },
        "competencies": [
            {
                "key": make_key(name),
                "name": name,
                "definition": definition,
                "explanation": "\n\n".join(explanation),
                "base_behaviour": base_behaviour,
                "levels": levels,
            }
        ],
    }
    return ImportResult(document=document, format=FORMAT)
