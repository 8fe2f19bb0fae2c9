"""No page or API answer grows with the organisation (issue 17): every main page, as every role, takes
the same number of queries and about the same bytes in an organisation of 250 people as in one of 600.
Lists are paged (50 rows a page; the dashboard lists at most 100 overdue reviews and 50 managers, which
the smaller organisation fills too, and one level of the unit tree at a time), choices among many are
search fields. The people measured have the same team at both sizes; the rest of the organisation grows
in teams and managers under a fixed number of directorates, as organisations grow."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from frameworks.models import Framework, RatingScale
from frameworks.selectors import current_version
from frameworks.services import frameworks_load_builtin
from people.models import Employee, OrgUnit
from people.services import hr_grant
from reviewcycle.models import Review
from reviewcycle.services import cycle_create, cycle_open
from tests.reviewcycle.fixtures import cycle_fields

pytestmark = pytest.mark.django_db

SMALL, LARGE = 250, 600
DIRECTORATES = 4  # at both sizes: the teams within them grow
TEAM = 5  # the measured manager's reports, at both sizes
TEAM_SIZE = 4  # every other team: a lead and three members


def build(prefix: str, size: int) -> dict:
    """An organisation of ``size`` people (bulk-made): top → boss → mgr → ``TEAM`` reports (the first one
    is "employee"), and ``DIRECTORATES`` directorates whose directors report to top, holding teams of
    ``TEAM_SIZE`` (a lead reporting to the director) with everyone else."""
    frameworks_load_builtin()
    version = current_version(framework=Framework.objects.get(slug="kempen-competenties"))
    cell = version.role_types.get(family="Dienstverlener", grade="B")
    root = OrgUnit.objects.create(name=f"Gemeente {prefix}", kind="organisation")
    team_unit = OrgUnit.objects.create(name=f"Team {prefix}", parent=root)
    directorates = [
        OrgUnit.objects.create(name=f"Directie {prefix}{k}", parent=root) for k in range(DIRECTORATES)
    ]
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"{prefix}{n:05d}", email=f"{prefix}{n:05d}@size.example")
        for n in range(size)
    )
    numbered = iter(enumerate(users))

    def person(name, unit, manager):
        n, user = next(numbered)
        return Employee(
            user=user,
            employee_number=f"{prefix}{n:05d}",
            name=name,
            org_unit=unit,
            manager=manager,
            role_type=cell,
        )

    top = person("Directeur", root, None)
    top.save()
    boss = person("Afdelingshoofd", root, top)
    boss.save()
    mgr = person("Teamleider", team_unit, boss)
    mgr.save()
    Employee.objects.bulk_create(person(f"Teamlid {k}", team_unit, mgr) for k in range(TEAM))
    directors = [person(f"Directeur {k}", unit, top) for k, unit in enumerate(directorates)]
    Employee.objects.bulk_create(directors)
    rest = size - 3 - TEAM - DIRECTORATES
    for t in range(rest // TEAM_SIZE):
        unit = OrgUnit.objects.create(name=f"Team {prefix}{t:04d}", parent=directorates[t % DIRECTORATES])
        lead = person(f"Hoofd {t:04d}", unit, directors[t % DIRECTORATES])
        lead.save()
        Employee.objects.bulk_create(
            person(f"Medewerker {t:04d}-{k}", unit, lead) for k in range(TEAM_SIZE - 1)
        )
    Employee.objects.bulk_create(
        person(f"Medewerker {k:05d}", directorates[0], directors[0]) for k in range(rest % TEAM_SIZE)
    )
    hr = get_user_model().objects.create(username=f"hr-{prefix}")
    hr_grant(user=hr, org_units=[root], actor=None)
    cycle = cycle_create(
        actor=hr,
        scope=[root],
        framework_version=version,
        rating_scale=RatingScale.objects.get(slug="vijfpuntsschaal"),
        **cycle_fields(name=f"Cyclus {prefix}"),
    )
    cycle_open(cycle=cycle, actor=hr)
    review = Review.objects.get(cycle=cycle, employee__name="Teamlid 0", employee__org_unit=team_unit)
    assert Employee.objects.filter(user__in=users).count() == size
    return {
        "employee": review.employee.user,
        "manager": mgr.user,
        "second reviewer": boss.user,
        "director": top.user,
        "hr": hr,
        "review": review.pk,
        "cycle": cycle.pk,
    }


# (who, what): every main page and API answer of each role.
PAGES = [
    ("employee", "/"),
    ("employee", "/reviews/{review}/"),
    ("employee", "/reviews/{review}/plan/"),
    ("employee", "/notifications/"),
    ("manager", "/"),
    ("manager", "/team/"),
    ("manager", "/reviews/{review}/"),
    ("manager", "/reviews/{review}/plan/"),
    ("second reviewer", "/second-review/"),
    ("second reviewer", "/reviews/{review}/"),
    ("director", "/second-review/"),
    ("hr", "/"),
    ("hr", "/reviews/{review}/"),
    ("hr", "/cycles/{cycle}/reviews/"),
    ("hr", "/cycles/{cycle}/reviews/?search=Medewerker"),
    ("hr", "/reports/"),
    ("hr", "/reports/cycles/{cycle}/"),
    ("hr", "/reports/cycles/{cycle}/dashboard.pdf"),
    ("hr", "/objections/"),
    ("hr", "/cycles/new/"),
    ("hr", "/api/v1/reviews/{review}/"),
    ("hr", "/api/v1/reviews/?cycle={cycle}"),
    ("hr", "/api/v1/cycles/{cycle}/progress/"),
    ("hr", "/api/v1/people/?search=Medewerker"),
    ("hr", "/api/v1/org-units/"),
    ("manager", "/api/v1/reviews/{review}/"),
    ("employee", "/api/v1/reviews/{review}/"),
]


def measure(made: dict, who: str, url: str) -> tuple[int, int]:
    address = url.format(review=made["review"], cycle=made["cycle"])
    if address.startswith("/api/"):
        client = APIClient()
        # A user read anew, as each request reads it: what one request remembers on the user object (its
        # HR scope, say, from when the other organisation did not exist yet) does not carry over.
        client.force_authenticate(get_user_model().objects.get(pk=made[who].pk))
    else:
        client = Client()
        client.force_login(made[who])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200, (address, response.status_code)
    return len(queries), len(response.content)


def test_every_main_page_costs_the_same_at_250_and_at_600_people():
    small, large = build("A", SMALL), build("B", LARGE)
    grew = []
    for who, url in PAGES:
        small_queries, small_bytes = measure(small, who, url)
        large_queries, large_bytes = measure(large, who, url)
        # Ids with more digits and numbers in the charts (a PDF compresses them differently) stay within
        # 5%; anything listed per person of 450 more would not.
        if large_queries != small_queries or large_bytes > small_bytes * 1.05 + 400:
            grew.append(
                f"{who} {url}: {small_queries} → {large_queries} queries, {small_bytes} → {large_bytes} B"
            )
    assert not grew, "\n".join(grew)
