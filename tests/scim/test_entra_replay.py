"""Entra ID's provisioning replayed on PostgreSQL: 100 people with managers, a manager changed in the
middle of a running cycle, someone switched off; every request sent twice (Entra ID retries), with the
same end state and one audit event per change."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from rest_framework.authtoken.models import Token

from people.models import Employee, PeopleEvent
from reviewcycle.models import Review, ReviewEvent
from tests.scim.conftest import ENTERPRISE, entra_user, patch

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def twice(scim, method, path, body=None):
    """Entra ID resends a request whose answer it did not get: both answers are returned."""
    return scim(method, path, body), scim(method, path, body)


def test_a_hundred_people_with_managers(postgresql, scim, org, cycle):
    before = Employee.objects.count()
    ids = {}
    for n in range(100):
        number = f"{2000 + n}"
        manager = ids[f"{2000 + n % 10}"] if n >= 10 else str(org.manager.pk)
        first, retry = twice(scim, "post", "Users", entra_user(number, manager=manager))
        assert first.status_code == 201, first.body
        assert retry.status_code == 409
        assert retry.body["scimType"] == "uniqueness"
        ids[number] = first.body["id"]

    assert Employee.objects.count() == before + 100
    assert PeopleEvent.objects.filter(kind=PeopleEvent.Kind.EMPLOYEE_PROVISIONED).count() == 100
    assert Employee.objects.get(employee_number="2055").manager.employee_number == "2005"
    assert Employee.objects.filter(employee_number__startswith="20", manager=org.manager).count() == 10
    listed = scim("get", f'Users?filter={ENTERPRISE}:manager.value eq "{ids["2003"]}"').body
    assert listed["totalResults"] == 9


def test_a_manager_changed_mid_cycle_takes_the_open_review_along(postgresql, scim, org, cycle):
    review = Review.objects.get(cycle=cycle, employee=org.employee)
    assert review.manager == org.manager
    change = patch(
        {"op": "Replace", "path": f"{ENTERPRISE}:manager", "value": str(org.other_manager.pk)},
        {"op": "Replace", "path": "displayName", "value": org.employee.name},
    )

    first, retry = twice(scim, "patch", f"Users/{org.employee.pk}", change)

    assert first.status_code == retry.status_code == 200, first.body
    assert first.body[ENTERPRISE]["manager"]["value"] == str(org.other_manager.pk)
    review.refresh_from_db()
    assert review.manager == org.other_manager
    moved = ReviewEvent.objects.filter(review=review, transition=ReviewEvent.Kind.MANAGER_REASSIGNED)
    assert moved.count() == 1
    assert moved.get().new_value["manager"] == org.other_manager.pk
    updated = PeopleEvent.objects.filter(kind=PeopleEvent.Kind.EMPLOYEE_UPDATED, user=org.employee.user)
    assert updated.count() == 1
    assert "manager" in updated.get().payload["fields"]


def test_switched_off_in_entra_id_is_leaving(postgresql, scim, org, cycle, provisioning_client):
    leaver = org.colleague
    Token.objects.create(user=leaver.user)
    session = SessionStore()
    session["_auth_user_id"] = str(leaver.user.pk)
    session.create()
    review = Review.objects.get(cycle=cycle, employee=leaver)

    first, retry = twice(
        scim, "patch", f"Users/{leaver.pk}", patch({"op": "Replace", "path": "active", "value": "False"})
    )

    assert first.status_code == retry.status_code == 200, first.body
    assert first.body["active"] is False
    leaver.refresh_from_db()
    assert not leaver.active
    assert leaver.end_date is not None
    assert not get_user_model().objects.get(pk=leaver.user_id).is_active
    assert not Token.objects.filter(user=leaver.user).exists()
    assert not SessionStore().exists(session.session_key)
    review.refresh_from_db()
    assert review.state == Review.State.CANCELLED
    cancelled = ReviewEvent.objects.get(review=review, transition=ReviewEvent.Kind.CANCELLED)
    assert cancelled.payload["reason"] == "uit dienst"
    gone = PeopleEvent.objects.get(kind=PeopleEvent.Kind.EMPLOYEE_DEPROVISIONED, user=leaver.user)
    assert gone.client == provisioning_client

    # Switched on again in Entra ID: refused, HR rehires (as with the people import).
    back = scim("patch", f"Users/{leaver.pk}", patch({"op": "Replace", "path": "active", "value": "True"}))
    assert back.status_code == 400
    assert back.body["scimType"] == "invalidValue"
