"""One row of the people import at a time: the file's columns mapped, each cell checked and parsed.

A cell's problem becomes an ``Issue`` (row, the file's column name, message) and parsing goes
on, so HR sees every problem of the file at once. Only a header that cannot be used (a column
twice, a required column missing, an unknown column) stops the import: ``ImportFileError``.
"""

import re
from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from core.text import single_line, validate_single_line
from frameworks.models import FrameworkVersion, JobProfile, RoleType
from people.importers.base import COLUMNS, HEADERS, REQUIRED, Issue, Row
from people.importers.read import ImportFileError
from people.selectors import MAX_DEPTH

PATH_SEPARATOR = "/"
UNIT_SEPARATOR = ";"  # between the units of the HR column
LANGUAGES = {"nl": "nl", "nederlands": "nl", "dutch": "nl", "en": "en", "engels": "en", "english": "en"}
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"]
NUMBER_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")


def _normalise_header(text: str) -> str:
    return re.sub(r"\s+", " ", str(text or "").replace("_", " ")).strip().casefold()


def map_columns(header: list[str]) -> dict[str, int]:
    """The index of each column the header names: ``{"employee_number": 0, "name": 1, …}``.

    ``header`` is the file's first row as text; names are matched in Dutch or English, any case
    (``COLUMNS``). Raises ``ImportFileError`` (the import ends ``rejected``) for a column named
    twice, a required column missing or a column the import does not know.
    """
    accepted = {name: canonical for canonical, names in COLUMNS.items() for name in [canonical, *names]}
    accepted = {_normalise_header(name): canonical for name, canonical in accepted.items()}
    mapping: dict[str, int] = {}
    unknown = []
    for index, title in enumerate(header):
        canonical = accepted.get(_normalise_header(title))
        if canonical is None:
            if title.strip():
                unknown.append(single_line(title) or repr(title))
            continue
        if canonical in mapping:
            raise ImportFileError(_("The column %(column)s appears twice.") % {"column": single_line(title)})
        mapping[canonical] = index
    missing = [HEADERS["en"][c] + " / " + HEADERS["nl"][c] for c in REQUIRED if c not in mapping]
    if missing:
        raise ImportFileError(
            _("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    if unknown:
        raise ImportFileError(
            _("Unknown columns: %(columns)s. Use the template's columns.") % {"columns": ", ".join(unknown)}
        )
    return mapping


def _cell(raw: list, mapping: dict[str, int], column: str):
    index = mapping.get(column)
    if index is None or index >= len(raw):
        return None
    value = raw[index]
    return value.strip() if isinstance(value, str) else value


def _parse_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def unit_path(text: str, problem) -> tuple[str, ...]:
    """A unit's path of names from the top (``Gemeente / Dienstverlening / Burgerzaken``), or ``()`` after
    calling ``problem(message)`` for a path too deep or with an empty or overlong name."""
    path = tuple(part.strip() for part in text.split(PATH_SEPARATOR))
    if len(path) > MAX_DEPTH:  # deeper is no organisation, and costs a unit per level
        problem(
            _("at most %(max)s levels (units separated by ' / '); shorten this path") % {"max": MAX_DEPTH}
        )
        return ()
    if any(not part or len(part) > 200 for part in path):
        problem(
            _("%(value)r is not a path like 'Gemeente / Dienstverlening / Burgerzaken'") % {"value": text}
        )
    return path


class Lookups:
    """Role cells and job profiles of the current published framework versions, read once per import.

    ``framework_slug`` limits them to one framework (``None``: all). ``cell`` and ``profile``
    find one by its name (a profile also by its key) and raise ``ValueError`` with the message
    for HR when there is none or one in several frameworks.
    """

    def __init__(self, framework_slug: str | None):
        versions = FrameworkVersion.objects.filter(status=FrameworkVersion.Status.PUBLISHED)
        if framework_slug:
            versions = versions.filter(framework__slug=framework_slug)
        newest: dict[int, FrameworkVersion] = {}
        for version in versions.order_by("number"):
            newest[version.framework_id] = version
        current = list(newest.values())
        self.cells: dict[str, list[RoleType]] = {}
        for cell in RoleType.objects.filter(version__in=current).select_related("version__framework"):
            self.cells.setdefault(cell.name.casefold(), []).append(cell)
        self.profiles: dict[str, list[JobProfile]] = {}
        self.profile_levels: dict[int, set[int]] = {}
        for profile in (
            JobProfile.objects.filter(version__in=current)
            .select_related("version__framework")
            .prefetch_related("levels")
        ):
            self.profile_levels[profile.pk] = {level.level for level in profile.levels.all()}
            for key in {profile.title.casefold(), profile.key}:
                self.profiles.setdefault(key, []).append(profile)

    @staticmethod
    def _one(found: list, what: str, value: str):
        if not found:
            raise ValueError(_("unknown %(what)s %(value)r") % {"what": what, "value": value})
        if len(found) > 1:
            frameworks = ", ".join(sorted(item.version.framework.slug for item in found))
            raise ValueError(
                _(
                    "%(value)r is a %(what)s in several frameworks (%(frameworks)s): choose one with "
                    "the framework option"
                )
                % {"value": value, "what": what, "frameworks": frameworks}
            )
        return found[0]

    def cell(self, value: str) -> RoleType:
        return self._one(
            self.cells.get(re.sub(r"\s+", " ", value).casefold(), []), _("role-type cell"), value
        )

    def profile(self, value: str) -> JobProfile:
        return self._one(self.profiles.get(value.casefold(), []), _("job profile"), value)


def without_control_characters(
    *, number: int, cells: list, mapping: dict[str, int]
) -> tuple[list, list[tuple[int, str, str]]]:
    """The row with every control character made harmless, and a problem per cell that had one.

    Every column of the import is single-line text (``core.text.validate_single_line``);
    ``mapping`` is column → index. Problems are ``(row number, column, message)``. The clean row
    keeps a bad cell from giving a second error.
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


def parse_rows(
    header: list[str], raw_rows: Iterable[tuple[int, list]], lookups: Lookups
) -> tuple[list[Row], list[Issue], dict[str, str]]:
    """Rows with their values checked one by one; the issues; the file's label of each column.

    ``header`` is the file's first row (``map_columns`` reads it); ``raw_rows`` are
    ``(number, cells)`` as ``read.read_table`` yields them, consumed one by one. The labels map
    each column to the name the file gives it (``{"email": "E-mailadres"}``) for the issues.
    Raises ``ImportFileError`` (the import ends ``rejected``) for an unusable header and once
    reading passes the row limit; a bad cell is an ``Issue``, never an exception.
    """
    mapping = map_columns(header)
    label = {canonical: single_line(header[index]) for canonical, index in mapping.items()}
    rows, issues = [], []
    for number, cells in raw_rows:
        row = Row(number=number)
        raw, problems = without_control_characters(number=number, cells=cells, mapping=mapping)
        issues.extend(Issue(at, label[column], message) for at, column, message in problems)

        def problem(column: str, message: str, row=row) -> None:
            issues.append(Issue(row.number, label.get(column, column), message))

        def text(column: str, raw=raw) -> str:
            value = _cell(raw, mapping, column)
            if value is None:
                return ""
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            return str(value).strip()

        for column in REQUIRED:
            if not text(column):
                problem(column, _("required"))
        row.employee_number = text("employee_number")
        if row.employee_number and not NUMBER_RE.match(row.employee_number):
            problem("employee_number", _("use letters, digits, dots, dashes (at most 32)"))
        row.name = text("name")
        if len(row.name) > 200:
            problem("name", _("at most 200 characters"))
        row.email = text("email").lower()
        if row.email:
            try:
                validate_email(row.email)
            except ValidationError:
                problem("email", _("%(value)r is not an email address") % {"value": row.email})
        path = text("org_unit")
        if path:
            row.org_path = unit_path(path, lambda message: problem("org_unit", message))
        if "hr_scope" in mapping:
            paths = [part for part in text("hr_scope").split(UNIT_SEPARATOR) if part.strip()]
            found = [unit_path(part.strip(), lambda message: problem("hr_scope", message)) for part in paths]
            row.hr_scope = tuple(dict.fromkeys(path for path in found if path))
        row.manager = text("manager")
        if row.manager and row.manager == row.employee_number:
            problem("manager", _("an employee cannot be their own manager"))
        cell, profile = text("role_type"), text("job_profile")
        if cell and profile:
            problem("role_type", _("give a role-type cell or a job profile, not both"))
        elif cell:
            try:
                row.role_type = lookups.cell(cell)
            except ValueError as error:
                problem("role_type", str(error))
        elif profile:
            try:
                row.job_profile = lookups.profile(profile)
            except ValueError as error:
                problem("job_profile", str(error))
        level = text("job_profile_level")
        if level:
            if not level.isdecimal() or not 1 <= int(level) <= 20:
                problem("job_profile_level", _("a level is a whole number from 1 to 20"))
            elif not profile:
                problem("job_profile_level", _("a profile level needs a job profile"))
            else:
                row.job_profile_level = int(level)
                known_levels = (
                    lookups.profile_levels.get(row.job_profile.pk, set()) if row.job_profile else set()
                )
                if row.job_profile is not None and known_levels and int(level) not in known_levels:
                    problem(
                        "job_profile_level",
                        _("the profile %(profile)s has no level %(level)s")
                        % {"profile": row.job_profile.title, "level": level},
                    )
        row.contract_end_given = "contract_end_date" in mapping
        for column in ("start_date", "end_date", "contract_end_date"):
            value = _cell(raw, mapping, column)
            if value not in (None, ""):
                try:
                    setattr(row, column, _parse_date(value))
                except ValueError:
                    problem(
                        column, _("%(value)r is not a date (use 2026-03-31 or 31-03-2026)") % {"value": value}
                    )
        if row.start_date and row.end_date and row.end_date < row.start_date:
            problem("end_date", _("lies before the start date"))
        if row.start_date and row.contract_end_date and row.contract_end_date < row.start_date:
            problem("contract_end_date", _("lies before the start date"))
        language = text("language")
        if language:
            if language.casefold() not in LANGUAGES:
                problem("language", _("use nl or en"))
            else:
                row.language = LANGUAGES[language.casefold()]
        rows.append(row)
    return rows, issues, label
