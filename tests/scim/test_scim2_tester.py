"""scim2-tester, run against /scim/v2/ on a live server: every check of what ServiceProviderConfig
declares passes (discovery, and create, read, replace, patch and delete of Users)."""

import itertools
from collections import Counter
from typing import Annotated

import pytest
from httpx2 import Client
from pydantic import Field
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_models import Mutability, Required, ResourceType, ScimProvider, Uniqueness
from scim2_tester import Status, check_server

from people.scim import schema
from tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db(transaction=True)


class UniqueNumbers(list):
    """The tester picks a random example (``random.choice``): here every pick is a new employee number, as an
    HR system's; serialised (an empty list underneath) it is no example at all."""

    def __init__(self):
        super().__init__()
        self.counter = itertools.count(10000)

    def __len__(self):
        return 10**9

    def __getitem__(self, index):
        return f"T{next(self.counter)}"


class FilledEnterpriseUser(schema.EnterpriseUser):
    # The tester's random text would be a UUID: longer than an employee number may be (32 characters).
    employee_number: Annotated[str | None, Required.true, Uniqueness.server, Mutability.immutable] = Field(
        None, examples=UniqueNumbers()
    )


class FilledEmail(schema.Email):
    # An employee has one address, answered as the primary one.
    primary: bool | None = Field(None, examples=[True])


class FilledUser(schema.CoreUser):
    emails: list[FilledEmail] | None = None
    # Someone who left is not taken back by provisioning (HR rehires, as with the people import): the
    # tester's random ``active: false`` on creation, then ``true``, would meet that rule, not a defect.
    active: Annotated[bool | None, Required.true] = Field(None, examples=[True])


def test_scim2_tester_passes_every_check(live_server, provisioning_client):
    OrgUnitFactory(name="Gemeente Voorbeeld", kind="organisation")  # new departments go right below it
    http = Client(
        base_url=f"{live_server.url}/scim/v2",
        headers={"Authorization": f"Bearer {provisioning_client.token}"},
        timeout=30,
    )
    user = FilledUser[Annotated[FilledEnterpriseUser, Required.true]]
    provider = ScimProvider(
        models=[FilledUser, FilledEnterpriseUser],
        resource_types=[ResourceType.from_resource(user)],
        config=schema.service_provider_config(),
    )
    scim = SyncSCIMClient(http, provider=provider)

    try:
        results = check_server(scim)
    finally:
        http.close()

    problems = [
        f"{result.title} [{result.resource_type}]: {result.status.name} {result.reason}"
        for result in results
        if result.status not in (Status.SUCCESS, Status.COMPLIANT, Status.ACCEPTABLE, Status.SKIPPED)
        and not _changes_an_immutable_employee_number(result)
    ]
    tally = Counter(result.status.name for result in results)
    print(dict(tally))
    assert not problems, "\n".join(problems)
    assert sum(result.status == Status.SUCCESS for result in results) >= 10


def _changes_an_immutable_employee_number(result) -> bool:
    """The tester's PUT and its replacement of the whole extension send a new random employee number,
    which is immutable here (declared so in Schemas): RFC 7644 §3.5.1 answers that with 400 mutability, as
    the endpoint does. The tester keeps immutable values only among the core attributes (its "dirty
    hotfix" in checkers/resource_put.py, scim2-models issue 111), not inside an extension."""
    return result.title in {"object_replacement", "check_replace_attribute"} and (
        # The endpoint's detail (in the organisation's language, Dutch), or scim2-models' on the patched User.
        "kan niet veranderen" in str(result.reason) or "'employeeNumber' is immutable" in str(result.reason)
    )
