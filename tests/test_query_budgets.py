"""Every list page and list API takes the same number of queries at 10 rows as at 500, within its budget."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from frameworks.models import Framework, RatingScale
from frameworks.selectors import current_version
from frameworks.services import frameworks_load_builtin
from notifications.models import Notification
from people.models import Employee, OrgUnit
from people.services import hr_grant
from reviewcycle.models import Review, ReviewCycle
from reviewcycle.services import cycle_create, cycle_open
from tests.downloads import content

pytestmark = pytest.mark.django_db


def build(rows: int) -> dict:
    """A manager with ``rows`` reports in an open cycle, their manager above, HR for it all; bulk-made."""
    frameworks_load_builtin()
    version = current_version(framework=Framework.objects.get(slug="kempen-competenties"))
    cell = version.role_types.get(family="Dienstverlener", grade="B")
    root = OrgUnit.objects.create(name=f"Gemeente Budget {rows}", kind="organisation")
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"u{rows}-{n}", email=f"u{rows}-{n}@budget.example")
        for n in range(rows + 2)
    )
    top = Employee.objects.create(
        user=users[0], employee_number=f"B{rows}-0", name="Top", org_unit=root, role_type=cell
    )
    boss = Employee.objects.create(
        user=users[1], employee_number=f"B{rows}-1", name="Baas", org_unit=root, manager=top, role_type=cell
    )
    Employee.objects.bulk_create(
        Employee(
            user=user,
            employee_number=f"B{rows}-{n + 2}",
            name=f"Medewerker {n:04d}",
            org_unit=root,
            manager=boss,
            role_type=cell,
        )
        for n, user in enumerate(users[2:])
    )
    hr = get_user_model().objects.create(username=f"hr-budget-{rows}")
    hr_grant(user=hr, org_units=[root], actor=None)
    cycle = cycle_create(
        actor=hr,
        scope=[root],
        framework_version=version,
        rating_scale=RatingScale.objects.get(slug="vijfpuntsschaal"),
        name=f"Budget {rows}",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        planning_due=datetime.date(2026, 3, 1),
        progress_due=datetime.date(2026, 7, 1),
        self_assessment_due=datetime.date(2026, 10, 1),
        scoring_due=datetime.date(2026, 11, 1),
        appraisal_due=datetime.date(2026, 12, 1),
    )
    cycle_open(cycle=cycle, actor=hr)
    ReviewCycle.objects.bulk_create(
        ReviewCycle(
            name=f"Oud {rows}-{n}",
            framework_version=version,
            rating_scale=cycle.rating_scale,
            template_version=cycle.template_version,
            **{due: getattr(cycle, due) for due in DUE_DATES},
        )
        for n in range(rows)
    )
    for old in ReviewCycle.objects.filter(name__startswith=f"Oud {rows}-"):
        old.scope.add(root)
    Notification.objects.bulk_create(
        Notification(
            recipient=boss.user,
            kind="your_turn",
            channel="in_app",
            subject=f"Bericht {n}",
            dedupe_key=f"budget-{rows}-{n}",
        )
        for n in range(rows)
    )
    return {
        "top": top.user,
        "boss": boss.user,
        "hr": hr,
        "cycle": cycle,
        "staff": Review.objects.filter(cycle=cycle).exclude(employee=boss),
    }


DUE_DATES = ["planning_due", "progress_due", "self_assessment_due", "scoring_due", "appraisal_due"]

# (what, who asks, the state the reports' reviews are in, budget)
PAGES = [
    ("/team/", "boss", "planning", 12),
    ("/second-review/", "top", "second_review", 12),
    ("/objections/", "hr", "objection", 14),
    ("/cycles/{cycle}/reviews/?search=Medewerker&overdue=true", "hr", "planning", 18),
    ("/reports/", "hr", "planning", 14),
    ("/notifications/", "boss", "planning", 12),
    ("/", "boss", "planning", 14),
]
API = [
    ("/api/v1/reviews/?page_size=500", "hr", "planning", 8),
    ("/api/v1/reviews/?page_size=500", "boss", "scoring", 8),
    ("/api/v1/cycles/?page_size=500", "hr", "planning", 9),
    ("/api/v1/notifications/?page_size=500", "boss", "planning", 8),
    ("/api/v1/employees/?page_size=500", "hr", "planning", 8),
    # 2 of them make the header before the rows stream (reports.exports: _competency_columns; the goal
    # columns are as many as a review may have); 1 asks whether HR of part of the organisation sees all of
    # it (hr_org_units' shortcut for those who do); 1 the answers on the talk forms (with_record's prefetch).
    ("/api/v1/reviews/export/?format=csv", "hr", "final", 14),
    ("/api/v1/people/export/", "hr", "planning", 10),
]


def count_queries(rows: int, url: str, who: str, state: str, api: bool, hr_scope: str) -> tuple[int, int]:
    made = build(rows)
    made["staff"].update(state=state)
    if state == "objection":  # the register lists reviews with an objection lodged
        made["staff"].update(objected_at=made["cycle"].created_at)
    # HR of one organisation among others, or central HR of them all (the shortcut without a tree walk).
    OrgUnit.objects.get_or_create(name="Buurgemeente", kind="organisation", parent=None)
    if hr_scope == "everything":
        hr_grant(user=made["hr"], org_units=OrgUnit.objects.filter(parent=None), actor=None)
    client = APIClient() if api else Client()
    if api:
        # Read anew, as each request reads its user: what building the organisation remembered on the
        # object (HR of everything, before the neighbouring organisation existed) does not carry over.
        client.force_authenticate(get_user_model().objects.get(pk=made[who].pk))
    else:
        client.force_login(made[who])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url.format(cycle=made["cycle"].pk))
        body = content(response)  # a streamed export's rows are read (and queried) here
    assert response.status_code == 200, body[:500]
    return len(queries), len(body)


CASES = [
    pytest.param(*case, hr_scope, id=f"{case[0]}-{case[1]}" + (f"-{hr_scope}" if case[1] == "hr" else ""))
    for case in PAGES + API
    for hr_scope in (["own", "everything"] if case[1] == "hr" else ["own"])
]


@pytest.mark.parametrize(("url", "who", "state", "budget", "hr_scope"), CASES)
def test_a_list_takes_as_many_queries_at_500_rows_as_at_10(url, who, state, budget, hr_scope):
    api = url.startswith("/api/")
    small, small_size = count_queries(10, url, who, state, api, hr_scope)
    large, large_size = count_queries(500, url, who, state, api, hr_scope)  # a second organisation beside
    assert large_size > small_size  # the 500 rows are really in the answer
    assert large == small, f"{url}: {small} queries at 10 rows, {large} at 500"
    assert large <= budget, f"{url}: {large} queries, budget {budget}"
