"""Granting an HR scope is an audited service: one event row per unit granted, with the actor."""

import pytest
from django.utils import translation

from people.models import HRScope, PeopleEvent
from people.selectors import is_hr
from people.services import hr_grant
from tests.factories import OrgUnitFactory, UserFactory
from tests.language import speaking

pytestmark = pytest.mark.django_db


def test_granting_records_who_granted_which_unit_to_whom():
    admin, hilde = UserFactory(username="admin"), UserFactory(username="hilde-hr")
    north, south = OrgUnitFactory(name="Noord"), OrgUnitFactory(name="Zuid")
    hr_grant(user=hilde, org_units=[north, south], actor=admin)
    assert is_hr(user=hilde)
    events = list(PeopleEvent.objects.order_by("id"))
    assert [(e.kind, e.actor, e.user, e.org_unit) for e in events] == [
        (PeopleEvent.Kind.HR_SCOPE_GRANTED, admin, hilde, north),
        (PeopleEvent.Kind.HR_SCOPE_GRANTED, admin, hilde, south),
    ]
    with translation.override("nl"):
        assert events[0].label == "HR-gebied toegekend"


def test_a_scope_already_held_is_not_granted_again():
    hilde, unit = UserFactory(), OrgUnitFactory()
    hr_grant(user=hilde, org_units=[unit], actor=None)
    hr_grant(user=hilde, org_units=[unit], actor=None)
    assert PeopleEvent.objects.count() == 1
    assert PeopleEvent.objects.get().actor is None  # the system (a command, the demo)


def test_the_admin_grants_through_the_service(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    hilde, unit = UserFactory(), OrgUnitFactory()
    client.force_login(admin)
    response = client.post("/admin/people/hrscope/add/", {"user": hilde.pk, "org_unit": unit.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert HRScope.objects.filter(user=hilde, org_unit=unit).exists()
    assert is_hr(user=hilde)
    assert PeopleEvent.objects.get().actor == admin
    listing = speaking(client, "en").get("/admin/people/peopleevent/").content.decode()
    assert "HR scope granted" in listing
    assert client.post(f"/admin/people/peopleevent/{PeopleEvent.objects.get().pk}/delete/").status_code == 403


def test_unknown_kinds_are_refused():
    with pytest.raises(ValueError, match="not a kind"):
        PeopleEvent.record(actor=None, kind="forged", user=UserFactory(), org_unit=OrgUnitFactory())


def test_hr_is_one_concept_the_scopes(client):
    """A person is HR for the units of their HR scopes, nothing else to set (issue 23): a scope made
    without the service still makes HR, and the "HR" group alone makes no one HR."""
    from django.contrib.auth.models import Group

    from people.models import HR_GROUP_NAME

    scoped, grouped, unit = UserFactory(), UserFactory(), OrgUnitFactory()
    HRScope.objects.create(user=scoped, org_unit=unit)
    grouped.groups.add(Group.objects.get_or_create(name=HR_GROUP_NAME)[0])
    assert is_hr(user=scoped)
    assert not is_hr(user=grouped)
    client.force_login(scoped)
    assert client.get("/cycles/new/").status_code == 200
    client.force_login(grouped)
    assert client.get("/cycles/new/").status_code == 403


def test_revoking_is_audited_and_ends_hr_when_no_scope_is_left(client):
    from people.models import HR_GROUP_NAME
    from people.services import hr_revoke

    admin, hilde = UserFactory(username="admin", is_staff=True, is_superuser=True), UserFactory()
    north, south = OrgUnitFactory(name="Noord"), OrgUnitFactory(name="Zuid")
    hr_grant(user=hilde, org_units=[north, south], actor=admin)
    hr_revoke(user=hilde, org_units=[north], actor=admin)
    assert is_hr(user=hilde)
    assert list(HRScope.objects.filter(user=hilde).values_list("org_unit__name", flat=True)) == ["Zuid"]
    client.force_login(admin)
    scope = HRScope.objects.get(user=hilde)
    assert client.post(f"/admin/people/hrscope/{scope.pk}/delete/", {"post": "yes"}).status_code == 302
    hilde = type(hilde).objects.get(pk=hilde.pk)  # a new request's user
    assert not is_hr(user=hilde)
    assert not hilde.groups.filter(name=HR_GROUP_NAME).exists()  # the admin's permissions go with it
    revoked = PeopleEvent.objects.filter(kind=PeopleEvent.Kind.HR_SCOPE_REVOKED).order_by("id")
    assert [(e.actor, e.user, e.org_unit.name) for e in revoked] == [
        (admin, hilde, "Noord"),
        (admin, hilde, "Zuid"),
    ]
    with translation.override("nl"):
        assert revoked[0].label == "HR-gebied ingetrokken"
