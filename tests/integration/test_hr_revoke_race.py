"""Two admins end the same HR scope at the same moment (PostgreSQL): it is revoked once, audited once."""

import threading

import pytest
from django.db import connections

from people.models import HRScope, PeopleEvent
from people.services import hr_grant, hr_revoke
from tests.factories import OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_scope_revoked_twice_at_once_is_audited_once(postgresql):
    admin, hilde = UserFactory(username="admin"), UserFactory(username="hilde")
    north, south = OrgUnitFactory(name="Noord"), OrgUnitFactory(name="Zuid")
    hr_grant(user=hilde, org_units=[north, south], actor=admin)
    attempts = 8
    barrier = threading.Barrier(attempts)
    errors = []

    def revoke():
        try:
            barrier.wait(timeout=30)
            hr_revoke(user=type(hilde).objects.get(pk=hilde.pk), org_units=[north], actor=admin)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=revoke) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert list(HRScope.objects.filter(user=hilde).values_list("org_unit__name", flat=True)) == ["Zuid"]
    assert PeopleEvent.objects.filter(kind=PeopleEvent.Kind.HR_SCOPE_REVOKED).count() == 1
