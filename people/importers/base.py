"""What every step of the people import shares: the columns, a parsed row, an issue, the report.

The import reads an HR export (``read``), parses and checks each row (``parse``), checks the
rows together and against the database (``check``), then applies them (``apply``); the export
writes the same columns back (``export``).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext

from frameworks.models import JobProfile, RoleType
from people.models import Employee, HRScope, OrgUnit

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
    # The end of a temporary contract (not leaving: see end_date). Left out of the file, it stays as it is.
    "contract_end_date": [
        "contract end",
        "contract end date",
        "einde contract",
        "einddatum contract",
        "contract tot",
    ],
    "language": ["language", "taal", "voorkeurstaal"],
    # The units someone is HR for (paths, separated by ";"): the file says who is HR. Left out of the
    # file, HR scopes stay as they are; an empty cell means: not HR.
    "hr_scope": ["hr for", "hr scope", "hr-scope", "hr voor", "hr-scope voor", "hr-rechten voor"],
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
        "contract_end_date": "Einde contract",
        "language": "Taal",
        "hr_scope": "HR voor",
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
        "contract_end_date": "Contract end",
        "language": "Language",
        "hr_scope": "HR for",
    },
}


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
    contract_end_date: date | None = None
    # Whether the file has the contract-end column at all (without it, a stored contract end stays).
    contract_end_given: bool = False
    language: str = "nl"
    # The unit paths this person is HR for; None: the file has no such column (their HR scopes stay).
    hr_scope: tuple[tuple[str, ...], ...] | None = None


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
        created = len(self.created)
        if self.dry_run:  # "1 zou worden aangemaakt", "2 zouden worden aangemaakt"
            verb = npgettext("import summary", "would be", "would be", created)
        else:  # "1 is aangemaakt", "2 zijn aangemaakt"
            verb = npgettext("import summary", "was", "were", created)
        # The nouns take a count of their own ("1 rij", "1 nieuwe organisatie-eenheid"): ngettext each.
        rows = ngettext("%(count)s row", "%(count)s rows", self.rows) % {"count": self.rows}
        units = len(self.units_created)
        new_units = ngettext("%(count)s new organisation unit", "%(count)s new organisation units", units) % {
            "count": units
        }
        return _(
            "%(rows)s: %(created)s %(verb)s created, %(updated)s updated, %(deactivated)s deactivated, "
            "%(unchanged)s unchanged; %(units)s."
        ) % {
            "rows": rows,
            "created": created,
            "verb": verb,
            "updated": len(self.updated),
            "deactivated": len(self.deactivated),
            "unchanged": self.unchanged,
            "units": new_units,
        }


Progress = Callable[[str, int, int], None]


def no_progress(stage: str, done: int, total: int) -> None:
    """The ``Progress`` callback that reports nothing (the command line without ``--progress``, tests)."""


def unit_paths() -> dict[tuple[str, ...], int]:
    """Every organisation unit by its path of names from the top: ``("Gemeente", "Burgerzaken") → id``."""
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


def hr_scope_units() -> dict[int, set[int]]:
    """Every HR scope in one query: user id → the ids of the units they are HR for (with what lies below)."""
    scopes: dict[int, set[int]] = {}
    for user_id, unit_id in HRScope.objects.values_list("user_id", "org_unit_id"):
        scopes.setdefault(user_id, set()).add(unit_id)
    return scopes


def existing_employees() -> dict[str, dict]:
    """Every employee as the import compares them, by employee number: the stored fields by name,
    ``manager`` as the manager's employee number (or ``None``) and ``id``."""
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
        "contract_end_date",
        "active",
        "preferred_language",
        "user_id",
    ]
    return {
        row["employee_number"]: {**row, "manager": row.pop("manager__employee_number")}
        for row in Employee.objects.values(*fields)
    }
