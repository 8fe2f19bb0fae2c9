"""The people import as a whole (``import_people``), and applying rows that passed every check.

Everything is validated first — all rows, all errors together (row, column, message) — and a
file with any error changes nothing. Then the plan (what is created, updated, deactivated) is
applied in one transaction with bulk queries, so the time grows linearly with the file. Movers
and leavers are announced with ``people.signals``; running reviews follow.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from people.importers.base import (
    Progress,
    Report,
    Row,
    existing_employees,
    hr_scope_units,
    no_progress,
    unit_paths,
)
from people.importers.check import check_rows
from people.importers.parse import Lookups, parse_rows
from people.importers.read import read_table
from people.locks import people_writes_lock
from people.models import Employee, OrgUnit
from people.services import employees_leave, hr_scope_set
from people.signals import (
    employee_contract_dates_changed,
    employee_manager_changed,
    employee_role_changed,
    employees_provisioned,
)

BATCH_SIZE = 2000


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
    actor: AbstractBaseUser | None = None,
    dry_run: bool = False,
    deactivate_missing: bool = False,
    framework: str | None = None,
    progress: Progress = no_progress,
) -> Report:
    """Validate the whole file, then (unless ``dry_run`` or any error) apply it in one transaction.
    The rows are checked against the people inside that transaction, under ``people_writes_lock``: a
    SCIM request or another import waits (people.locks).

    ``content`` is the uploaded CSV or XLSX file, ``filename`` its name (the suffix says which).
    ``actor`` is the importing user (``None`` from the command line): rows that newly make them
    someone's manager are refused. ``deactivate_missing``: whoever is missing from the file
    leaves. ``framework`` is a framework slug that limits where role cells and job profiles are
    looked up. ``progress(stage, done, total)`` is called after each stage.

    Any row error leaves everything unchanged (``report.errors``; the upload ends ``rejected``);
    a file that cannot be read raises ``ImportFileError`` (the upload ends ``rejected`` with its
    message; the API refuses the same early faults with 400 through ``read.check_upload``).
    Runs in the worker, not in a request: no HTTP status of its own.
    """
    header, raw_rows = read_table(content, filename)
    rows, issues, label = parse_rows(header, raw_rows, Lookups(framework))
    report = Report(dry_run=dry_run, rows=len(rows))
    progress("validated", len(rows), len(rows))
    with transaction.atomic():
        if not dry_run:  # checked and applied against the same people: no SCIM request or import between
            people_writes_lock()
        existing = existing_employees()
        issues += check_rows(rows, existing, label, actor=actor, deactivate_missing=deactivate_missing)
        if issues:
            report.errors = sorted(set(issues), key=lambda issue: (issue.row, issue.column))
            return report
        apply_rows(
            rows, existing, report, actor=actor, deactivate_missing=deactivate_missing, progress=progress
        )
        if dry_run:
            transaction.set_rollback(True)
    return report


def apply_rows(
    rows: list[Row],
    existing: dict[str, dict],
    report: Report,
    *,
    actor: AbstractBaseUser | None,
    deactivate_missing: bool,
    progress: Progress = no_progress,
) -> None:
    """Write rows that passed every check: units, new people, changes, managers, leavers.

    ``rows`` come from ``parse.parse_rows`` and must have no issues (``check.check_rows``);
    ``existing`` is ``base.existing_employees()`` read before. Fills ``report`` (created,
    updated, deactivated, movers, role changes, leavers) and sends ``employees_provisioned``,
    ``employee_manager_changed`` and ``employee_role_changed``; leavers go through
    ``people.services.employees_leave``. Call it inside a transaction (``import_people`` does).
    Raises nothing of its own.
    """
    today = timezone.localdate()
    paths = unit_paths()
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
    changed, role_changed, left, redated = [], [], [], []
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
            if {"start_date", "contract_end_date"} & set(differences):
                redated.append(employee)
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
    # Announced once they have their manager (a review for a new hire needs one: reviewcycle listens).
    for employee, row in zip(created, new_rows, strict=True):
        employee.manager_id = ids.get(row.manager) if row.manager else None
    if created:
        employees_provisioned.send(sender=Employee, employees=created, actor=actor)

    if deactivate_missing:
        in_file = {row.employee_number for row in rows}
        missing = [number for number, data in existing.items() if data["active"] and number not in in_file]
        Employee.objects.filter(employee_number__in=missing).update(active=False, updated_at=timezone.now())
        report.deactivated = sorted(missing)
    progress("managers", len(rows), len(rows))

    # Running reviews follow: announce movers, role changes and leavers.
    people = Employee.objects.in_bulk(
        [pk for pk, _old, _new in movers] + [e.pk for e in role_changed + left + redated]
    )
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
    for employee in redated:  # a start or probation review on the employee's dates follows them
        employee_contract_dates_changed.send(sender=Employee, employee=people[employee.pk], actor=actor)
    report.leavers += [employee.employee_number for employee in left]
    # Leavers and people missing from a full export leave through the one service: accounts, tokens,
    # sessions and HR rights end; their open reviews are cancelled, the ones they manage go to HR.
    missing_ids = [existing[number]["id"] for number in report.deactivated]
    employees_leave(employee_ids=[employee.pk for employee in left] + missing_ids, actor=actor)
    _apply_hr_scopes(rows, report, paths, actor=actor)
    progress("done", len(rows), len(rows))


def _apply_hr_scopes(rows: list[Row], report: Report, paths: dict, *, actor: AbstractBaseUser | None) -> None:
    """Each row's HR column becomes the person's HR scopes exactly: the units it adds granted, the units
    it leaves out revoked, through the audited ``hr_scope_set`` (a ``PeopleEvent`` per unit,
    ``actor`` the importer). Rows without the column are left alone. Queries for the rows whose scope
    changes only (a few), none per unchanged row."""
    rows = [row for row in rows if row.hr_scope is not None]
    if not rows:
        return
    user_ids = dict(
        Employee.objects.filter(employee_number__in=[row.employee_number for row in rows]).values_list(
            "employee_number", "user_id"
        )
    )
    current = hr_scope_units()
    for row in rows:
        wanted = {paths[path] for path in row.hr_scope}
        held = current.get(user_ids[row.employee_number], set())
        if wanted == held:
            continue
        user = get_user_model().objects.get(pk=user_ids[row.employee_number])
        # Checked already (people.importers.check: not one's own scope, nobody who left).
        hr_scope_set(user=user, org_units=OrgUnit.objects.filter(pk__in=wanted), actor=actor)
        if row.employee_number not in report.created:
            report.updated.setdefault(row.employee_number, []).append("hr_scope")


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
        "contract_end_date": row.contract_end_date,
        "active": not (row.end_date and row.end_date < today),
        "preferred_language": row.language,
    }
    if before is not None and not row.contract_end_given:
        fields["contract_end_date"] = before["contract_end_date"]
    if before is not None and not before["active"]:
        fields["active"] = False
        if not (row.end_date and row.end_date <= today):
            fields["end_date"] = before["end_date"]
    return fields
