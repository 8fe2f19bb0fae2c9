"""A small organisation with an open cycle: the review of Eva Employee, managed by Max,
second reviewer Dora (Max's manager), HR Hans for the whole organisation."""

import datetime
from dataclasses import dataclass

import pytest
import time_machine

from frameworks.models import Framework, RatingScale
from frameworks.selectors import current_version
from frameworks.services import frameworks_load_builtin
from people.models import Employee
from people.services import hr_grant
from reviewcycle.models import Review, ReviewCycle
from reviewcycle.services import cycle_create, cycle_open
from tests.factories import EmployeeFactory, OrgUnitFactory, UserFactory

# The tests run in 2026: the plan is signed in January, the appraisal starts in autumn.
START = datetime.datetime(2026, 1, 15, 10, 0, tzinfo=datetime.UTC)


@dataclass
class Org:
    root: object
    team: object
    other_team: object
    director: Employee
    manager: Employee
    employee: Employee
    colleague: Employee
    other_manager: Employee
    other_employee: Employee
    hr: object
    hr_elsewhere: object


@pytest.fixture
def traveller():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def org(db, traveller):
    frameworks_load_builtin()
    kempen = current_version(framework=Framework.objects.get(slug="kempen-competenties"))
    cell = {rt.name: rt for rt in kempen.role_types.all()}
    root = OrgUnitFactory(name="Gemeente Proef", kind="organisation")
    team = OrgUnitFactory(name="Burgerzaken", parent=root)
    other_team = OrgUnitFactory(name="Financiën", parent=root)
    director = EmployeeFactory(name="Dora Directeur", org_unit=root, role_type=cell["Directeur A"])
    manager = EmployeeFactory(
        name="Max Manager", org_unit=team, manager=director, role_type=cell["Leidinggevende B"]
    )
    employee = EmployeeFactory(
        name="Eva Employee", org_unit=team, manager=manager, role_type=cell["Dienstverlener B"]
    )
    colleague = EmployeeFactory(
        name="Cor Collega", org_unit=team, manager=manager, role_type=cell["Uitvoerder A"]
    )
    other_manager = EmployeeFactory(
        name="Olaf Ander", org_unit=other_team, manager=director, role_type=cell["Leidinggevende C"]
    )
    other_employee = EmployeeFactory(
        name="Otto Ander", org_unit=other_team, manager=other_manager, role_type=cell["Specialist A"]
    )
    hr = UserFactory(username="hans-hr")
    hr_grant(user=hr, org_units=[root], actor=None)
    hr_elsewhere = UserFactory(username="hilde-hr")
    hr_grant(
        user=hr_elsewhere, org_units=[OrgUnitFactory(name="Andere gemeente", kind="organisation")], actor=None
    )
    return Org(
        root,
        team,
        other_team,
        director,
        manager,
        employee,
        colleague,
        other_manager,
        other_employee,
        hr,
        hr_elsewhere,
    )


def cycle_fields(year: int = 2026, **overrides):
    """A cycle's settings for the calendar year ``year``."""
    fields = {
        "name": "Gesprekscyclus 2026",
        "period_start": datetime.date(2026, 1, 1),
        "period_end": datetime.date(2026, 12, 31),
        "planning_due": datetime.date(2026, 3, 1),
        "progress_due": datetime.date(2026, 7, 1),
        "self_assessment_due": datetime.date(2026, 10, 1),
        "scoring_due": datetime.date(2026, 11, 1),
        "appraisal_due": datetime.date(2026, 12, 1),
    }
    fields = {
        name: value.replace(year=year) if isinstance(value, datetime.date) else value
        for name, value in fields.items()
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def cycle(org):
    cycle = cycle_create(
        actor=org.hr,
        scope=[org.root],
        framework_version=current_version(framework=Framework.objects.get(slug="kempen-competenties")),
        rating_scale=RatingScale.objects.get(slug="vijfpuntsschaal"),
        **cycle_fields(),
    )
    cycle_open(cycle=cycle, actor=org.hr)
    return ReviewCycle.objects.get(pk=cycle.pk)


@pytest.fixture
def review(cycle, org):
    return Review.objects.get(cycle=cycle, employee=org.employee)
