"""Writes to the organisation: units, employees, managers and HR scopes.

The graph invariants (no circular org tree, no circular manager chain) cannot be
database constraints; they are checked here, and ``Model.clean`` calls the same
functions so the admin shows the same message.
"""

import logging
import uuid
from collections.abc import Iterable
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.jobs import UNEXPECTED_ERROR, JobLease, job_claim, job_finish, job_publish, job_reason
from people.models import HR_GROUP_NAME, Employee, HRScope, OrgUnit, PeopleImport
from people.selectors import MAX_DEPTH, can_import_people
from people.signals import employee_manager_changed

logger = logging.getLogger(__name__)


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
    """An employee may not (indirectly) manage themselves."""
    if manager is None:
        return
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
    org_unit = OrgUnit(name=name, kind=kind, parent=parent)
    org_unit.full_clean()
    org_unit.save()
    return org_unit


@transaction.atomic
def org_unit_move(*, org_unit: OrgUnit, parent: OrgUnit | None) -> OrgUnit:
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
    """Create the employee with the user account they log in with (username: the employee number)."""
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
    return employee


@transaction.atomic
def employee_set_manager(*, employee: Employee, manager: Employee | None, actor=None) -> Employee:
    """Change the manager; open reviews move along (reviewcycle listens to the signal)."""
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
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


def _busy_message(running: PeopleImport | None) -> str:
    if running is None:
        return _("Another import has just started. Wait until it is finished, then upload again.")
    return _(
        "The import of %(file)s is still running. Wait until it is finished and look at its result, "
        "then upload again."
    ) % {"file": running.filename}


def people_import_start(
    *,
    actor,
    content: bytes,
    filename: str,
    dry_run: bool = False,
    deactivate_missing: bool = False,
    framework: str = "",
) -> PeopleImport:
    """Store the upload and queue the import task; the worker reads and checks the file.

    ``content`` is the file as uploaded (at most ``IMPORT_MAX_UPLOAD_BYTES``); it is not read
    here. One import at a time: while one is waiting or running another is refused
    (``ValidationError``, code ``import_running``: a form error, HTTP 409), because the second
    file was made before the first one's changes, and HR should see the first result first. A
    unique partial index makes this hold under concurrency.

    Raises ``PermissionDenied`` (403) unless ``can_import_people``, and
    ``core.jobs.JobNotQueuedError`` (503) when the broker is down (the import is failed then;
    nothing was imported).
    """
    from people.tasks import run_people_import_task

    if not can_import_people(user=actor):
        raise PermissionDenied(_("Only HR for the whole organisation can import employees."))
    running = PeopleImport.objects.filter(status__in=PeopleImport.OPEN_STATUSES).first()
    if running is not None:
        raise ValidationError(_busy_message(running), code="import_running")
    try:
        with transaction.atomic():
            upload = PeopleImport.objects.create(
                uploaded_by=actor,
                filename=filename[:255],
                content=content,
                dry_run=dry_run,
                deactivate_missing=deactivate_missing,
                framework=framework or "",
                task_id=str(uuid.uuid4()),
            )
    except IntegrityError:  # another upload was stored at the same moment
        raise ValidationError(_busy_message(None), code="import_running") from None
    job_publish(
        job=upload, send=lambda: run_people_import_task.apply_async(args=[upload.pk], task_id=upload.task_id)
    )
    return upload


def people_import_run(*, upload: PeopleImport, progress=None) -> PeopleImport:
    """Run a stored import (the task's body): claim it, read, validate, apply, store the report,
    holding the job's lease (``core.jobs``) throughout.

    A file that cannot be read ends ``rejected`` with the reason for HR; an unexpected error
    ends ``failed`` with a general message (the details go to the log, not to the page).
    """
    if not job_claim(model=PeopleImport, pk=upload.pk):
        return PeopleImport.objects.get(pk=upload.pk)  # already run: a redelivered task does nothing
    upload.refresh_from_db()
    with JobLease(model=PeopleImport, pk=upload.pk):
        return _run_import(upload, progress)


def _run_import(upload: PeopleImport, progress) -> PeopleImport:
    from people.importer import ImportFileError, import_people

    try:
        report = import_people(
            content=bytes(upload.content),
            filename=upload.filename,
            actor=upload.uploaded_by,
            dry_run=upload.dry_run,
            deactivate_missing=upload.deactivate_missing,
            framework=upload.framework or None,
            progress=progress or (lambda *args: None),
        )
    except ImportFileError as error:
        upload.status, upload.report = PeopleImport.Status.REJECTED, {"file_error": str(error), "errors": []}
    except Exception:
        logger.exception("people import %s failed", upload.pk)
        job_finish(
            model=PeopleImport, pk=upload.pk, **PeopleImport.failed_fields(job_reason(UNEXPECTED_ERROR))
        )
        raise
    else:
        upload.report = {**report.as_dict(), "summary": report.summary()}
        upload.status = PeopleImport.Status.DONE if report.ok else PeopleImport.Status.REJECTED
    now = timezone.now()
    job_finish(
        model=PeopleImport,
        pk=upload.pk,
        status=upload.status,
        report=upload.report,
        finished_at=now,
        updated_at=now,
    )
    upload.refresh_from_db()
    return upload


@transaction.atomic
def hr_grant(*, user: AbstractBaseUser, org_units: Iterable[OrgUnit]) -> None:
    """Make ``user`` HR for these units (and everything below them)."""
    group, _created = Group.objects.get_or_create(name=HR_GROUP_NAME)
    user.groups.add(group)
    for org_unit in org_units:
        HRScope.objects.get_or_create(user=user, org_unit=org_unit)
    forget_hr_scope(user)


def forget_hr_scope(user: AbstractBaseUser) -> None:
    """Drop what the selectors and rules remember about the user's HR units (their scope changed)."""
    for remembered in ("_is_hr", "_hr_unit_ids", "_hr_sees_whole_organisation"):
        if hasattr(user, remembered):
            delattr(user, remembered)
