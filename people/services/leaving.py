"""Leaving: access ends (logins, tokens, sessions, HR scopes), open work goes to HR or is cancelled."""

from collections.abc import Iterable
from datetime import date
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from people.accounts import api_tokens_revoke
from people.models import HR_GROUP_NAME, Employee, HRScope
from people.services.access import forget_hr_scope, hr_revoke
from people.signals import employee_left


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
