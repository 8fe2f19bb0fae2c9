"""The demo organisation: a small municipality of about 40 people (`manage.py load_demo`)."""

import itertools
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from frameworks.models import Framework
from frameworks.selectors import current_version, role_type_lookup
from frameworks.services import frameworks_load_builtin
from people.models import Employee, OrgUnit
from people.services import employee_create, hr_grant, org_unit_create

DEMO_PASSWORD = "gesprek2026"
HR_USERNAME = "hanneke"
ADMIN_USERNAME = "admin"
ORGANISATION = "Gemeente Voorbeeld"
DEMO_FRAMEWORK = "kempen-competenties"


@dataclass
class Person:
    username: str
    name: str
    role: str
    note: str = ""


def team(*people: tuple[str, str, str]) -> list[Person]:
    return [Person(username, name, role) for username, name, role in people]


# (unit name, kind, head of the unit, staff, sub-units); the head manages the staff and
# the heads of the sub-units, and reports to the head of the parent unit.
DEMO_TREE = (
    ORGANISATION,
    OrgUnit.Kind.ORGANISATION,
    Person("anna", "Anna de Vries", "Directeur A", "gemeentesecretaris"),
    [],
    [
        (
            "Dienstverlening",
            OrgUnit.Kind.DIRECTORATE,
            Person("bram", "Bram Jansen", "Directeur B", "directeur"),
            [],
            [
                (
                    "Burgerzaken",
                    OrgUnit.Kind.DEPARTMENT,
                    Person("carla", "Carla Bakker", "Leidinggevende B", "manager"),
                    team(
                        ("sanne", "Sanne Willems", "Dienstverlener B"),
                        ("tim", "Tim van Dijk", "Dienstverlener C"),
                        ("fatma", "Fatma Yılmaz", "Dienstverlener D"),
                        ("joost", "Joost Hendriks", "Ondersteuner C"),
                        ("lotte", "Lotte Peters", "Dienstverlener C"),
                        ("mohammed", "Mohammed El Amrani", "Ondersteuner B"),
                    ),
                    [],
                ),
                (
                    "Klantcontactcentrum",
                    OrgUnit.Kind.DEPARTMENT,
                    Person("daan", "Daan Visser", "Leidinggevende C"),
                    team(
                        ("noor", "Noor de Graaf", "Dienstverlener D"),
                        ("ruben", "Ruben Bos", "Dienstverlener B"),
                        ("iris", "Iris Kok", "Ondersteuner D"),
                        ("sven", "Sven Meijer", "Dienstverlener A"),
                        ("zoe", "Zoë Dekker", "Ondersteuner A"),
                    ),
                    [],
                ),
            ],
        ),
        (
            "Ruimte",
            OrgUnit.Kind.DIRECTORATE,
            Person("eva", "Eva Smit", "Directeur B"),
            [],
            [
                (
                    "Openbare Ruimte",
                    OrgUnit.Kind.DEPARTMENT,
                    Person("frank", "Frank Mulder", "Leidinggevende A"),
                    team(
                        ("gerrit", "Gerrit Brouwer", "Uitvoerder A"),
                        ("henk", "Henk de Boer", "Uitvoerder B"),
                        ("kevin", "Kevin Vos", "Uitvoerder C"),
                        ("marieke", "Marieke Dijkstra", "Specialist B"),
                        ("pieter", "Pieter Jacobs", "Uitvoerder B"),
                    ),
                    [],
                ),
                (
                    "Vergunningen",
                    OrgUnit.Kind.DEPARTMENT,
                    Person("gina", "Gina Vermeulen", "Leidinggevende B"),
                    team(
                        ("hugo", "Hugo van den Berg", "Specialist A"),
                        ("julia", "Julia Maas", "Adviseur B"),
                        ("koen", "Koen Verhoeven", "Adviseur A"),
                        ("linda", "Linda Schouten", "Dienstverlener B"),
                    ),
                    [],
                ),
            ],
        ),
        (
            "Bedrijfsvoering",
            OrgUnit.Kind.DIRECTORATE,
            Person("harm", "Harm Koster", "Directeur B"),
            [],
            [
                (
                    "Personeel en Organisatie",
                    OrgUnit.Kind.DEPARTMENT,
                    Person("ingrid", "Ingrid Prins", "Leidinggevende B"),
                    [
                        Person(
                            "hanneke",
                            "Hanneke Wouters",
                            "Adviseur A",
                            "HR-adviseur (HR voor de hele gemeente)",
                        ),
                        *team(
                            ("maarten", "Maarten Post", "Adviseur B"),
                            ("nadia", "Nadia Bouzid", "Ondersteuner B"),
                        ),
                    ],
                    [],
                ),
                (
                    "Financiën",
                    OrgUnit.Kind.DEPARTMENT,
                    Person("jeroen", "Jeroen Kuipers", "Leidinggevende C"),
                    team(
                        ("olga", "Olga Smits", "Specialist B"),
                        ("paul", "Paul van Leeuwen", "Specialist A"),
                        ("quinten", "Quinten Hoekstra", "Ondersteuner A"),
                    ),
                    [],
                ),
                (
                    "Informatievoorziening",
                    OrgUnit.Kind.DEPARTMENT,
                    Person("karin", "Karin Sanders", "Leidinggevende B"),
                    team(
                        ("rik", "Rik Huisman", "Specialist A"),
                        ("sophie", "Sophie Boersma", "Specialist B"),
                        ("thijs", "Thijs Kramer", "Ondersteuner B"),
                    ),
                    [],
                ),
            ],
        ),
    ],
)


def walk_demo_tree(spec=DEMO_TREE):
    """Every demo person with the name of their unit, top-down."""
    unit_name, _kind, head, staff, sub_units = spec
    for person in (head, *staff):
        yield person, unit_name
    for sub_spec in sub_units:
        yield from walk_demo_tree(sub_spec)


def _create_unit(spec, parent: OrgUnit | None, manager: Employee | None, numbers, cells) -> None:
    name, kind, head, staff, sub_units = spec
    unit = org_unit_create(name=name, kind=kind, parent=parent)

    def add(person: Person, boss: Employee | None) -> Employee:
        return employee_create(
            role_type=cells[person.role.casefold()],
            employee_number=str(next(numbers)),
            username=person.username,
            name=person.name,
            email=f"{person.username}@voorbeeld.example",
            org_unit=unit,
            manager=boss,
            password=DEMO_PASSWORD,
        )

    head_employee = add(head, manager)
    for person in staff:
        add(person, head_employee)
    for sub_spec in sub_units:
        _create_unit(sub_spec, unit, head_employee, numbers, cells)


@transaction.atomic
def load_demo_organisation() -> bool:
    """Create the demo organisation once; returns False (changing nothing) when it exists."""
    if OrgUnit.objects.filter(name=ORGANISATION, parent=None).exists():
        return False
    frameworks_load_builtin()
    kempen = current_version(framework=Framework.objects.get(slug=DEMO_FRAMEWORK))
    _create_unit(DEMO_TREE, None, None, itertools.count(1001), role_type_lookup(version=kempen))
    root = OrgUnit.objects.get(name=ORGANISATION, parent=None)
    hr_user = get_user_model().objects.get(username=HR_USERNAME)
    hr_user.is_staff = True
    hr_user.save(update_fields=["is_staff"])
    hr_grant(user=hr_user, org_units=[root], actor=None)
    get_user_model().objects.create_superuser(
        username=ADMIN_USERNAME, email="admin@voorbeeld.example", password=DEMO_PASSWORD
    )
    return True
