"""What every recogniser shares: the result, its warnings and refusals, and helpers for lists of items."""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from frameworks.document import Document

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
        super().__init__(
            _("line %(line)s: %(message)s") % {"line": line, "message": message} if line else message
        )


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
        """Counts per competency and level, per profile and cell, in the active language."""
        lines = []
        for competency in self.document["competencies"]:
            parts = [
                _("%(count)s at level %(number)s")
                % {"count": len(level["indicators"]), "number": level["number"]}
                for level in competency["levels"]
            ]
            if competency["indicators"]:
                parts.append(_("%(count)s unlevelled") % {"count": len(competency["indicators"])})
            extras = []
            if competency["interview_questions"]:
                extras.append(
                    _("%(count)s interview questions") % {"count": len(competency["interview_questions"])}
                )
            if competency["development_tips"]:
                extras.append(
                    _("%(count)s development tips") % {"count": len(competency["development_tips"])}
                )
            if competency["base_behaviour"]:
                extras.append(_("base behaviour"))
            indicators = ", ".join(parts) if parts else _("no indicators")
            lines.append(
                _("competency %(name)s: %(levels)s levels; indicators: %(indicators)s")
                % {"name": competency["name"], "levels": len(competency["levels"]), "indicators": indicators}
                + (f"; {', '.join(extras)}" if extras else "")
            )
        cells = self.document["role_types"]
        if cells:
            by_level: dict[int, list[str]] = {}
            for cell in cells:
                by_level.setdefault(cell["default_level"], []).append(f"{cell['family']} {cell['grade']}")
            lines.append(_("%(count)s role-type cells") % {"count": len(cells)})
            lines += [
                "  " + _("level %(level)s: %(names)s") % {"level": level, "names": ", ".join(names)}
                for level, names in sorted(by_level.items())
            ]
        for profile in self.document["job_profiles"]:
            scales = ", ".join(f"{level['level']}→{level['salary_scale']}" for level in profile["levels"])
            line = _("job profile %(title)s: %(areas)s result areas, %(competencies)s competencies") % {
                "title": profile["title"],
                "areas": len(profile["result_areas"]),
                "competencies": len(profile["competencies"]),
            }
            if scales:
                line += ", " + _("level→scale %(scales)s") % {"scales": scales}
            if profile["work_and_thinking_level"]:
                line += ", " + _("work and thinking level %(level)s") % {
                    "level": profile["work_and_thinking_level"]
                }
            lines.append(line)
        return lines


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


def gather_items(elements, warnings: list[ImportWarning]) -> list[str]:
    """Turn the elements of a list (items with any marker, plain lines, tables) into items.

    The export sometimes breaks a sentence over two bullets ("… dat je juist die" /
    "• beslissing hebt genomen?"): an item that starts in lower case continues the
    previous one when that one breaks off mid-sentence (only in a list whose items mostly
    start with a capital: in a list of lower-case items each is its own). A lower-case item
    after a complete one ("Fungeer zoveel mogelijk als voorbeeld" / "• doe geen valse
    beloftes, …") is an item of its own. A plain line after an item is a wrapped line and
    continues it (with a warning when the item was a complete sentence). A list without any
    marker (a browser copy of an HTML list) has one item a line, with a warning; in a list of
    capitalised lines a lower-case line after one that does not end a sentence continues it
    (in a list of lower-case lines each is its own, whatever word the previous ends on).
    Table cells are items, one per paragraph of a cell.
    """
    from frameworks.importers.structure import ITEM, TABLE, cell_items, ends_sentence

    items: list[str] = []
    marked = [element for element in elements if element.kind == ITEM and element.text]
    plain = [element for element in elements if element.kind not in (ITEM, TABLE)]
    listed = marked or plain
    capitalised = sum(1 for element in listed if element.text[:1].isupper()) * 2 > len(listed)
    if not marked and len(plain) >= 2:
        warnings.append(
            ImportWarning(
                plain[0].line,
                _("These lines have no bullets: each line was read as an item of its own."),
            )
        )
    pending = False  # a number alone on its line ("3."): its text follows on the next
    for element in elements:
        if element.kind == TABLE:
            items += [item for row in element.rows for cell in row for item in cell_items(cell)]
            continue
        text = collapse(element.text)
        if not text:
            pending = pending or element.kind == ITEM
            continue
        if pending:
            pending = False
            items.append(text)
        elif element.kind == ITEM:
            if items and capitalised and text[:1].islower() and breaks_off(items[-1]):
                items[-1] = collapse(f"{items[-1]} {text}")
            else:
                items.append(text)
        elif not items:
            items.append(text)
        elif marked:
            if ends_sentence(items[-1]) or text[:1].isupper():
                warnings.append(
                    ImportWarning(
                        element.line,
                        _("A line without a bullet was read as the continuation of the previous item."),
                    )
                )
            items[-1] = collapse(f"{items[-1]} {text}")
        elif capitalised and text[:1].islower() and not ends_sentence(items[-1]):
            items[-1] = collapse(f"{items[-1]} {text}")
        else:
            items.append(text)
    return items


def without_repeats(items: list[str]) -> list[str]:
    """Drop exact repeats (exports that list the same tips twice), keeping the first order."""
    return list(dict.fromkeys(items))


def normalise_for_match(text: str) -> str:
    """Compare descriptions regardless of case, accents, punctuation and spacing."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()
