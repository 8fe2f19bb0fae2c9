"""Reads about the organisation: who reports to whom, what lies below a unit, who is HR for what."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from people.models import Employee, HRScope, OrgUnit

# Depth guard for the recursive queries: the rules keep the graphs acyclic, this keeps
# a corrupted row from turning a read into an endless loop.
MAX_DEPTH = 64


def _descendant_unit_ids_sql(root_ids: Iterable[int]) -> RawSQL:
    ids = [int(pk) for pk in root_ids] or [0]
    placeholders = ", ".join(["%s"] * len(ids))
    table = OrgUnit._meta.db_table
    return RawSQL(
        f"""
        WITH RECURSIVE subtree(id, depth) AS (
            SELECT id, 0 FROM {table} WHERE id IN ({placeholders})
            UNION
            SELECT child.id, subtree.depth + 1 FROM {table} child
            JOIN subtree ON child.parent_id = subtree.id WHERE subtree.depth < %s
        ) SELECT id FROM subtree
        """,
        [*ids, MAX_DEPTH],
    )


def org_units_below(*, org_units: Iterable[OrgUnit | int], include_self: bool = True) -> QuerySet[OrgUnit]:
    """The units in the subtrees of ``org_units``."""
    root_ids = [unit if isinstance(unit, int) else unit.pk for unit in org_units]
    queryset = OrgUnit.objects.filter(id__in=_descendant_unit_ids_sql(root_ids))
    return queryset if include_self else queryset.exclude(id__in=root_ids)


def org_unit_ancestors(*, org_unit: OrgUnit) -> list[OrgUnit]:
    """From the unit's parent up to the root."""
    ancestors, current, seen = [], org_unit.parent, {org_unit.pk}
    while current is not None and current.pk not in seen and len(ancestors) < MAX_DEPTH:
        ancestors.append(current)
        seen.add(current.pk)
        current = current.parent
    return ancestors


def organisation_of(*, org_unit: OrgUnit) -> OrgUnit:
    """The organisation ``org_unit`` belongs to: the root of its tree."""
    ancestors = org_unit_ancestors(org_unit=org_unit)
    return ancestors[-1] if ancestors else org_unit


def hr_advisers_of(*, org_unit: OrgUnit, exclude_user_ids: Iterable[int] = ()) -> list[AbstractBaseUser]:
    """The HR advisers of ``org_unit``: the active users with an HR scope on the unit itself or, if none,
    on its nearest ancestor that has one (by name). Empty when no unit up to the root has one.
    ``exclude_user_ids``: people who may not act here (e.g. the review's own participants)."""
    units = [org_unit, *org_unit_ancestors(org_unit=org_unit)]
    scopes = (
        HRScope.objects.filter(org_unit__in=units, user__is_active=True)
        .exclude(user_id__in=list(exclude_user_ids))
        .select_related("user__employee")
    )
    by_unit = defaultdict(list)
    for scope in scopes:
        by_unit[scope.org_unit_id].append(scope.user)
    for unit in units:
        if by_unit[unit.pk]:
            return sorted(by_unit[unit.pk], key=person_name)
    return []


def person_name(user: AbstractBaseUser) -> str:
    """A user's name for people to read: their employee record's, else their full name, else their login."""
    employee = getattr(user, "employee", None)
    if employee is not None:
        return employee.name
    return user.get_full_name() or user.get_username()


@dataclass(frozen=True)
class UnitNode:
    id: int
    name: str
    parent: int | None


def org_unit_tree() -> dict[int, UnitNode]:
    """Every unit's name and parent, by id, in one query (for adding numbers up the tree)."""
    return {
        pk: UnitNode(pk, name, parent)
        for pk, name, parent in OrgUnit.objects.values_list("id", "name", "parent_id")
    }


# --- one level of the tree at a time (pages and answers that do not grow with the organisation) ---


def unit_level(rows: list[dict], *, focus: int | None) -> dict:
    """One level of ``rows`` (per unit, rolled up the tree: each with ``org_unit``, ``name``, ``parent``).

    ``focus``: the unit whose sub-units are shown; None for the top: the units with no parent among the
    rows (or, when that is one unit, its sub-units). Returns ``{"focus": the focus unit's row or None,
    "path": [{"org_unit", "name"}] from the top down to the focus' parent, "rows": its sub-units' rows,
    each with ``has_units`` (whether it has sub-units of its own to open), the largest first}``.
    """
    by_id = {row["org_unit"]: row for row in rows}
    parent_of = {unit_id: row["parent"] for unit_id, row in by_id.items()}
    with_units = {parent for parent in parent_of.values() if parent in by_id}
    if focus not in by_id:
        tops = [unit_id for unit_id, parent in parent_of.items() if parent not in by_id]
        if len(tops) != 1:
            return {"focus": None, "path": [], "rows": _level_rows(tops, by_id, with_units)}
        focus = tops[0]
    path, above, seen = [], parent_of[focus], {focus}
    while above in by_id and above not in seen and len(path) < MAX_DEPTH:  # bad data: a loop ends it
        seen.add(above)
        path.insert(0, {"org_unit": above, "name": by_id[above]["name"]})
        above = parent_of[above]
    children = [unit_id for unit_id, parent in parent_of.items() if parent == focus]
    return {"focus": by_id[focus], "path": path, "rows": _level_rows(children, by_id, with_units)}


def _level_rows(unit_ids: list[int], by_id: dict[int, dict], with_units: set[int]) -> list[dict]:
    rows = [{**by_id[unit_id], "has_units": unit_id in with_units} for unit_id in unit_ids]
    return sorted(rows, key=lambda row: (-row.get("total", row.get("rated", 0)), row["name"]))


def roll_up(counts_per_unit: Mapping[int, Mapping], tree: Mapping[int, UnitNode]) -> dict[int, dict]:
    """Counts per unit (unit id → key → count), each unit's including everything below it.

    Added up from the deepest units upwards, once per unit rather than once per ancestor of each
    unit, which matters with thousands of teams. Units missing from ``tree`` are dropped; a unit that
    is its own ancestor (bad data) stops the climb; a unit with nothing at or below it is absent.
    """
    depth: dict[int, int] = {}
    for start in tree:
        path, current = [], start
        while current in tree and current not in depth and current not in path and len(path) < MAX_DEPTH:
            path.append(current)
            current = tree[current].parent
        base = depth.get(current, -1)
        for offset, unit in enumerate(reversed(path), start=1):
            depth[unit] = base + offset
    rolled: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    for unit_id, counts in counts_per_unit.items():
        if unit_id in tree:
            for key, count in counts.items():
                rolled[unit_id][key] += count
    for unit_id in sorted(depth, key=depth.get, reverse=True):
        parent = tree[unit_id].parent
        if unit_id in rolled and parent in tree and depth.get(parent, -1) < depth[unit_id]:
            for key, count in rolled[unit_id].items():
                rolled[parent][key] += count
    return {unit_id: dict(counts) for unit_id, counts in rolled.items()}


def employees_in(
    *, org_unit: OrgUnit, recursive: bool = True, active_only: bool = True
) -> QuerySet[Employee]:
    """Employees of ``org_unit`` (with the units below it unless ``recursive=False``; only active
    ones unless ``active_only=False``), with their unit and manager joined."""
    queryset = Employee.objects.select_related("org_unit", "manager")
    if recursive:
        queryset = queryset.filter(org_unit_id__in=_descendant_unit_ids_sql([org_unit.pk]))
    else:
        queryset = queryset.filter(org_unit=org_unit)
    return queryset.filter(active=True) if active_only else queryset


def reports_of(*, manager: Employee, active_only: bool = True) -> QuerySet[Employee]:
    """The manager's direct reports."""
    queryset = Employee.objects.filter(manager=manager).select_related("org_unit")
    return queryset.filter(active=True) if active_only else queryset


def manager_chain(*, employee: Employee) -> list[Employee]:
    """The employee's manager, that manager's manager, … up to the top (second reviewers, escalation)."""
    table = Employee._meta.db_table
    rows = Employee.objects.raw(
        f"""
        WITH RECURSIVE chain(id, manager_id, depth) AS (
            SELECT id, manager_id, 0 FROM {table} WHERE id = %s
            UNION
            SELECT e.id, e.manager_id, chain.depth + 1 FROM {table} e
            JOIN chain ON e.id = chain.manager_id WHERE chain.depth < %s
        ) SELECT e.* FROM {table} e JOIN chain ON chain.id = e.id WHERE chain.depth > 0 ORDER BY chain.depth
        """,
        [employee.pk, MAX_DEPTH],
    )
    chain, seen = [], {employee.pk}
    for row in rows:
        if row.pk in seen:
            break
        seen.add(row.pk)
        chain.append(row)
    return chain


def is_hr(*, user: AbstractBaseUser) -> bool:
    """Whether the user is HR: they hold at least one HR scope (``HRScope``; the scopes say for which
    units, and nothing else makes HR). False when logged out."""
    if not user.is_authenticated:
        return False
    # Remembered on the user object (one request's): visibility, rules and menus all ask.
    cached = getattr(user, "_is_hr", None)
    if cached is None:
        cached = user._is_hr = HRScope.objects.filter(user_id=user.pk).exists()
    return cached


def hr_sees_whole_organisation(*, user: AbstractBaseUser) -> bool:
    """HR whose scopes include every top-level unit: every unit is theirs.

    Asked before anything walks the unit tree: central HR is the common case, and for them the
    walk (thousands of units) and the per-row test it feeds can be skipped with the same answer.
    Remembered on the user object, like the units themselves, for the length of a request.
    """
    cached = getattr(user, "_hr_sees_whole_organisation", None)
    if cached is None:
        cached = is_hr(user=user) and not (
            OrgUnit.objects.filter(parent=None)
            .exclude(id__in=HRScope.objects.filter(user=user).values("org_unit_id"))
            .exists()
        )
        if user.is_authenticated:
            user._hr_sees_whole_organisation = cached
    return cached


def hr_org_units(*, user: AbstractBaseUser) -> QuerySet[OrgUnit]:
    """Every unit an HR user works for: their scopes with all units below them. Empty for non-HR users."""
    if not is_hr(user=user):
        return OrgUnit.objects.none()
    if hr_sees_whole_organisation(user=user):  # every unit: no walk of the tree (thousands of units)
        return OrgUnit.objects.all()
    scope_ids = HRScope.objects.filter(user=user).values_list("org_unit_id", flat=True)
    return org_units_below(org_units=list(scope_ids))


def employee_of(*, user: AbstractBaseUser) -> Employee | None:
    """The employee record of a user account, or None (logged out, or an account without one)."""
    if not user.is_authenticated:
        return None
    return Employee.objects.filter(user=user).select_related("org_unit", "manager").first()


def can_import_people(*, user) -> bool:
    """The import touches the whole organisation: HR with a scope on a top-level unit, or a superuser."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return is_hr(user=user) and HRScope.objects.filter(user=user, org_unit__parent__isnull=True).exists()


def can_import_frameworks(*, user) -> bool:
    """Competency frameworks hold for the whole organisation: who may import people (HR with a scope on a
    top-level unit, or a superuser) may import a framework document into a draft."""
    return can_import_people(user=user)


def people_import_progress(*, upload) -> dict:
    """Where an import is: ``{"stage", "label", "done", "total", "percent"}``, ``label`` in the active
    language. Read from the row, where the task's heartbeat writes it (``core.jobs.JobLease``) outside
    the import's transaction: never from the broker, so the status page works while it is down."""
    if upload.status not in upload.OPEN_STATUSES:
        return {
            "stage": upload.status,
            "label": str(upload.get_status_display()),
            "done": 1,
            "total": 1,
            "percent": 100,
        }
    label = upload.get_stage_display() if upload.stage else upload.get_status_display()
    percent = int(100 * upload.done / upload.total) if upload.total else 0
    return {
        "stage": upload.stage or upload.status,
        "label": str(label),
        "done": upload.done,
        "total": upload.total,
        "percent": percent,
    }


def imports_visible_to(*, user):
    """People imports the user may follow (every import, for those who may import people; else none)."""
    from people.models import PeopleImport

    if not can_import_people(user=user):
        return PeopleImport.objects.none()
    return PeopleImport.objects.defer("content").select_related("uploaded_by")


def preferred_language(*, user: AbstractBaseUser) -> str | None:
    """The language the user's employee record asks for ("nl", "en"); None for an account without
    one (an administrator). One query. Raises nothing."""
    return Employee.objects.filter(user_id=user.pk).values_list("preferred_language", flat=True).first()


# --- choosing a person or a unit by searching (the pages' search fields and ``GET /api/v1/people/``) ---

SEARCH_MAX_LENGTH = 100


def _search_terms(search: str) -> list[str]:
    return search.split()[:5]


def person_label(employee: Employee) -> str:
    """How a person is named where one is chosen among many: "Carla Bakker (1002), Burgerzaken"
    (``org_unit`` joined)."""
    return f"{employee.name} ({employee.employee_number}), {employee.org_unit.name}"


def people_hr_may_name(
    *, user: AbstractBaseUser, search: str = "", exclude: Iterable[int] = ()
) -> QuerySet[Employee]:
    """Active employees in the units ``user`` is HR for whose login works (an account switched off
    could not open the review), whom HR may name (as a review's manager or second reviewer; the
    services hold HR to it): never ``user`` themselves (the services refuse it too), nor the employees
    whose ids are in ``exclude`` (a review's own people). Empty for non-HR users.

    ``search``: as ``person_matches``. Ordered by name, with the unit joined. The caller pages the
    result: it is never rendered whole (an organisation may have 20,000 people).
    """
    queryset = (
        Employee.objects.filter(org_unit__in=hr_org_units(user=user), active=True, user__is_active=True)
        .exclude(user=user)
        .exclude(pk__in=list(exclude))
        .select_related("org_unit")
        .order_by("name", "id")
    )
    return queryset.filter(person_matches(search))


def person_matches(search: str, *, via: str = "") -> Q:
    """Whom ``search`` finds, wherever people are searched (the search fields, HR's review list by employee
    or manager, the API's ``search``): each of its words (at most 5) occurs in the name or starts the
    employee number, case-insensitively ("bakker 10" finds Carla Bakker, 1002). ``via``: the path from the
    model filtered to the person ("employee__", "manager__"). An empty search matches everyone."""
    matches = Q()
    for term in _search_terms(search):
        matches &= Q(**{f"{via}name__icontains": term}) | Q(**{f"{via}employee_number__istartswith": term})
    return matches


def units_hr_may_choose(*, user: AbstractBaseUser, search: str = "") -> QuerySet[OrgUnit]:
    """The active units ``user`` is HR for (their scopes with the units below), matching ``search``
    (words that each occur in the name, case-insensitive), ordered by name. Empty for non-HR users."""
    queryset = hr_org_units(user=user).filter(active=True).order_by("name", "id")
    for term in _search_terms(search):
        queryset = queryset.filter(name__icontains=term)
    return queryset


# --- the organisation as the API lists it (ids for the writes that take them) ---


def org_units_visible_to(*, user: AbstractBaseUser) -> QuerySet[OrgUnit]:
    """The units whose name and place in the tree ``user`` may read: for HR, the units of their HR scopes
    with everything below them (``hr_org_units``); for anyone else, the unit of their own employee record.
    Ordered by name. Empty when logged out."""
    if is_hr(user=user):
        return hr_org_units(user=user).order_by("name", "id")
    if not user.is_authenticated:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(employees__user_id=user.pk).order_by("name", "id")


def employees_hr_sees(
    *, user: AbstractBaseUser, search: str = "", org_unit: int | None = None, active: bool | None = None
) -> QuerySet[Employee]:
    """Every employee (active or not, the caller included) of the units ``user`` is HR for, ordered by
    name; empty for non-HR users. ``search``: as ``person_matches``; ``org_unit``: only that unit's
    people, with the units below it; ``active``: only the active (True) or inactive (False) ones."""
    queryset = Employee.objects.filter(org_unit__in=hr_org_units(user=user)).filter(person_matches(search))
    if org_unit is not None:
        queryset = queryset.filter(org_unit_id__in=_descendant_unit_ids_sql([org_unit]))
    if active is not None:
        queryset = queryset.filter(active=active)
    return queryset.order_by("name", "id")
