"""Writes to the organisation: units, employees, managers and HR scopes.

The graph invariants (no circular org tree, no circular manager chain) cannot be
database constraints; they are checked here, and ``Model.clean`` calls the same
functions so the admin shows the same message.
"""

import logging
import uuid
from collections.abc import Iterable
from datetime import date
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.jobs import UNEXPECTED_ERROR, JobLease, job_claim, job_finish, job_publish, job_reason
from people.accounts import api_tokens_revoke
from people.models import HR_GROUP_NAME, Employee, HRScope, OrgUnit, PeopleEvent, PeopleImport
from people.selectors import MAX_DEPTH, can_import_people
from people.signals import employee_left, employee_manager_changed

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
    with JobLease(model=PeopleImport, pk=upload.pk) as lease:

        def report_progress(stage: str, done: int, total: int) -> None:
            lease.progress(stage=stage, done=done, total=total)  # the next heartbeat writes it on the row
            if progress is not None:
                progress(stage, done, total)

        return _run_import(upload, report_progress)


def _run_import(upload: PeopleImport, progress) -> PeopleImport:
    from people.importers import ImportFileError, import_people

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
def hr_grant(*, user: AbstractBaseUser, org_units: Iterable[OrgUnit], actor: AbstractBaseUser | None) -> None:
    """Make ``user`` HR for these units (and everything below them). Audited: one ``PeopleEvent``
    (``HR_SCOPE_GRANTED``) per unit newly granted, with ``actor`` (None: the system, a command or
    the demo); a unit already held is not granted again. Raises nothing of its own."""
    group, _created = Group.objects.get_or_create(name=HR_GROUP_NAME)
    user.groups.add(group)
    for org_unit in org_units:
        _scope, created = HRScope.objects.get_or_create(user=user, org_unit=org_unit)
        if created:
            PeopleEvent.record(
                actor=actor, kind=PeopleEvent.Kind.HR_SCOPE_GRANTED, user=user, org_unit=org_unit
            )
    forget_hr_scope(user)


def hr_revoke(
    *, user: AbstractBaseUser, org_units: Iterable[OrgUnit] | None = None, actor: AbstractBaseUser | None
) -> None:
    """End ``user``'s HR scope for these units (None: all of them). Audited: one ``PeopleEvent``
    (``HR_SCOPE_REVOKED``) per unit revoked, with ``actor``; a unit not held is ignored. With no scope
    left the user is no longer HR, and leaves the "HR" group that gives the admin's permissions. Raises
    nothing of its own."""
    scopes = HRScope.objects.filter(user=user).select_related("org_unit")
    if org_units is not None:
        scopes = scopes.filter(org_unit__in=[unit.pk for unit in org_units])
    for scope in list(scopes.order_by("org_unit__name", "pk")):
        scope.delete()
        PeopleEvent.record(
            actor=actor, kind=PeopleEvent.Kind.HR_SCOPE_REVOKED, user=user, org_unit=scope.org_unit
        )
    if not HRScope.objects.filter(user=user).exists():
        user.groups.remove(*Group.objects.filter(name=HR_GROUP_NAME))
    forget_hr_scope(user)


def forget_hr_scope(user: AbstractBaseUser) -> None:
    """Drop what the selectors and rules remember about the user's HR units (their scope changed)."""
    for remembered in ("_is_hr", "_hr_unit_ids", "_hr_sees_whole_organisation"):
        if hasattr(user, remembered):
            delattr(user, remembered)


# --- leaving ----------------------------------------------------------------------------------------


@transaction.atomic
def employee_leave(*, employee: Employee, actor, left_on: date | None = None) -> Employee:
    """One employee leaves now (the admin, later SCIM): see ``employees_leave``.

    ``left_on`` (a local date) becomes the end date when given; the record keeps its own end date
    otherwise. Raises ``ValidationError`` (400) when ``left_on`` lies before the start date.
    """
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    if left_on is not None and employee.end_date != left_on:
        if employee.start_date and left_on < employee.start_date:
            raise ValidationError({"end_date": _("The end date lies before the start date.")})
        employee.end_date = left_on
        employee.save(update_fields=["end_date", "updated_at"])
    employees_leave(employee_ids=[employee.pk], actor=actor)
    employee.refresh_from_db()
    return employee


@transaction.atomic
def employees_leave(*, employee_ids: Iterable[int], actor) -> list[Employee]:
    """Everyone in ``employee_ids`` has left: every way in closes and their running reviews follow.

    The one path for every way of leaving (the people import, the admin, later SCIM). For each:
    the record inactive with an end date (today, the leaving day, when it had none), the login
    account off (no new login), its API tokens and sessions deleted
    (no old one works), its HR scopes and the HR group dropped. Then ``employee_left`` is sent per
    employee inside this transaction: reviewcycle cancels their own open reviews (*uit dienst*) and
    flags the open reviews they manage or second-review for HR's attention. Idempotent: an employee
    who already left is processed again harmlessly. Returns the employees, as stored now.
    """
    ids = sorted({int(pk) for pk in employee_ids})
    if not ids:
        return []
    # Leaving always records its day, so an export carries it and a re-import keeps them departed.
    Employee.objects.filter(pk__in=ids, end_date__isnull=True).update(
        end_date=timezone.localdate(), updated_at=timezone.now()
    )
    Employee.objects.filter(pk__in=ids, active=True).update(active=False, updated_at=timezone.now())
    leavers = list(Employee.objects.filter(pk__in=ids).select_related("user").order_by("pk"))
    user_ids = [employee.user_id for employee in leavers]
    get_user_model().objects.filter(pk__in=user_ids, is_active=True).update(is_active=False)
    api_tokens_revoke(user_ids=user_ids)
    _delete_sessions(user_ids)
    scoped = set(HRScope.objects.filter(user_id__in=user_ids).values_list("user_id", flat=True))
    for employee in leavers:
        if employee.user_id in scoped:  # audited, one event per unit (few leavers are HR)
            hr_revoke(user=employee.user, actor=actor)
    get_user_model().groups.through.objects.filter(user_id__in=user_ids, group__name=HR_GROUP_NAME).delete()
    for employee in leavers:
        employee.user.is_active = False
        forget_hr_scope(employee.user)
        employee_left.send(sender=Employee, employee=employee, actor=actor)
    return leavers


def employees_leave_due(*, today: date | None = None, actor=None) -> list[Employee]:
    """Everyone still active whose end date has passed leaves (beat, daily): access ends the day after it."""
    today = today or timezone.localdate()
    due = Employee.objects.filter(active=True, end_date__lt=today).values_list("pk", flat=True)
    return employees_leave(employee_ids=list(due), actor=actor)


def _delete_sessions(user_ids: list[int]) -> int:
    """Delete the stored sessions of these users (database sessions: read each live one once).

    Sessions are not stored per user, so the live ones are read; leaving is rare, and an
    inactive account is refused by the authentication backend anyway, whichever session engine.
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):
        return 0  # cache or cookie sessions: the inactive account is refused on the next request
    model = store.get_model_class()
    wanted = {str(pk) for pk in user_ids}
    doomed = [
        session.session_key
        for session in model.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=2000)
        if session.get_decoded().get(SESSION_KEY) in wanted
    ]
    model.objects.filter(session_key__in=doomed).delete()
    return len(doomed)
