"""Load the organisation from an HR or payroll export (CSV or XLSX), every month again.

Upsert by employee number. Everything is validated first — all rows, all errors
together (row, column, message) — and a file with any error changes nothing. Then the
plan (what is created, updated, deactivated) is applied in one transaction with bulk
queries, so the time grows linearly with the file. Movers and leavers are announced with
``people.signals``; running reviews follow.
"""

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import tabular
from core.tabular import write_csv  # noqa: F401  (the people export and its callers)
from core.text import single_line
from frameworks.models import FrameworkVersion, JobProfile, RoleType
from people.importers.checks import leading_zero_twins, without_control_characters
from people.importers.read import ImportFileError, read_table
from people.models import Employee, OrgUnit
from people.selectors import MAX_DEPTH
from people.services import employees_leave
from people.signals import employee_manager_changed, employee_role_changed

PATH_SEPARATOR = "/"
BATCH_SIZE = 2000

# Canonical column → the header names accepted for it (Dutch or English, any case).
COLUMNS: dict[str, list[str]] = {
    "employee_number": ["employee number", "personeelsnummer", "medewerkernummer", "employee id"],
    "name": ["name", "naam", "volledige naam"],
    "email": ["email", "e-mail", "e-mailadres", "emailadres", "email address"],
    "org_unit": [
        "org unit",
        "org unit path",
        "organisation unit",
        "organization unit",
        "organisatie-eenheid",
        "organisatieonderdeel",
        "afdeling",
    ],
    "manager": [
        "manager",
        "manager employee number",
        "manager's employee number",
        "leidinggevende",
        "personeelsnummer leidinggevende",
    ],
    "role_type": ["role-type cell", "role type", "role", "rolcel", "roltype", "rol"],
    "job_profile": ["job profile", "functieprofiel", "functie"],
    "job_profile_level": ["profile level", "job profile level", "profielniveau", "niveau"],
    "start_date": ["start date", "startdatum", "datum in dienst", "in dienst"],
    "end_date": ["end date", "einddatum", "datum uit dienst", "uit dienst"],
    "language": ["language", "taal", "voorkeurstaal"],
}
REQUIRED = ["employee_number", "name", "org_unit"]
HEADERS = {
    "nl": {
        "employee_number": "Personeelsnummer",
        "name": "Naam",
        "email": "E-mailadres",
        "org_unit": "Organisatie-eenheid",
        "manager": "Leidinggevende",
        "role_type": "Rolcel",
        "job_profile": "Functieprofiel",
        "job_profile_level": "Profielniveau",
        "start_date": "Datum in dienst",
        "end_date": "Datum uit dienst",
        "language": "Taal",
    },
    "en": {
        "employee_number": "Employee number",
        "name": "Name",
        "email": "Email",
        "org_unit": "Org unit",
        "manager": "Manager",
        "role_type": "Role-type cell",
        "job_profile": "Job profile",
        "job_profile_level": "Profile level",
        "start_date": "Start date",
        "end_date": "End date",
        "language": "Language",
    },
}
LANGUAGES = {"nl": "nl", "nederlands": "nl", "dutch": "nl", "en": "en", "engels": "en", "english": "en"}
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"]
NUMBER_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")


@dataclass(frozen=True)
class Issue:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.message}"


@dataclass
class Row:
    number: int
    employee_number: str = ""
    name: str = ""
    email: str = ""
    org_path: tuple[str, ...] = ()
    manager: str = ""
    role_type: RoleType | None = None
    job_profile: JobProfile | None = None
    job_profile_level: int | None = None
    start_date: date | None = None
    end_date: date | None = None
    language: str = "nl"


@dataclass
class Report:
    dry_run: bool
    rows: int = 0
    created: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)  # number → changed fields
    deactivated: list[str] = field(default_factory=list)
    units_created: list[str] = field(default_factory=list)
    movers: list[str] = field(default_factory=list)
    role_changes: list[str] = field(default_factory=list)
    leavers: list[str] = field(default_factory=list)
    # Departed people the file shows as working here: they stay departed (rehiring is done by HR).
    not_reactivated: list[str] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)

    @property
    def unchanged(self) -> int:
        """The one count definition: every row of the file is created, updated or unchanged, once."""
        return self.rows - len(self.created) - len(self.updated)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deactivated": self.deactivated,
            "units_created": self.units_created,
            "movers": self.movers,
            "role_changes": self.role_changes,
            "leavers": self.leavers,
            "not_reactivated": self.not_reactivated,
            "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in self.errors],
        }

    def summary(self) -> str:
        if self.errors:
            return ngettext(
                "%(count)s error: nothing was changed.",
                "%(count)s errors: nothing was changed.",
                len(self.errors),
            ) % {"count": len(self.errors)}
        verb = _("would be") if self.dry_run else _("were")
        return _(
            "%(rows)s rows: %(created)s %(verb)s created, %(updated)s updated, %(deactivated)s deactivated, "
            "%(unchanged)s unchanged; %(units)s new organisation units."
        ) % {
            "rows": self.rows,
            "created": len(self.created),
            "verb": verb,
            "updated": len(self.updated),
            "deactivated": len(self.deactivated),
            "unchanged": self.unchanged,
            "units": len(self.units_created),
        }


Progress = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


# --- reading ---------------------------------------------------------------------------------


def _normalise_header(text: str) -> str:
    return re.sub(r"\s+", " ", str(text or "").replace("_", " ")).strip().casefold()


def map_columns(header: list[str]) -> dict[str, int]:
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


# --- validation ------------------------------------------------------------------------------


class Lookups:
    """Role cells and job profiles of the current published framework versions."""

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


def parse_rows(
    header: list[str], raw_rows: Iterable[tuple[int, list]], lookups: Lookups
) -> tuple[list[Row], list[Issue], dict[str, str]]:
    """Rows with their values checked one by one; the issues; the file's label of each column.

    ``raw_rows`` are ``(number, cells)`` as ``importers.read.read_table`` yields them; they
    are consumed one by one (reading stops at the row limit with ``ImportFileError``).
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
            row.org_path = tuple(part.strip() for part in path.split(PATH_SEPARATOR))
            if len(row.org_path) > MAX_DEPTH:  # deeper is no organisation, and costs a unit per level
                problem(
                    "org_unit",
                    _("at most %(max)s levels (units separated by ' / '); shorten this path")
                    % {"max": MAX_DEPTH},
                )
                row.org_path = ()
            elif any(not part or len(part) > 200 for part in row.org_path):
                problem(
                    "org_unit",
                    _("%(value)r is not a path like 'Gemeente / Dienstverlening / Burgerzaken'")
                    % {"value": path},
                )
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
            if not level.isdigit() or not 1 <= int(level) <= 20:
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
        for column in ("start_date", "end_date"):
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
        language = text("language")
        if language:
            if language.casefold() not in LANGUAGES:
                problem("language", _("use nl or en"))
            else:
                row.language = LANGUAGES[language.casefold()]
        rows.append(row)
    return rows, issues, label


def _cross_checks(
    rows: list[Row],
    existing: dict[str, dict],
    issues: list[Issue],
    label: dict[str, str],
    *,
    deactivate_missing: bool = False,
) -> None:
    """Checks across rows and against the database: duplicates, unknown managers, departed managers, circles."""
    numbers = Counter(row.employee_number for row in rows if row.employee_number)
    emails = Counter(row.email for row in rows if row.email)
    first_row = {}
    for row in rows:
        first_row.setdefault(row.employee_number, row.number)
        if (
            row.employee_number
            and numbers[row.employee_number] > 1
            and first_row[row.employee_number] != row.number
        ):
            issues.append(
                Issue(
                    row.number,
                    label["employee_number"],
                    _("duplicate: %(number)s is also on row %(row)s")
                    % {"number": row.employee_number, "row": first_row[row.employee_number]},
                )
            )
        if row.email and emails[row.email] > 1:
            issues.append(
                Issue(
                    row.number,
                    label["email"],
                    _("duplicate email %(email)s in the file") % {"email": row.email},
                )
            )
    email_owner = {data["email"]: number for number, data in existing.items() if data["email"]}
    in_file = set(numbers)
    for row in rows:
        owner = email_owner.get(row.email)
        if row.email and owner and owner != row.employee_number and owner not in in_file:
            issues.append(
                Issue(
                    row.number,
                    label["email"],
                    _("%(email)s belongs to employee %(owner)s") % {"email": row.email, "owner": owner},
                )
            )
        if row.manager and row.manager not in in_file and row.manager not in existing:
            issues.append(
                Issue(
                    row.number,
                    label["manager"],
                    _("no employee with number %(number)s (in the file or already known)")
                    % {"number": row.manager},
                )
            )
    if "manager" in label:
        _departed_managers(rows, existing, issues, label["manager"], deactivate_missing=deactivate_missing)
        _manager_cycles(rows, existing, issues, label["manager"])


def _departed_managers(
    rows: list[Row], existing: dict[str, dict], issues: list[Issue], column: str, *, deactivate_missing: bool
) -> None:
    """Someone who stays may not be given a manager who has left, or leaves with this file.

    Only a new or changed link is refused: a row that keeps its existing manager who left is
    accepted unchanged (the reviews that manager handled are already flagged for HR).
    """
    today = timezone.localdate()
    in_file = {row.employee_number: row for row in rows}

    def leaves(number: str) -> bool:
        if not existing.get(number, {}).get("active", True):
            return True  # the import never switches a departed employee back on
        if number in in_file:
            end_date = in_file[number].end_date
            return bool(end_date and end_date < today)
        return deactivate_missing

    for row in rows:
        kept = row.employee_number in existing and existing[row.employee_number]["manager"] == row.manager
        if row.manager and not kept and not leaves(row.employee_number) and leaves(row.manager):
            issues.append(
                Issue(
                    row.number,
                    column,
                    _("manager %(number)s has left the organisation; give a manager who still works here")
                    % {"number": row.manager},
                )
            )


def _self_management(
    rows: list[Row], existing: dict[str, dict], issues: list[Issue], column: str, *, actor
) -> None:
    """Nobody makes themselves someone's manager: the importing user's own employee record may not
    be named as a new or changed manager (another HR adviser imports that change). Existing links
    stay as they are."""
    own = Employee.objects.filter(user_id=getattr(actor, "pk", None)).values_list(
        "employee_number", flat=True
    )
    own_number = own.first()
    if own_number is None:
        return
    for row in rows:
        kept = row.employee_number in existing and existing[row.employee_number]["manager"] == row.manager
        if row.manager == own_number and not kept:
            issues.append(
                Issue(
                    row.number,
                    column,
                    _(
                        "you cannot make yourself the manager of %(number)s; another HR adviser must import "
                        "this change"
                    )
                    % {"number": row.employee_number},
                )
            )


def _manager_cycles(rows: list[Row], existing: dict[str, dict], issues: list[Issue], column: str) -> None:
    """The manager graph after the import, with the file's changes applied, must have no cycles."""
    manager_of = {number: data["manager"] for number, data in existing.items()}
    row_of = {}
    for row in rows:
        manager_of[row.employee_number] = row.manager or None
        row_of[row.employee_number] = row.number
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    reported = set()
    for start in row_of:
        path = []
        node = start
        while node is not None and state.get(node) is None:
            state[node] = 1
            path.append(node)
            node = manager_of.get(node)
        if node is not None and state.get(node) == 1:
            cycle = path[path.index(node) :]
            key = frozenset(cycle)
            if key not in reported:
                reported.add(key)
                chain = " → ".join([*cycle, node])
                first = min((row_of[n] for n in cycle if n in row_of), default=0)
                issues.append(
                    Issue(first, column, _("the managers would form a circle: %(chain)s") % {"chain": chain})
                )
        for visited in path:
            state[visited] = 2


# --- planning and applying ------------------------------------------------------------------------


def _existing_employees() -> dict[str, dict]:
    fields = [
        "id",
        "employee_number",
        "name",
        "email",
        "org_unit_id",
        "manager__employee_number",
        "role_type_id",
        "job_profile_id",
        "job_profile_level",
        "start_date",
        "end_date",
        "active",
        "preferred_language",
        "user_id",
    ]
    return {
        row["employee_number"]: {**row, "manager": row.pop("manager__employee_number")}
        for row in Employee.objects.values(*fields)
    }


def _unit_paths() -> dict[tuple[str, ...], int]:
    units = {unit["id"]: unit for unit in OrgUnit.objects.values("id", "name", "parent_id")}
    paths: dict[tuple[str, ...], int] = {}

    def path_of(unit_id: int, depth: int = 0) -> tuple[str, ...]:
        unit = units[unit_id]
        if unit["parent_id"] is None or depth > 64:
            return (unit["name"],)
        return (*path_of(unit["parent_id"], depth + 1), unit["name"])

    for unit_id in units:
        paths[path_of(unit_id)] = unit_id
    return paths


def _kind_for_depth(depth: int) -> str:
    return (
        [OrgUnit.Kind.ORGANISATION, OrgUnit.Kind.DIRECTORATE, OrgUnit.Kind.DEPARTMENT][min(depth, 2)]
        if depth < 3
        else OrgUnit.Kind.TEAM
    )


def import_people(
    *,
    content: bytes,
    filename: str,
    actor=None,
    dry_run: bool = False,
    deactivate_missing: bool = False,
    framework: str | None = None,
    progress: Progress = _no_progress,
) -> Report:
    """Validate the whole file, then (unless ``dry_run`` or any error) apply it in one transaction.

    ``actor`` is the importing user (``None`` from the command line): rows that newly make them
    someone's manager are refused. Any row error leaves everything unchanged (``report.errors``);
    a file that cannot be read raises ``ImportFileError``.
    """
    header, raw_rows = read_table(content, filename)
    rows, issues, label = parse_rows(header, raw_rows, Lookups(framework))
    report = Report(dry_run=dry_run, rows=len(rows))
    progress("validated", len(rows), len(rows))
    existing = _existing_employees()
    _cross_checks(rows, existing, issues, label, deactivate_missing=deactivate_missing)
    if "manager" in label:
        _self_management(rows, existing, issues, label["manager"], actor=actor)
    issues += [
        Issue(at, label[column], message)
        for at, column, message in leading_zero_twins(
            numbers=((row.number, row.employee_number) for row in rows), known=existing
        )
    ]
    taken = set(
        get_user_model()
        .objects.filter(
            username__in=[row.employee_number for row in rows if row.employee_number not in existing]
        )
        .values_list("username", flat=True)
    )
    issues += [
        Issue(
            row.number,
            label["employee_number"],
            _("a user account %(name)s exists that is no employee") % {"name": row.employee_number},
        )
        for row in rows
        if row.employee_number in taken
    ]
    if issues:
        report.errors = sorted(set(issues), key=lambda issue: (issue.row, issue.column))
        return report
    with transaction.atomic():
        _apply(rows, existing, report, actor, deactivate_missing, progress)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _apply(rows, existing, report, actor, deactivate_missing, progress) -> None:
    today = timezone.localdate()
    paths = _unit_paths()
    for row in rows:
        for depth in range(1, len(row.org_path) + 1):
            path = row.org_path[:depth]
            if path not in paths:
                unit = OrgUnit.objects.create(
                    name=path[-1], kind=_kind_for_depth(depth - 1), parent_id=paths.get(path[:-1])
                )
                paths[path] = unit.pk
                report.units_created.append(" / ".join(path))

    new_rows = [row for row in rows if row.employee_number not in existing]
    users = get_user_model().objects.bulk_create([_new_user(row) for row in new_rows], batch_size=BATCH_SIZE)
    created = Employee.objects.bulk_create(
        [
            Employee(user=user, employee_number=row.employee_number, **_fields(row, paths, today))
            for user, row in zip(users, new_rows, strict=True)
        ],
        batch_size=BATCH_SIZE,
    )
    report.created = [row.employee_number for row in new_rows]
    progress("created", len(created), len(rows))

    ids = {number: data["id"] for number, data in existing.items()}
    ids.update({employee.employee_number: employee.pk for employee in created})
    changed, role_changed, left = [], [], []
    for row in rows:
        if row.employee_number not in existing:
            continue
        before = existing[row.employee_number]
        wanted = _fields(row, paths, today, before=before)
        if not before["active"] and wanted["end_date"] != row.end_date:
            report.not_reactivated.append(row.employee_number)
        differences = [name for name, value in wanted.items() if before[name] != value]
        if differences:
            employee = Employee(pk=before["id"], employee_number=row.employee_number, **wanted)
            changed.append((employee, differences))
            report.updated[row.employee_number] = [name.removesuffix("_id") for name in differences]
            if {"role_type_id", "job_profile_id", "job_profile_level"} & set(differences):
                role_changed.append(employee)
            if "active" in differences and not wanted["active"]:
                left.append(employee)
    if changed:
        fields = sorted({name for _employee, names in changed for name in names})
        Employee.objects.bulk_update(
            [employee for employee, _names in changed], fields, batch_size=BATCH_SIZE
        )
    progress("updated", len(changed), len(rows))

    managers = []
    movers = []
    for row in rows:
        new_manager = ids.get(row.manager) if row.manager else None
        old_manager_number = existing.get(row.employee_number, {}).get("manager")
        if (
            row.employee_number in existing
            and (ids.get(old_manager_number) if old_manager_number else None) == new_manager
        ):
            continue
        if row.employee_number not in existing and new_manager is None:
            continue
        managers.append(Employee(pk=ids[row.employee_number], manager_id=new_manager))
        if row.employee_number in existing:
            movers.append((ids[row.employee_number], ids.get(old_manager_number), new_manager))
            report.updated.setdefault(row.employee_number, []).append("manager")
    Employee.objects.bulk_update(managers, ["manager"], batch_size=BATCH_SIZE)

    if deactivate_missing:
        in_file = {row.employee_number for row in rows}
        missing = [number for number, data in existing.items() if data["active"] and number not in in_file]
        Employee.objects.filter(employee_number__in=missing).update(active=False, updated_at=timezone.now())
        report.deactivated = sorted(missing)
    progress("managers", len(rows), len(rows))

    # Running reviews follow: announce movers, role changes and leavers.
    people = Employee.objects.in_bulk([pk for pk, _old, _new in movers] + [e.pk for e in role_changed + left])
    for employee_id, old_id, new_id in movers:
        employee = people[employee_id]
        report.movers.append(employee.employee_number)
        employee_manager_changed.send(
            sender=Employee,
            employee=employee,
            actor=actor,
            old_manager=Employee.objects.filter(pk=old_id).first(),
            new_manager=Employee.objects.filter(pk=new_id).first(),
        )
    for employee in role_changed:
        report.role_changes.append(employee.employee_number)
        employee_role_changed.send(sender=Employee, employee=people[employee.pk], actor=actor)
    report.leavers += [employee.employee_number for employee in left]
    # Leavers and people missing from a full export leave through the one service: accounts, tokens,
    # sessions and HR rights end; their open reviews are cancelled, the ones they manage go to HR.
    missing_ids = [existing[number]["id"] for number in report.deactivated]
    employees_leave(employee_ids=[employee.pk for employee in left] + missing_ids, actor=actor)
    progress("done", len(rows), len(rows))


def _new_user(row: Row):
    user = get_user_model()(username=row.employee_number, email=row.email)
    user.set_unusable_password()
    return user


def _fields(row: Row, paths: dict, today: date, *, before: dict | None = None) -> dict:
    """The stored fields a row asks for. The import never switches a departed employee (``before``
    inactive) back on: a file without an end date, or with a later one, keeps them departed with
    their recorded end date (rehiring is an explicit act of HR in the admin)."""
    fields = {
        "name": row.name,
        "email": row.email,
        "org_unit_id": paths[row.org_path],
        "role_type_id": row.role_type.pk if row.role_type else None,
        "job_profile_id": row.job_profile.pk if row.job_profile else None,
        "job_profile_level": row.job_profile_level,
        "start_date": row.start_date,
        "end_date": row.end_date,
        "active": not (row.end_date and row.end_date < today),
        "preferred_language": row.language,
    }
    if before is not None and not before["active"]:
        fields["active"] = False
        if not (row.end_date and row.end_date <= today):
            fields["end_date"] = before["end_date"]
    return fields


# --- export and template ------------------------------------------------------------------------


def export_rows(employees: Iterable[Employee], language: str = "nl") -> tuple[list[str], list[list[str]]]:
    """The same columns the import reads, so HR can round-trip."""
    header = [HEADERS[language][column] for column in COLUMNS]
    paths = {unit_id: " / ".join(path) for path, unit_id in _unit_paths().items()}
    rows = []
    for employee in employees:
        rows.append(
            [
                employee.employee_number,
                employee.name,
                employee.email,
                paths.get(employee.org_unit_id, ""),
                employee.manager.employee_number if employee.manager_id else "",
                employee.role_type.name if employee.role_type_id else "",
                employee.job_profile.title if employee.job_profile_id else "",
                str(employee.job_profile_level or ""),
                employee.start_date.isoformat() if employee.start_date else "",
                employee.end_date.isoformat() if employee.end_date else "",
                employee.preferred_language,
            ]
        )
    return header, rows


def write_xlsx(header: list[str], rows: list[list[str]]) -> bytes:
    return tabular.write_xlsx(header, rows, sheet_title="Medewerkers")


def template_rows(language: str = "nl") -> tuple[list[str], list[list[str]]]:
    header = [HEADERS[language][column] for column in COLUMNS]
    example = [
        "1001",
        "Sanne Willems",
        "s.willems@voorbeeld.nl",
        "Gemeente Voorbeeld / Dienstverlening / Burgerzaken",
        "1003",
        "Dienstverlener B",
        "",
        "",
        "2019-04-01",
        "",
        "nl",
    ]
    return header, [example]


def exportable_employees():
    return Employee.objects.select_related("manager", "role_type", "job_profile").order_by("employee_number")
