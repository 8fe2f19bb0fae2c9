"""HR is one concept, set through the API too (issue 23): ``PUT /api/v1/employees/{id}/hr-scope/`` makes a
person's HR scope exactly the units given, through the audited service the admin and the import use."""

import pytest
from rest_framework.test import APIClient

from people.models import HRScope, PeopleEvent
from people.selectors import is_hr
from people.services import hr_grant
from tests.factories import EmployeeFactory, OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


@pytest.fixture
def organisation():
    root = OrgUnitFactory(name="Gemeente Proef", kind="organisation")
    finance, service = (
        OrgUnitFactory(name="Financiën", parent=root),
        OrgUnitFactory(name="Dienstverlening", parent=root),
    )
    central = UserFactory(username="hr-centraal")
    hr_grant(user=central, org_units=[root], actor=None)
    adviser = EmployeeFactory(org_unit=finance)
    return {"root": root, "finance": finance, "service": service, "central": central, "adviser": adviser}


def test_central_hr_sets_and_clears_a_scope_audited(organisation):
    api, adviser = client_for(organisation["central"]), organisation["adviser"]
    url = f"/api/v1/employees/{adviser.pk}/hr-scope/"
    assert api.get(url).json() == {"org_units": []}
    wanted = sorted([organisation["finance"].pk, organisation["service"].pk])
    assert api.put(url, {"org_units": wanted}, format="json").json() == {"org_units": wanted}
    assert is_hr(user=type(adviser.user).objects.get(pk=adviser.user_id))
    assert api.put(url, {"org_units": [organisation["finance"].pk]}, format="json").status_code == 200
    assert list(HRScope.objects.filter(user=adviser.user).values_list("org_unit", flat=True)) == [
        organisation["finance"].pk
    ]
    assert api.put(url, {"org_units": []}, format="json").status_code == 200
    assert not HRScope.objects.filter(user=adviser.user).exists()
    kinds = list(
        PeopleEvent.objects.filter(user=adviser.user, actor=organisation["central"]).values_list(
            "kind", flat=True
        )
    )
    assert sorted(kinds) == sorted(
        [PeopleEvent.Kind.HR_SCOPE_GRANTED] * 2 + [PeopleEvent.Kind.HR_SCOPE_REVOKED] * 2
    )


def test_refusals(organisation):
    api, adviser = client_for(organisation["central"]), organisation["adviser"]
    url = f"/api/v1/employees/{adviser.pk}/hr-scope/"
    unknown = api.put(url, {"org_units": [999_999]}, format="json")
    assert unknown.status_code == 400
    assert "999999" in str(unknown.json())
    assert api.put(url, {"org_units": "Financiën"}, format="json").status_code == 400
    # Only HR for the whole organisation; a unit's HR and an employee get 403.
    unit_hr = UserFactory()
    hr_grant(user=unit_hr, org_units=[organisation["finance"]], actor=None)
    assert client_for(unit_hr).put(url, {"org_units": []}, format="json").status_code == 403
    assert client_for(adviser.user).get(url).status_code == 403
    # Never one's own scope.
    central_employee = EmployeeFactory(org_unit=organisation["root"], user=organisation["central"])
    own = api.put(f"/api/v1/employees/{central_employee.pk}/hr-scope/", {"org_units": []}, format="json")
    assert own.status_code == 403
    assert HRScope.objects.filter(user=organisation["central"]).exists()
    # Someone who left cannot be HR.
    adviser.user.is_active = False
    adviser.user.save()
    left = api.put(url, {"org_units": [organisation["finance"].pk]}, format="json")
    assert left.status_code == 400
    assert not HRScope.objects.filter(user=adviser.user).exists()
