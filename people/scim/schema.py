"""What the SCIM endpoint serves, described with scim2-models: the User resource with the enterprise
extension (only the attributes the personnel record keeps) and the product's own extension (the start
date and the end of a temporary contract, which the core and enterprise schemas do not have), the
service configuration, and the map from filter attributes to the employee queryset's fields
(scim2-filter-parser).

Groups are not served: the HR scope is given by the people import's HR column or in the admin, where
a unit is chosen; ServiceProviderConfig and ResourceTypes announce Users only.
"""

import datetime
from typing import Annotated

from pydantic import EmailStr, Field
from scim2_models import (
    URN,
    AnyExtension,
    AuthenticationScheme,
    Bulk,
    CaseExact,
    ChangePassword,
    ComplexAttribute,
    ETag,
    ExtensibleStringEnum,
    Extension,
    Filter,
    Mutability,
    Patch,
    Reference,
    Required,
    Resource,
    ResourceType,
    ServiceProviderConfig,
    Sort,
    Uniqueness,
)

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GESPREKSCYCLUS = "urn:ietf:params:scim:schemas:extension:gesprekscyclus:2.0:User"
MAX_RESULTS = 200  # a page of Users at most; Entra ID asks for 100 at a time
DEFAULT_COUNT = 100


class Name(ComplexAttribute):
    given_name: str | None = None
    family_name: str | None = None


class Email(ComplexAttribute):
    class Type(ExtensibleStringEnum):
        work = "work"

    value: EmailStr | None = None
    type: Type | None = None
    primary: bool | None = None
    """An employee has one address: it is the primary one."""


class Manager(ComplexAttribute):
    value: Annotated[str | None, Required.true, CaseExact.true] = None
    """The id of the manager's SCIM User."""

    ref: Annotated[Reference["User"] | None, CaseExact.true] = Field(
        None, serialization_alias="$ref", validation_alias="$ref"
    )


class EnterpriseUser(Extension):
    __schema__ = URN(ENTERPRISE)

    employee_number: Annotated[str | None, Required.true, Uniqueness.server, Mutability.immutable] = None
    """The employee number: the key of the people import and of the login account; HR changes it, not SCIM."""
    department: Annotated[str | None, Required.true] = None
    """The organisation unit: its name, or its path from the top (``Gemeente / Burgerzaken``)."""
    manager: Manager | None = None


# The employment dates the people import has as columns: a start date opens the start and probation review
# (``reviewcycle.services.individual``), the contract's end sets its evaluation's due date. SCIM has no
# date type: dateTime, of which the day as written counts (``2026-02-01`` or ``2026-02-01T00:00:00Z``:
# 1 February, whatever the offset). The class's docstring is the schema's description in /Schemas.
class GesprekscyclusUser(Extension):
    """Employment dates of the personnel record: the start date and the end of a temporary contract."""

    __schema__ = URN(GESPREKSCYCLUS)

    start_date: datetime.datetime | None = None
    """The first day of work (the import's *Datum in dienst*)."""
    contract_end_date: datetime.datetime | None = None
    """The last day of a temporary contract (the import's *Einde contract*); absent for a permanent one."""


class CoreUser(Resource[AnyExtension]):
    __schema__ = URN(CORE_USER)

    user_name: Annotated[str | None, Uniqueness.server, Required.true] = None
    name: Name | None = None
    display_name: Annotated[str | None, Required.true] = None
    """The employee's name as the organisation shows it."""
    active: Annotated[bool | None, Required.true] = None
    """Works here (true) or has left (false): every employee is one or the other."""
    emails: list[Email] | None = None


# Every User carries the enterprise extension: the employee number and the department are required. The
# product's own extension is optional: without it the dates stay as the personnel record has them.
User = CoreUser[Annotated[EnterpriseUser, Required.true] | GesprekscyclusUser]


def service_provider_config(*, documentation_uri: str | None = None) -> ServiceProviderConfig:
    """What the endpoint supports (RFC 7643 §5): PATCH and filters, no bulk, sorting, ETags or password change."""
    return ServiceProviderConfig(
        documentation_uri=documentation_uri,
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=MAX_RESULTS),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=False),
        etag=ETag(supported=False),
        authentication_schemes=[
            AuthenticationScheme(
                type=AuthenticationScheme.Type.oauthbearertoken,
                name="Bearer token",
                description="A token per provisioning client (manage.py scim_client_create).",
                primary=True,
            )
        ],
    )


def resource_types() -> list[ResourceType]:
    user_type = ResourceType.from_resource(User)
    return [user_type]


def schemas() -> list:
    return [CoreUser.to_schema(), EnterpriseUser.to_schema(), GesprekscyclusUser.to_schema()]


# Filter attribute (name, sub-attribute, schema URI) → the field of ``selectors.scim_users()``. Anything
# else in a filter is refused (invalidFilter), never silently ignored.
FILTER_ATTRIBUTES = {
    ("id", None, None): "id",
    ("userName", None, None): "scim_user_name",
    ("externalId", None, None): "scim_identity__external_id",
    ("displayName", None, None): "name",
    ("active", None, None): "active",
    ("emails", None, None): "email",
    ("emails", "value", None): "email",
    ("emails", "type", None): "scim_email_type",
    ("employeeNumber", None, ENTERPRISE): "employee_number",
    ("department", None, ENTERPRISE): "org_unit__name",
    ("manager", "value", ENTERPRISE): "manager__id",
    ("meta", "lastModified", None): "updated_at",
    ("meta", "created", None): "created_at",
}
