"""Units, employees and managers: the graph invariants (no circular org tree, no circular manager chain)
cannot be database constraints; they are checked here, and ``Model.clean`` calls the same functions so the
admin shows the same message."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from people.locks import people_writes_lock
from people.models import Employee, OrgUnit
from people.selectors import MAX_DEPTH
from people.signals import employee_manager_changed, employees_provisioned


def validate_org_unit_parent(*, org_unit, parent) -> None:
    """A unit may not sit below itself: reject a parent that is the unit or one of its descendants."""
    if parent is None:
        return
    path = [parent]
    current = parent
    while current is not None and len(path) <= MAX_DEPTH:
        if org_unit.pk is not None and current.pk == org_unit.pk:
            names = " → ".join([org_unit.name, *(unit.name for unit in path[:-1]), org_unit.name])
            raise ValidationError(
                {"parent": _("This would make the organisation tree circular: %(path)s.") % {"path": names}},
                code="org_cycle",
            )
        current = current.parent
        path.append(current)


def validate_manager(*, employee, manager) -> None:
    """An employee may not (indirectly) manage themselves, nor be managed by someone who has left.

    Raises ``ValidationError`` on ``manager`` (400 in the API, the field's error on pages). An employee
    who has left themselves may keep a departed manager: that is their history, not a new appointment.
    """
    if manager is None:
        return
    if not manager.active and getattr(employee, "active", True):
        raise ValidationError(
            {
                "manager": _("%(name)s has left the organisation; choose a manager who still works here.")
                % {"name": manager.name}
            },
            code="manager_left",
        )
    chain = [manager]
    current = manager
    while current is not None and len(chain) <= MAX_DEPTH:
        if employee.pk is not None and current.pk == employee.pk:
            names = " → ".join([employee.name, *(person.name for person in chain[:-1]), employee.name])
            raise ValidationError(
                {
                    "manager": _("This would make the manager chain circular: %(path)s.") % {"path": names},
                },
                code="manager_cycle",
            )
        current = current.manager
        chain.append(current)


@transaction.atomic
def org_unit_create(
    *, name: str, kind: str = OrgUnit.Kind.DEPARTMENT, parent: OrgUnit | None = None
) -> OrgUnit:
    """A new organisation unit (``kind`` one of ``OrgUnit.Kind``) under ``parent`` (None: a top-level unit).

    ``ValidationError`` (400) for a bad name or kind.
    """
    org_unit = OrgUnit(name=name, kind=kind, parent=parent)
    org_unit.full_clean()
    org_unit.save()
    return org_unit


@transaction.atomic
def org_unit_move(*, org_unit: OrgUnit, parent: OrgUnit | None) -> OrgUnit:
    """Move a unit (and the units below it) under ``parent`` (None: to the top).

    ``ValidationError`` (400) when ``parent`` is the unit itself or lies below it (a cycle).
    """
    org_unit = OrgUnit.objects.select_for_update().get(pk=org_unit.pk)
    validate_org_unit_parent(org_unit=org_unit, parent=parent)
    org_unit.parent = parent
    org_unit.full_clean()
    org_unit.save(update_fields=["parent", "updated_at"])
    return org_unit


@transaction.atomic
def employee_create(
    *,
    employee_number: str,
    name: str,
    org_unit: OrgUnit,
    email: str = "",
    manager: Employee | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
    preferred_language: str = Employee.Language.DUTCH,
    password: str | None = None,
    username: str | None = None,
    role_type=None,
    job_profile=None,
    job_profile_level: int | None = None,
) -> Employee:
    """Create the employee with the user account they log in with (username: the employee number);
    announced with ``employees_provisioned`` (webhooks follow)."""
    user = get_user_model()(username=username or employee_number, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    employee = Employee(
        user=user,
        employee_number=employee_number,
        name=name,
        email=email,
        org_unit=org_unit,
        manager=manager,
        start_date=start_date,
        end_date=end_date,
        preferred_language=preferred_language,
        role_type=role_type,
        job_profile=job_profile,
        job_profile_level=job_profile_level,
    )
    employee.full_clean(exclude=["user"])
    employee.save()
    employees_provisioned.send(sender=Employee, employees=[employee], actor=None)
    return employee


@transaction.atomic
def employee_set_manager(*, employee: Employee, manager: Employee | None, actor=None) -> Employee:
    """Change the manager; open reviews move along (reviewcycle listens to the signal). The chain is
    checked under ``people_writes_lock``, so an import or SCIM request cannot close a loop meanwhile."""
    people_writes_lock()
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    if manager is not None:
        manager = Employee.objects.get(pk=manager.pk)  # as stored now: they may have left meanwhile
    validate_manager(employee=employee, manager=manager)
    old_manager = employee.manager
    if old_manager == manager:
        return employee
    employee.manager = manager
    employee.save(update_fields=["manager", "updated_at"])
    employee_manager_changed.send(
        sender=Employee, employee=employee, old_manager=old_manager, new_manager=manager, actor=actor
    )
    return employee
