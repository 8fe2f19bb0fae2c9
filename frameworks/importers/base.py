"""Shared parsing helpers for the plain-text exports HR departments actually have."""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from frameworks.document import Document

# A bullet glyph, or a dash/asterisk followed by a space.
BULLET_RE = re.compile(r"^\s*(?:[•·○▪◦]|[-*](?=\s))\s*")
# Lines a web export leaves behind that carry no content.
NOISE_LINES = {"scroll naar top", "terug naar boven", "print deze pagina"}


# What a document lost that the person importing can give (``ParseError.needs``): a job title,
# or the name of the N-th competency (1-based), each with the line where it was missed.
NEEDS_TITLE = "title"
NEEDS_COMPETENCY_NAME = "competency_name"


@dataclass(frozen=True)
class Need:
    """Something the export lost: ``what`` (NEEDS_TITLE or NEEDS_COMPETENCY_NAME), for a competency
    its ``position`` (1-based), the ``line`` where it was missed and a ``hint`` (e.g. its definition)."""

    what: str
    line: int | None
    position: int = 0
    hint: str = ""


class ParseError(ValueError):
    """Malformed input: names the line and what was expected there.

    ``needs`` lists what the document lost and the person importing can give (a title, competency
    names): given as the options ``title`` and ``competency_names``, the document can be read. The
    command asks for them as options, the preview page as fields.
    """

    def __init__(self, line: int | None, message: str, *, needs: list["Need"] | None = None):
        self.line = line
        self.message = message
        self.needs = list(needs or [])
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass
class Line:
    number: int  # 1-based
    text: str  # stripped of surrounding white space, non-breaking spaces normalised
    raw: str

    @property
    def is_blank(self) -> bool:
        return not self.text


@dataclass(frozen=True)
class ImportWarning:
    """An ambiguity the importer resolved: the line and, in Dutch, what it assumed."""

    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return _("line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ImportResult:
    document: Document
    format: str
    warnings: list[ImportWarning] = field(default_factory=list)

    def summary(self) -> list[str]:
        """Human-readable counts per competency and level, per profile and cell."""
        lines = []
        for competency in self.document["competencies"]:
            parts = [
                f"{len(level['indicators'])} at level {level['number']}" for level in competency["levels"]
            ]
            if competency["indicators"]:
                parts.append(f"{len(competency['indicators'])} unlevelled")
            extras = []
            if competency["interview_questions"]:
                extras.append(f"{len(competency['interview_questions'])} interview questions")
            if competency["development_tips"]:
                extras.append(f"{len(competency['development_tips'])} development tips")
            if competency["base_behaviour"]:
                extras.append("base behaviour")
            indicators = ", ".join(parts) if parts else "no indicators"
            lines.append(
                f"competency {competency['name']}: {len(competency['levels'])} levels; indicators: {indicators}"
                + (f"; {', '.join(extras)}" if extras else "")
            )
        cells = self.document["role_types"]
        if cells:
            by_level: dict[int, list[str]] = {}
            for cell in cells:
                by_level.setdefault(cell["default_level"], []).append(f"{cell['family']} {cell['grade']}")
            lines.append(f"{len(cells)} role-type cells")
            lines += [f"  level {level}: {', '.join(names)}" for level, names in sorted(by_level.items())]
        for profile in self.document["job_profiles"]:
            scales = ", ".join(f"{level['level']}→{level['salary_scale']}" for level in profile["levels"])
            lines.append(
                f"job profile {profile['title']}: {len(profile['result_areas'])} result areas, "
                f"{len(profile['competencies'])} competencies"
                + (f", level→scale {scales}" if scales else "")
                + (
                    f", work and thinking level {profile['work_and_thinking_level']}"
                    if profile["work_and_thinking_level"]
                    else ""
                )
            )
        return lines


def split_lines(text: str) -> list[Line]:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return [
        Line(number, raw.replace("\u00a0", " ").strip(), raw)
        for number, raw in enumerate(text.split("\n"), start=1)
    ]


def structure_lines(structure) -> list[Line]:
    """The structure's elements as the lines of a line-by-line recogniser (no blank or noise lines)."""
    from frameworks.importers.structure import element_lines

    return [Line(number, text.strip(), text) for number, text in element_lines(structure.content())]


def meaningful(lines: list[Line]) -> list[Line]:
    return [line for line in lines if not line.is_blank and line.text.casefold() not in NOISE_LINES]


def is_bullet(text: str) -> bool:
    return bool(BULLET_RE.match(text)) and len(BULLET_RE.sub("", text)) > 0


def strip_bullet(text: str) -> str:
    return BULLET_RE.sub("", text, count=1).strip()


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# Words a Dutch sentence does not end on: articles, pronouns, prepositions, conjunctions.
DANGLING_WORDS = frozenset(
    (
        "de het een die dat deze dit wat welke wie waar waarin waarbij waarmee je jouw jij u uw zijn haar hun "
        "ze zij we wij en of maar want dus om te tot van voor met aan op in bij naar over uit door als dan "
        "zodat omdat terwijl wanneer hoe tussen zonder onder tegen na per"
    ).split()
)


def breaks_off(text: str) -> bool:
    """Does the text stop mid-sentence (no closing punctuation, last word a function word)?"""
    stripped = text.rstrip()
    if not stripped or stripped[-1] in ".!?:;)":
        return False
    return stripped.split()[-1].casefold() in DANGLING_WORDS


def gather_bullets(lines: list[Line], *, continue_plain_lines: bool = True) -> list[str]:
    """Turn bullet lines into items.

    The export sometimes breaks a sentence over two bullets ("… dat je juist die" /
    "• beslissing hebt genomen?"): a bullet that starts in lower case continues the
    previous item when that item breaks off mid-sentence (only in a list whose items mostly
    start with a capital: in a list of lower-case items each is its own). A lower-case bullet after a
    complete item ("Fungeer zoveel mogelijk als voorbeeld" / "• doe geen valse
    beloftes, …") is an item of its own. A plain line without a bullet is a wrapped line
    and continues the previous item.
    """
    items: list[str] = []
    bullets = [strip_bullet(line.text) for line in lines if is_bullet(line.text)]
    # Only in a list of capitalised items does a lower-case one stand out as a continuation.
    capitalised = sum(1 for text in bullets if text[:1].isupper()) * 2 > len(bullets)
    for line in lines:
        if is_bullet(line.text):
            text = strip_bullet(line.text)
            if items and capitalised and text[:1].islower() and breaks_off(items[-1]):
                items[-1] = collapse(f"{items[-1]} {text}")
            else:
                items.append(collapse(text))
        elif items and continue_plain_lines:
            items[-1] = collapse(f"{items[-1]} {line.text}")
        else:
            items.append(collapse(line.text))
    return items


def without_repeats(items: list[str]) -> list[str]:
    """Drop exact repeats (exports that list the same tips twice), keeping the first order."""
    return list(dict.fromkeys(items))


def normalise_for_match(text: str) -> str:
    """Compare descriptions regardless of case, accents, punctuation and spacing."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()
