"""Provisioning over SCIM through the people import's own steps: a User becomes one import row, parsed
(``parse.parse_rows``), checked (``check.check_rows``) and applied (``apply.apply_rows``) exactly as a row of
an HR file, so the same rules hold and running reviews follow the same way (a new manager takes over the
open reviews; a leaver goes through ``people.services.employee_leave``). Audited with a ``PeopleEvent`` of
the provisioning client. Errors are scim2-models exceptions: the view answers each in the SCIM error shape
(status and ``scimType`` on the exception class: 400 invalidValue/mutability, 404, 409 uniqueness).
"""

from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from scim2_models import InvalidValueException, MutabilityException, NotFoundException, UniquenessException

from people.importers.apply import apply_rows
from people.importers.base import Report, Row, existing_employees, unit_paths
from people.importers.check import check_rows
from people.importers.parse import PATH_SEPARATOR, Lookups, parse_rows
from people.locks import people_writes_lock
from people.models import Employee, OrgUnit, PeopleEvent
from people.scim.models import ProvisioningClient, ScimIdentity
from people.scim.resources import ENTERPRISE, UserData, scim_users
from people.scim.schema import GESPREKSCYCLUS
from people.services import employee_leave

# The import's columns as SCIM names them, for the detail of an error.
ATTRIBUTE = {
    "employee_number": f"{ENTERPRISE}:employeeNumber",
    "name": "displayName",
    "email": "emails",
    "org_unit": f"{ENTERPRISE}:department",
    "manager": f"{ENTERPRISE}:manager",
    "start_date": f"{GESPREKSCYCLUS}:startDate",
    "contract_end_date": f"{GESPREKSCYCLUS}:contractEndDate",
}
COLUMNS = list(ATTRIBUTE)


def _unit_path(department: str) -> tuple[str, ...]:
    """The organisation unit ``department`` names: a path from the top (``Gemeente / Burgerzaken``, made as the
    import makes it when missing), or a unit's name. A name no unit has is a new unit right under the
    organisation when there is one top unit. ``InvalidValueException`` (400) for a name several units have,
    or an unknown name when there is no single top unit."""
    if PATH_SEPARATOR in department:
        return tuple(part.strip() for part in department.split(PATH_SEPARATOR))
    paths = [path for path in unit_paths() if path[-1].casefold() == department.casefold()]
    if len(paths) == 1:
        return paths[0]
    if len(paths) > 1:
        raise InvalidValueException(
            detail=_("Several units are called %(name)s: give the department as a path (%(example)s).")
            % {"name": department, "example": " / ".join(paths[0])}
        )
    roots = list(OrgUnit.objects.filter(parent__isnull=True).values_list("name", flat=True)[:2])
    if len(roots) != 1:
        raise InvalidValueException(
            detail=_("No unit is called %(name)s: give the department as a path from the top.")
            % {"name": department}
        )
    return (roots[0], department)


def _row(data: UserData, employee: Employee | None) -> tuple[Row, dict[str, str]]:
    """One import row for ``data`` (what SCIM does not carry kept from ``employee``), checked cell by cell."""
    employee_number = data.employee_number or (employee.employee_number if employee else "")
    if employee is not None and data.employee_number and data.employee_number != employee.employee_number:
        raise MutabilityException(
            detail=_("The employee number of %(number)s cannot change; HR changes it in the personnel data.")
            % {"number": employee.employee_number}
        )
    if not employee_number:
        raise InvalidValueException(
            detail=_("%(attribute)s is required.") % {"attribute": ATTRIBUTE["employee_number"]}
        )
    if data.department is None and employee is None:
        raise InvalidValueException(
            detail=_("%(attribute)s is required.") % {"attribute": ATTRIBUTE["org_unit"]}
        )
    path = _unit_path(data.department) if data.department else None
    manager_number = ""
    if data.manager_id:
        manager = (
            scim_users().filter(pk=int(data.manager_id)).first() if data.manager_id.isdecimal() else None
        )
        if manager is None:
            raise InvalidValueException(
                detail=_("%(attribute)s: no User with id %(id)s.")
                % {"attribute": ATTRIBUTE["manager"], "id": data.manager_id}
            )
        manager_number = manager.employee_number
    org_unit = " / ".join(path) if path else " / ".join(_path_of(employee.org_unit_id))
    # The dates SCIM does not give are the record's: a User without the extension changes neither.
    start_date = data.start_date or (employee.start_date if employee else None)
    contract_end = data.contract_end_date or (employee.contract_end_date if employee else None)
    dates = [day.isoformat() if day else "" for day in (start_date, contract_end)]
    cells = [employee_number, data.display_name, data.email, org_unit, manager_number, *dates]
    rows, issues, label = parse_rows(COLUMNS, [(1, cells)], Lookups(None))
    row = rows[0]
    if employee is not None:  # what the personnel data has and SCIM does not carry
        row.role_type, row.job_profile = employee.role_type, employee.job_profile
        row.job_profile_level, row.language = employee.job_profile_level, employee.preferred_language
        row.end_date = employee.end_date
    _raise_issues(issues)
    return row, label


def _path_of(unit_id: int) -> tuple[str, ...]:
    return next(path for path, pk in unit_paths().items() if pk == unit_id)


def _raise_issues(issues) -> None:
    if issues:
        raise InvalidValueException(
            detail="; ".join(
                f"{ATTRIBUTE.get(issue.column, issue.column)}: {issue.message}" for issue in issues
            )
        )


def _require_unique(data: UserData, employee: Employee | None) -> None:
    """userName, employee number and e-mail address belong to one employee each (409 uniqueness)."""
    others = Employee.objects.all() if employee is None else Employee.objects.exclude(pk=employee.pk)
    if (
        scim_users()
        .exclude(pk=getattr(employee, "pk", None))
        .filter(scim_user_name__iexact=data.user_name)
        .exists()
    ):
        raise UniquenessException(
            detail=_("Another User has the userName %(name)s.") % {"name": data.user_name}
        )
    if (
        employee is None
        and data.employee_number
        and others.filter(employee_number=data.employee_number).exists()
    ):
        raise UniquenessException(
            detail=_("An employee with number %(number)s exists already.") % {"number": data.employee_number}
        )
    if data.email and others.filter(email__iexact=data.email).exists():
        raise UniquenessException(
            detail=_("Another employee has the e-mail address %(email)s.") % {"email": data.email}
        )


@transaction.atomic
def scim_user_save(
    *, client: ProvisioningClient, data: UserData, employee: Employee | None = None
) -> Employee:
    """Create (``employee`` None) or replace an employee from a SCIM User; PATCH applies its operations to the
    current User first and comes here too.

    ``data`` comes from ``resources.from_user``. Writes go through ``apply_rows`` like an import row (actor
    None: the system follows the personnel data; the ``PeopleEvent`` names ``client``), and ``active: false``
    through ``employee_leave`` (account off, tokens and sessions gone, own open reviews cancelled *uit
    dienst*, managed ones flagged for HR). Someone who left is not switched back on: HR rehires.
    Idempotent: the same data again changes nothing and records no event. Writes to people run one at a
    time (``people.locks.people_writes_lock``: other SCIM requests, any client's, and the people import
    wait), so a check and its write see the same people.

    Raises ``InvalidValueException`` (400) for what the import would refuse, ``MutabilityException`` (400)
    for another employee number, ``UniquenessException`` (409) for a userName, employee number or e-mail
    address someone else has.
    """
    people_writes_lock()
    client = ProvisioningClient.objects.select_for_update().get(pk=client.pk)
    if not data.user_name:
        raise InvalidValueException(detail=_("userName is required."))
    if not data.display_name and employee is None:
        raise InvalidValueException(detail=_("displayName or name is required."))
    if employee is not None:
        employee = (
            Employee.objects.select_for_update(of=("self",)).select_related("org_unit").get(pk=employee.pk)
        )
        if not employee.active and data.active is True:
            raise InvalidValueException(
                detail=_("%(name)s has left; only HR can take them on again.") % {"name": employee.name}
            )
        data = data if data.display_name else _with_name(data, employee.name)
    _require_unique(data, employee)
    row, label = _row(data, employee)
    existing = existing_employees()
    _raise_issues(check_rows([row], existing, label, actor=None, deactivate_missing=False))
    report = Report(dry_run=False, rows=1)
    try:
        with transaction.atomic():
            apply_rows([row], existing, report, actor=None, deactivate_missing=False)
    except IntegrityError:  # someone else (an import) took the number or address meanwhile
        raise UniquenessException(detail=_("The employee number or e-mail address is taken.")) from None
    saved = Employee.objects.select_related("user").get(employee_number=row.employee_number)
    changed = list(report.updated.get(row.employee_number, []))
    changed += _save_identity(client, saved, data)
    left = False
    if data.active is False and saved.active:
        employee_leave(employee=saved, actor=None)
        left = True
    _record(client, saved, created=bool(report.created), changed=changed, left=left)
    client.last_used_at = timezone.now()
    client.save(update_fields=["last_used_at"])
    return saved


@transaction.atomic
def scim_user_patch(
    *, client: ProvisioningClient, employee_id: int, change: Callable[[Employee], UserData]
) -> Employee:
    """PATCH: ``change`` (the view's: the request's operations on the User) is applied to the employee as
    they are once ``people_writes_lock`` is held, so two PATCHes at once both hold (each sees the other's
    result), then saved as ``scim_user_save``. Raises what that raises, and ``NotFoundException`` (404)
    when the employee was deleted over SCIM meanwhile."""
    people_writes_lock()
    employee = scim_users().filter(pk=employee_id).first()
    if employee is None:
        raise NotFoundException(detail=f"No User {employee_id}.")
    return scim_user_save(client=client, data=change(employee), employee=employee)


def _with_name(data: UserData, name: str) -> UserData:
    from dataclasses import replace

    return replace(data, display_name=name)


def _save_identity(client: ProvisioningClient, employee: Employee, data: UserData) -> list[str]:
    """The identity provider's names for the employee; returns the SCIM attributes that changed."""
    identity = ScimIdentity.objects.filter(employee=employee).first() or ScimIdentity(
        employee=employee, client=client
    )
    wanted = {
        "user_name": data.user_name,
        "external_id": data.external_id,
        "given_name": data.given_name,
        "family_name": data.family_name,
    }
    changed = [field for field, value in wanted.items() if getattr(identity, field) != value]
    if changed or identity.pk is None:
        for field, value in wanted.items():
            setattr(identity, field, value)
        identity.client = client
        identity.save()
    return changed


def _record(client, employee: Employee, *, created: bool, changed: list[str], left: bool) -> None:
    if created:
        PeopleEvent.record(
            actor=None,
            kind=PeopleEvent.Kind.EMPLOYEE_PROVISIONED,
            user=employee.user,
            org_unit=employee.org_unit,
            payload={"employee_number": employee.employee_number},
            client=client,
        )
    elif changed:
        PeopleEvent.record(
            actor=None,
            kind=PeopleEvent.Kind.EMPLOYEE_UPDATED,
            user=employee.user,
            payload={"employee_number": employee.employee_number, "fields": sorted(set(changed))},
            client=client,
        )
    if left:
        PeopleEvent.record(
            actor=None,
            kind=PeopleEvent.Kind.EMPLOYEE_DEPROVISIONED,
            user=employee.user,
            payload={"employee_number": employee.employee_number},
            client=client,
        )


@transaction.atomic
def scim_user_delete(*, client: ProvisioningClient, employee: Employee) -> None:
    """The identity provider deleted the User: the employee leaves (``employee_leave``, as for ``active:
    false``) and SCIM shows them no more (404); the personnel record and its reviews stay. Audited once:
    a second DELETE finds nobody (404 in the view)."""
    people_writes_lock()
    client = ProvisioningClient.objects.select_for_update().get(pk=client.pk)
    employee = Employee.objects.select_for_update(of=("self",)).select_related("user").get(pk=employee.pk)
    if employee.active:
        employee_leave(employee=employee, actor=None)
    identity = ScimIdentity.objects.filter(employee=employee).first()
    if identity is None:
        user_name = scim_users().filter(pk=employee.pk).values_list("scim_user_name", flat=True).first()
        identity = ScimIdentity(
            employee=employee, client=client, user_name=user_name or employee.employee_number
        )
    if identity.deleted_at is not None:
        return
    identity.mark_deleted()
    identity.save()
    PeopleEvent.record(
        actor=None,
        kind=PeopleEvent.Kind.EMPLOYEE_DEPROVISIONED,
        user=employee.user,
        payload={"employee_number": employee.employee_number, "deleted": True},
        client=client,
    )
