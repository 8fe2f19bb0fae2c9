import pytest
from django.core.management import call_command

from frameworks.selectors import expected_profile
from people.models import Employee, OrgUnit
from people.selectors import hr_org_units, manager_chain

pytestmark = pytest.mark.django_db


def test_demo_organisation_loads_once_with_cells_managers_and_hr(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "password for all: gesprek2026" in out
    assert "hanneke" in out
    assert Employee.objects.count() == 40
    assert not Employee.objects.filter(role_type=None).exists()
    sanne = Employee.objects.get(user__username="sanne")
    assert [boss.user.username for boss in manager_chain(employee=sanne)] == ["carla", "bram", "anna"]
    assert sanne.role_type.name == "Dienstverlener B"
    profile = expected_profile(employee=sanne, framework_version=sanne.role_type.version)
    assert {item.expected_level for item in profile} == {2}
    hanneke = Employee.objects.get(user__username="hanneke").user
    assert hr_org_units(user=hanneke).count() == OrgUnit.objects.count() == 11
    assert sanne.user.check_password("gesprek2026")

    call_command("load_demo")
    assert "Already loaded" in capsys.readouterr().out
    assert Employee.objects.count() == 40
