import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from people.models import OrgUnit
from people.selectors import (
    employees_in,
    hr_org_units,
    is_hr,
    manager_chain,
    org_unit_ancestors,
    org_units_below,
    reports_of,
)
from people.services import employee_create, employee_set_manager, hr_grant, org_unit_create, org_unit_move
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_org_unit_move_below_own_descendant_is_rejected_with_the_path(org_tree):
    with pytest.raises(ValidationError) as error:
        org_unit_move(org_unit=org_tree["directorate"], parent=org_tree["team"])
    message = error.value.message_dict["parent"][0]
    assert "circular" in message or "circulair" in message
    assert "Dienstverlening → Team Balie → Burgerzaken → Dienstverlening" in message
    org_tree["directorate"].refresh_from_db()
    assert org_tree["directorate"].parent == org_tree["root"]


def test_org_unit_cannot_be_its_own_parent(org_tree):
    with pytest.raises(ValidationError, match="Burgerzaken → Burgerzaken"):
        org_unit_move(org_unit=org_tree["department"], parent=org_tree["department"])


def test_database_refuses_a_self_parent_written_around_the_service(org_tree):
    unit = org_tree["team"]
    with pytest.raises(IntegrityError), transaction.atomic():
        OrgUnit.objects.filter(pk=unit.pk).update(parent=unit)


def test_org_unit_move_to_another_branch_is_allowed(org_tree):
    moved = org_unit_move(org_unit=org_tree["department"], parent=org_tree["other"])
    assert moved.parent == org_tree["other"]
    org_tree["team"].refresh_from_db()
    assert [unit.name for unit in org_unit_ancestors(org_unit=org_tree["team"])] == [
        "Burgerzaken",
        "Bedrijfsvoering",
        "Gemeente Voorbeeld",
    ]


def test_duplicate_sibling_names_are_rejected(org_tree):
    with pytest.raises(ValidationError):
        org_unit_create(name="Burgerzaken", parent=org_tree["directorate"])
    assert org_unit_create(name="Burgerzaken", parent=org_tree["other"]).parent == org_tree["other"]


def test_manager_cycle_is_rejected_with_the_chain(org_tree):
    director = EmployeeFactory(name="Dirk Directeur", org_unit=org_tree["root"])
    head = EmployeeFactory(name="Hanna Hoofd", org_unit=org_tree["directorate"], manager=director)
    clerk = EmployeeFactory(name="Kees Klerk", org_unit=org_tree["team"], manager=head)
    with pytest.raises(ValidationError) as error:
        employee_set_manager(employee=director, manager=clerk)
    assert (
        "Dirk Directeur → Kees Klerk → Hanna Hoofd → Dirk Directeur" in error.value.message_dict["manager"][0]
    )
    director.refresh_from_db()
    assert director.manager is None


def test_employee_cannot_manage_themselves(org_tree):
    person = EmployeeFactory(name="Els Eigen", org_unit=org_tree["team"])
    with pytest.raises(ValidationError, match="Els Eigen → Els Eigen"):
        employee_set_manager(employee=person, manager=person)


def test_manager_chain_goes_up_to_the_top(org_tree):
    director = EmployeeFactory(org_unit=org_tree["root"])
    head = EmployeeFactory(org_unit=org_tree["directorate"], manager=director)
    lead = EmployeeFactory(org_unit=org_tree["department"], manager=head)
    clerk = EmployeeFactory(org_unit=org_tree["team"], manager=lead)
    assert manager_chain(employee=clerk) == [lead, head, director]
    assert manager_chain(employee=director) == []


def test_reports_of_lists_direct_active_reports_only(org_tree):
    lead = EmployeeFactory(org_unit=org_tree["department"])
    direct = EmployeeFactory(org_unit=org_tree["team"], manager=lead)
    EmployeeFactory(org_unit=org_tree["team"], manager=lead, active=False)
    EmployeeFactory(org_unit=org_tree["team"], manager=direct)
    assert list(reports_of(manager=lead)) == [direct]


def test_employees_in_recurses_the_tree_unless_told_not_to(org_tree):
    in_directorate = EmployeeFactory(org_unit=org_tree["directorate"])
    in_team = EmployeeFactory(org_unit=org_tree["team"])
    EmployeeFactory(org_unit=org_tree["other"])
    assert set(employees_in(org_unit=org_tree["directorate"])) == {in_directorate, in_team}
    assert list(employees_in(org_unit=org_tree["directorate"], recursive=False)) == [in_directorate]
    assert set(org_units_below(org_units=[org_tree["department"]])) == {
        org_tree["department"],
        org_tree["team"],
    }


def test_hr_scope_covers_the_subtree_only(org_tree):
    hr_user = UserFactory()
    assert not is_hr(user=hr_user)
    assert not hr_org_units(user=hr_user).exists()
    hr_grant(user=hr_user, org_units=[org_tree["directorate"]], actor=None)
    assert is_hr(user=hr_user)
    assert set(hr_org_units(user=hr_user)) == {
        org_tree["directorate"],
        org_tree["department"],
        org_tree["team"],
    }


def test_employee_create_makes_a_login_account(org_tree):
    employee = employee_create(
        employee_number="1001",
        name="Fatma Yılmaz",
        email="f.yilmaz@example.org",
        org_unit=org_tree["team"],
        password="geheim-wachtwoord-1",
    )
    assert employee.user.username == "1001"
    assert employee.user.check_password("geheim-wachtwoord-1")


def test_end_date_before_start_date_is_rejected(org_tree):
    import datetime

    with pytest.raises(ValidationError) as error:
        employee_create(
            employee_number="1002",
            name="Piet",
            org_unit=org_tree["team"],
            start_date=datetime.date(2025, 5, 1),
            end_date=datetime.date(2025, 4, 1),
        )
    assert "end_date" in error.value.message_dict
