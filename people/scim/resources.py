"""An employee as a SCIM User (what GET answers) and a SCIM User as the personnel data it asks for.

Reads only: the writes are ``people.scim.services``; the queryset is ``scim_users``.
"""

import datetime
from dataclasses import dataclass

from django.db.models import CharField, F, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from scim2_models import Meta

from people.models import Employee
from people.scim.schema import ENTERPRISE, Email, EnterpriseUser, GesprekscyclusUser, Manager, Name, User


def scim_users() -> QuerySet[Employee]:
    """Every employee SCIM shows (the people import's too, so Entra ID can match them), without the ones the
    identity provider deleted; ``scim_user_name`` is the SCIM identity's userName, else the e-mail address,
    else the employee number. One query for a page: the identity, unit and manager are joined."""
    return (
        Employee.objects.exclude(scim_identity__deleted_at__isnull=False)
        .select_related("scim_identity", "org_unit", "manager")
        .annotate(
            scim_user_name=Coalesce(
                F("scim_identity__user_name"),
                NullIf(F("email"), Value("")),
                F("employee_number"),
                output_field=CharField(),
            ),
            scim_email_type=Value("work", output_field=CharField()),
        )
        .order_by("pk")
    )


def user_location(base_url: str, employee_id: int) -> str:
    return f"{base_url}/Users/{employee_id}"


def to_user(employee: Employee, *, base_url: str) -> User:
    """The SCIM User of an employee read through ``scim_users``."""
    identity = getattr(employee, "scim_identity", None)
    manager = None
    if employee.manager_id is not None:
        manager = Manager(
            value=str(employee.manager_id),
            ref=user_location(base_url, employee.manager_id),
        )
    user = User(
        id=str(employee.pk),
        external_id=(identity.external_id or None) if identity else None,
        user_name=getattr(employee, "scim_user_name", None) or employee.employee_number,
        display_name=employee.name,
        name=Name(given_name=identity.given_name or None, family_name=identity.family_name or None)
        if identity and (identity.given_name or identity.family_name)
        else None,
        active=employee.active,
        emails=[Email(value=employee.email, type=Email.Type.work, primary=True)] if employee.email else None,
        meta=Meta(
            resource_type="User",
            created=employee.created_at,
            last_modified=employee.updated_at,
            location=user_location(base_url, employee.pk),
        ),
    )
    user[EnterpriseUser] = EnterpriseUser(
        employee_number=employee.employee_number,
        department=employee.org_unit.name,
        manager=manager,
    )
    if employee.start_date or employee.contract_end_date:
        user[GesprekscyclusUser] = GesprekscyclusUser(
            start_date=_moment(employee.start_date), contract_end_date=_moment(employee.contract_end_date)
        )
    return user


def _moment(day: datetime.date | None) -> datetime.datetime | None:
    """A day as a SCIM dateTime: its start, without an offset (the day as written, in any time zone)."""
    return datetime.datetime.combine(day, datetime.time()) if day else None


def _day(moment: datetime.datetime | None) -> datetime.date | None:
    """The day a SCIM dateTime names, as written (its offset is not applied)."""
    return moment.date() if moment else None


@dataclass(frozen=True)
class UserData:
    """What a SCIM User (POST, PUT, or a User after PATCH) asks of the personnel record; ``None``: not given."""

    user_name: str
    employee_number: str | None
    display_name: str
    given_name: str
    family_name: str
    email: str
    department: str | None
    manager_id: str | None
    active: bool | None  # None: not given (PUT without it, PATCH removing it): the employee stays as they are
    external_id: str
    # The product's extension (``schema.GesprekscyclusUser``); None: not given, the record keeps its own.
    start_date: datetime.date | None = None
    contract_end_date: datetime.date | None = None


def from_user(user: User) -> UserData:
    """The personnel data of a validated SCIM User (the primary, else work, else first e-mail address)."""
    enterprise = user[EnterpriseUser] or EnterpriseUser()
    dates = user[GesprekscyclusUser] or GesprekscyclusUser()
    emails = user.emails or []
    chosen = next((e for e in emails if e.primary), None) or next(
        (e for e in emails if str(e.type or "") == "work"), None
    )
    chosen = chosen or (emails[0] if emails else None)
    name = user.name or Name()
    given, family = (name.given_name or "").strip(), (name.family_name or "").strip()
    return UserData(
        user_name=(user.user_name or "").strip(),
        employee_number=(enterprise.employee_number or "").strip() or None,
        display_name=(user.display_name or "").strip() or " ".join(part for part in (given, family) if part),
        given_name=given,
        family_name=family,
        email=str(chosen.value).strip().lower() if chosen and chosen.value else "",
        department=(enterprise.department or "").strip() or None,
        manager_id=(enterprise.manager.value or "").strip() or None if enterprise.manager else None,
        active=user.active,
        external_id=(user.external_id or "").strip(),
        start_date=_day(dates.start_date),
        contract_end_date=_day(dates.contract_end_date),
    )


__all__ = ["ENTERPRISE", "UserData", "from_user", "scim_users", "to_user", "user_location"]
