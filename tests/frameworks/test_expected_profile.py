import pytest

from frameworks.models import ExpectedLevel, Framework, RoleType
from frameworks.selectors import current_version, expected_profile, expected_profiles_for
from frameworks.services import (
    framework_version_new_draft,
    framework_version_publish,
    frameworks_load_builtin,
)
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def frameworks():
    frameworks_load_builtin()
    return {framework.slug: current_version(framework=framework) for framework in Framework.objects.all()}


def cell(version, name):
    family, grade = name.split()
    return RoleType.objects.get(version=version, family=family, grade=grade)


def test_a_cell_fixes_the_expected_level_with_its_indicators_and_the_next_levels(frameworks):
    kempen = frameworks["kempen-competenties"]
    employee = EmployeeFactory(role_type=cell(kempen, "Dienstverlener B"))
    profile = expected_profile(employee=employee, framework_version=kempen)
    assert [(item.competency.name, item.expected_level) for item in profile] == [
        ("Klantgerichtheid", 2),
        ("Resultaatgericht", 2),
        ("Samenwerken", 2),
    ]
    assert [i.text for i in profile[0].indicators] == [
        "Is proactief en verdiept zich in de situatie of vraag van de klant.",
        "Biedt ongevraagd service en extra ondersteuning.",
        "Zoekt actief naar oplossingen voor klachten of problemen.",
    ]
    assert (
        profile[0].next_level_indicators[0].text
        == "Leeft zich in de problematiek van de klant in en analyseert deze."
    )


def test_the_top_level_has_no_next_level_indicators(frameworks):
    kempen = frameworks["kempen-competenties"]
    profile = expected_profile(
        employee=EmployeeFactory(role_type=cell(kempen, "Directeur B")), framework_version=kempen
    )
    assert {item.expected_level for item in profile} == {4}
    assert [len(item.indicators) for item in profile] == [3, 2, 2]
    assert all(item.next_level_indicators == [] for item in profile)


def test_a_per_competency_override_beats_the_cell_default(frameworks):
    kempen = frameworks["kempen-competenties"]
    draft = framework_version_new_draft(framework=kempen.framework)
    uitvoerder = cell(draft, "Uitvoerder A")
    ExpectedLevel.objects.create(
        role_type=uitvoerder, competency=draft.competencies.get(key="samenwerken"), level=2
    )
    draft = framework_version_publish(version=draft, actor=None)
    levels = {
        i.competency.key: i.expected_level
        for i in expected_profile(employee=EmployeeFactory(role_type=uitvoerder), framework_version=draft)
    }
    assert levels == {"klantgerichtheid": 1, "resultaatgericht": 1, "samenwerken": 2}


def test_a_cell_assigned_from_an_older_version_is_matched_in_the_cycles_version(frameworks):
    kempen = frameworks["kempen-competenties"]
    employee = EmployeeFactory(role_type=cell(kempen, "Adviseur A"))
    newer = framework_version_publish(
        version=framework_version_new_draft(framework=kempen.framework), actor=None
    )
    profile = expected_profile(employee=employee, framework_version=newer)
    assert {item.competency.version_id for item in profile} == {newer.pk}
    assert {item.expected_level for item in profile} == {3}


def test_a_job_profile_gives_its_own_competencies_with_unlevelled_indicators(frameworks):
    ufo = frameworks["ufo-functieprofielen"]
    profile_row = ufo.job_profiles.get(key="coordinator-klantrelaties")
    employee = EmployeeFactory(job_profile=profile_row, job_profile_level=1)
    profile = expected_profile(employee=employee, framework_version=ufo)
    assert [item.competency.name for item in profile] == [
        "Schriftelijke uitdrukkingsvaardigheid",
        "Omgevingsbewustzijn",
        "Klantgerichtheid",
        "Resultaatgerichtheid",
    ]
    assert all(item.expected_level is None and len(item.indicators) == 6 for item in profile)


def test_no_cell_and_no_profile_means_nothing_expected(frameworks):
    assert (
        expected_profile(employee=EmployeeFactory(), framework_version=frameworks["kempen-competenties"])
        == []
    )


def test_a_cell_of_another_framework_matches_nothing(frameworks):
    employee = EmployeeFactory(role_type=cell(frameworks["kempen-competenties"], "Adviseur A"))
    assert expected_profile(employee=employee, framework_version=frameworks["ufo-functieprofielen"]) == []


@pytest.mark.parametrize("count", [3, 60])
def test_expected_profiles_take_a_fixed_number_of_queries(frameworks, django_assert_max_num_queries, count):
    kempen, ufo = frameworks["kempen-competenties"], frameworks["ufo-functieprofielen"]
    cells = list(RoleType.objects.filter(version=kempen))
    employees = [EmployeeFactory(role_type=cells[n % len(cells)]) for n in range(count)]
    employees += [
        EmployeeFactory(job_profile=ufo.job_profiles.first(), job_profile_level=2) for _ in range(count)
    ]
    employees = list(type(employees[0]).objects.select_related("role_type", "job_profile"))
    with django_assert_max_num_queries(6):
        profiles = expected_profiles_for(employees=employees, framework_version=kempen)
    assert len(profiles) == 2 * count
    assert sum(1 for profile in profiles.values() if profile) == count
