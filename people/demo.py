"""The demo organisation: a small municipality of about 40 people (`manage.py load_demo`)."""

import itertools
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from frameworks.models import Framework
from frameworks.selectors import current_version, role_type_lookup
from frameworks.services import frameworks_load_builtin
from people.models import Employee, OrgUnit
from people.services import employee_create, hr_grant, org_unit_create

DEMO_PASSWORD = "gesprek2026"


def demo_password_refused(password: str | None) -> bool:
    """Whether ``password`` is the published demo password on an installation that is not in demo mode
    (``DEMO_MODE`` off): then no account opens with it, whatever its stored hash says (a demo loaded on a
    real installation, or its accounts kept after demo mode was switched off). The login page, the admin and
    the API's token endpoint answer as for a wrong password (the page 200 with its error, the API 400)."""
    from django.conf import settings

    return not settings.DEMO_MODE and password == DEMO_PASSWORD


# The roles a demo account has in the product (``demo_roles``), as the login page names them.
ROLE_LABELS = {
    "hr": _("HR"),
    "manager": _("manager"),
    "second_reviewer": _("second reviewer"),
    "employee": _("employee"),
}
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
                    Person("carla", "Carla Bakker", "Leidinggevende B", "teamleider"),
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


def demo_roles(spec=DEMO_TREE) -> dict[str, list[str]]:
    """Each demo account's roles in the product, as the cycle gives them: ``"hr"`` (the HR adviser),
    ``"manager"`` (has people reporting to them), ``"second_reviewer"`` (manages a manager: second
    reviewer of that manager's people) and ``"employee"`` (has a manager, so a review of their own).
    Read from the tree the demo is made of; the role that shapes their work first."""
    reports: dict[str, list[str]] = {}  # username → the usernames of their direct reports
    has_manager: set[str] = set()

    def walk(unit, boss: str | None) -> None:
        _name, _kind, head, staff, sub_units = unit
        if boss is not None:
            reports.setdefault(boss, []).append(head.username)
            has_manager.add(head.username)
        for person in staff:
            reports.setdefault(head.username, []).append(person.username)
            has_manager.add(person.username)
        for sub_unit in sub_units:
            walk(sub_unit, head.username)

    walk(spec, None)
    roles = {}
    for person, _unit in walk_demo_tree(spec):
        mine = reports.get(person.username, [])
        roles[person.username] = [
            role
            for role, held in (
                ("hr", person.username == HR_USERNAME),
                ("manager", bool(mine)),
                ("second_reviewer", any(reports.get(report) for report in mine)),
                ("employee", person.username in has_manager),
            )
            if held
        ]
    return roles


def demo_role_text(username: str, roles: dict[str, list[str]]) -> str:
    """The product roles of one demo account in words, in the active language:
    "Leidinggevende, tweede beoordelaar, medewerker". Empty for an account that is not in the tree."""
    return capfirst(", ".join(str(ROLE_LABELS[role]) for role in roles.get(username, [])))


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
