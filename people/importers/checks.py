"""Row checks of the people import that look at the text itself: control characters and leading zeros.

Both return problems as ``(row number, column, message)``; ``people.importer`` names the column
as the file does and reports them with the rest.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.text import single_line, validate_single_line

Problem = tuple[int, str, str]


def without_control_characters(
    *, number: int, cells: list, mapping: dict[str, int]
) -> tuple[list, list[Problem]]:
    """The row with every control character made harmless, and a problem per cell that had one.

    Every column of the import is single-line text (``core.text.validate_single_line``);
    ``mapping`` is column → index. The clean row keeps a bad cell from giving a second error.
    """
    try:  # one check for the whole row: nearly every row is clean
        validate_single_line("".join(cell for cell in cells if isinstance(cell, str)))
        return cells, []
    except ValidationError:
        pass
    clean, problems = list(cells), []
    for column, index in mapping.items():
        value = cells[index] if index < len(cells) else None
        if not isinstance(value, str):
            continue
        try:
            validate_single_line(value)
        except ValidationError:
            problems.append(
                (number, column, _("contains a line break, tab or other invisible character: remove it"))
            )
            clean[index] = single_line(value)
    return clean, problems


def _without_leading_zeros(number: str) -> str:
    return number.lstrip("0") or "0"


def leading_zero_twins(*, numbers: Iterable[tuple[int, str]], known: Iterable[str]) -> list[Problem]:
    """A new number that equals a known one but for leading zeros (``412`` and ``000412``).

    ``numbers`` are the file's ``(row number, employee number)``; ``known`` the numbers in the
    database. Such a number is refused, not made a second person with a login: spreadsheet
    programs drop leading zeros. Two spellings within the file are refused too.
    """
    known = set(known)
    twin_of: dict[str, str] = {}
    for number in sorted(known):
        twin_of.setdefault(_without_leading_zeros(number), number)
    first_in_file: dict[str, tuple[int, str]] = {}
    problems = []
    for row, number in numbers:
        if not number:
            continue
        key = _without_leading_zeros(number)
        twin = twin_of.get(key)
        if number not in known and twin is not None:
            problems.append(
                (
                    row,
                    "employee_number",
                    _(
                        "%(number)s is the existing employee number %(existing)s without its leading "
                        "zeros: use %(existing)s (format the column as text in Excel)"
                    )
                    % {"number": number, "existing": twin},
                )
            )
            continue
        first_row, first_number = first_in_file.setdefault(key, (row, number))
        if first_number != number:
            problems.append(
                (
                    row,
                    "employee_number",
                    _(
                        "%(number)s differs from %(other)s on row %(row)s only in leading zeros: use one of them"
                    )
                    % {"number": number, "other": first_number, "row": first_row},
                )
            )
    return problems
