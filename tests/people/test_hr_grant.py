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
