"""The provider's groups decide who is HR for which units (issue 21, optional group-claim mapping):
set exactly through the audited ``hr_scope_set``, taken away when the group goes, untouched when the
token carries no group claim at all (Entra ID's overage)."""

import pytest
from django.contrib.auth import get_user_model

from people.models import HRScope, PeopleEvent
from people.oidc import hr_scope_from_claims
from tests.factories import EmployeeFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    root = OrgUnitFactory(name="Gemeente Proef", kind="organisation", parent=None)
    return {
        "root": root,
        "burgerzaken": OrgUnitFactory(name="Burgerzaken", parent=root),
        "financien": OrgUnitFactory(name="Financiën", parent=root),
    }


def scope_of(user) -> set[str]:
    return set(HRScope.objects.filter(user=user).values_list("org_unit__name", flat=True))


def test_groups_grant_and_revoke_hr_scope_audited(units):
    user = EmployeeFactory().user
    app = {
        "group_claim": "groups",
        "hr_groups": {
            "HR-Burgerzaken": ["Gemeente Proef / Burgerzaken"],
            "5c1e-hr-fin": [units["financien"].pk],
        },
    }
    assert hr_scope_from_claims(user, app, {"groups": ["HR-Burgerzaken", "5c1e-hr-fin", "Iedereen"]})
    assert scope_of(user) == {"Burgerzaken", "Financiën"}
    assert not hr_scope_from_claims(user, app, {"groups": ["HR-Burgerzaken", "5c1e-hr-fin"]})

    assert hr_scope_from_claims(user, app, {"groups": ["5c1e-hr-fin"]})
    assert scope_of(user) == {"Financiën"}
    kinds = list(PeopleEvent.objects.filter(user=user).order_by("pk").values_list("kind", "actor"))
    assert [kind for kind, _ in kinds] == [
        PeopleEvent.Kind.HR_SCOPE_GRANTED,
        PeopleEvent.Kind.HR_SCOPE_GRANTED,
        PeopleEvent.Kind.HR_SCOPE_REVOKED,
    ]
    assert {actor for _, actor in kinds} == {None}

    assert hr_scope_from_claims(user, app, {"groups": []})
    assert scope_of(user) == set()
    assert not get_user_model().objects.get(pk=user.pk).groups.filter(name="HR").exists()


def test_without_the_claim_or_the_setting_nothing_changes(units):
    user = EmployeeFactory().user
    HRScope.objects.create(user=user, org_unit=units["root"])
    assert not hr_scope_from_claims(user, {"group_claim": "groups", "hr_groups": {}}, {"sub": "1"})
    assert not hr_scope_from_claims(user, {}, {"groups": []})
    assert scope_of(user) == {"Gemeente Proef"}


def test_a_reference_to_no_unit_is_skipped(units):
    user = EmployeeFactory().user
    app = {"group_claim": "groups", "hr_groups": {"HR": ["Gemeente Proef / Bestaat niet", "Gemeente Proef"]}}
    assert hr_scope_from_claims(user, app, {"groups": "HR"})
    assert scope_of(user) == {"Gemeente Proef"}
