"""UX finding 3: a cycle on a regeling from the start date (Proeftijd) takes only employees whose start date
lies in its period — at opening and when HR adds the missing — and the confirmation page says how many it
leaves out and why."""

import datetime

import pytest
from django.test import Client

from frameworks.models import Framework, RatingScale
from frameworks.selectors import current_version
from people.models import Employee
from reviewcycle.models import CycleTemplate, Review
from reviewcycle.services import cycle_add_missing, cycle_create, cycle_open
from reviewcycle.shapes.services import current_template_version, cycle_templates_load_builtin
from tests.factories import EmployeeFactory
from tests.language import speaking
from tests.reviewcycle.fixtures import cycle_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def probation_draft(org):
    cycle_templates_load_builtin()
    return cycle_create(
        actor=org.hr,
        scope=[org.team],
        framework_version=current_version(framework=Framework.objects.get(slug="kempen-competenties")),
        rating_scale=RatingScale.objects.get(slug="vijfpuntsschaal"),
        template_version=current_template_version(
            CycleTemplate.objects.get(slug="proeftijd-en-tijdelijk-contract")
        ),
        **cycle_fields(name="Proeftijd 2026"),
    )


def newcomer(org, number: str, start: datetime.date | None) -> Employee:
    return EmployeeFactory(
        employee_number=number,
        name=f"Nieuw {number}",
        org_unit=org.team,
        manager=org.manager,
        start_date=start,
    )


def test_only_who_starts_in_the_period_gets_a_probation_review(org, probation_draft):
    arrived = newcomer(org, "3001", datetime.date(2026, 3, 1))
    newcomer(org, "3002", datetime.date(2019, 5, 1))  # long-serving
    in_team = Employee.objects.filter(org_unit=org.team, active=True).count()
    assert in_team >= 3

    client = speaking(Client(), "nl")
    client.force_login(org.hr)
    page = client.get(f"/cycles/{probation_draft.pk}/open/").content.decode()
    assert "Openen maakt 1 gesprekscyclus aan" in page or "1 gesprekscyclus" in page
    left_out = in_team - 1
    assert f"{left_out} medewerkers in de eenheden vallen erbuiten" in page

    report = cycle_open(cycle=probation_draft, actor=org.hr)
    assert report["created"] == 1
    assert list(Review.objects.filter(cycle=probation_draft).values_list("employee", flat=True)) == [
        arrived.pk
    ]

    later = newcomer(org, "3003", datetime.date(2026, 6, 1))
    newcomer(org, "3004", datetime.date(2025, 12, 31))  # started before the period
    added = cycle_add_missing(cycle=probation_draft, actor=org.hr)
    assert added["created"] == 1
    assert Review.objects.filter(cycle=probation_draft, employee=later).exists()
    assert Review.objects.filter(cycle=probation_draft).count() == 2
