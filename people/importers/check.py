"""The people import's checks across rows and against the database, after each row is parsed.

Duplicates, e-mail addresses of others, unknown, departed or circular managers, HR making
themselves someone's manager, numbers that differ only in leading zeros, user accounts that are
no employee. ``check_rows`` runs them all; any issue leaves the database unchanged.
"""

from collections import Counter
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext as _

from people.importers.base import Issue, Row, hr_scope_units, unit_paths
from people.models import Employee


def check_rows(
    rows: list[Row],
    existing: dict[str, dict],
    label: dict[str, str],
    *,
    actor: AbstractBaseUser | None,
    deactivate_missing: bool,
) -> list[Issue]:
    """Every issue of the parsed rows taken together and compared with the database.

    ``rows`` come from ``parse.parse_rows``, ``label`` (column → the file's name for it) too;
    ``existing`` is ``base.existing_employees()``. ``actor`` is the importing user (``None``
    from the command line); ``deactivate_missing`` says whoever is missing from the file leaves.
    Raises nothing: each problem is an ``Issue``.
    """
    issues: list[Issue] = []
    _cross_checks(rows, existing, issues, label, deactivate_missing=deactivate_missing)
    if "manager" in label:
        _self_management(rows, existing, issues, label["manager"], actor=actor)
    if "hr_scope" in label:
        _hr_scopes(rows, existing, issues, label["hr_scope"], actor=actor)
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
    return issues


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


def _hr_scopes(
    rows: list[Row], existing: dict[str, dict], issues: list[Issue], column: str, *, actor
) -> None:
    """The HR column names units that exist or that the file creates, never makes someone who has left (or
    leaves with this file) HR, and never changes the importing user's own HR scope (another HR adviser
    imports that change, as with managers: nobody gives or takes their own rights)."""
    ids = unit_paths()
    known = set(ids)
    for row in rows:  # the units the file creates: every path of a row's unit, and the units above it
        known.update(row.org_path[:depth] for depth in range(1, len(row.org_path) + 1))
    own_user = getattr(actor, "pk", None)
    own = Employee.objects.filter(user_id=own_user).values_list("employee_number", flat=True).first()
    current = hr_scope_units().get(own_user, set()) if own else set()
    today = timezone.localdate()
    for row in rows:
        if row.hr_scope is None:
            continue
        for path in row.hr_scope:
            if path not in known:
                issues.append(
                    Issue(
                        row.number,
                        column,
                        _("unknown unit %(path)r: name units that exist or that this file creates")
                        % {"path": " / ".join(path)},
                    )
                )
        departed = row.end_date and row.end_date < today
        departed = departed or (
            row.employee_number in existing and not existing[row.employee_number]["active"]
        )
        if row.hr_scope and departed:
            issues.append(
                Issue(
                    row.number,
                    column,
                    _("%(number)s has left and cannot be HR") % {"number": row.employee_number},
                )
            )
        if row.employee_number == own and {ids.get(path) for path in row.hr_scope} != current:
            issues.append(
                Issue(
                    row.number,
                    column,
                    _(
                        "you cannot change your own HR scope in an import; another HR adviser must import this change"
                    ),
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


def _without_leading_zeros(number: str) -> str:
    return number.lstrip("0") or "0"


def leading_zero_twins(
    *, numbers: Iterable[tuple[int, str]], known: Iterable[str]
) -> list[tuple[int, str, str]]:
    """A new number that equals a known one but for leading zeros (``412`` and ``000412``).

    ``numbers`` are the file's ``(row number, employee number)``; ``known`` the numbers in the
    database. Such a number is refused, not made a second person with a login: spreadsheet
    programs drop leading zeros. Two spellings within the file are refused too. Problems are
    ``(row number, column, message)``.
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
