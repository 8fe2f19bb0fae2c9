"""Who may read what: every page and API endpoint × eight callers → the status they get, from one table.

Eva's review (manager Max, second reviewer Dora, HR Hans for the whole organisation) is the object;
Otto is an employee elsewhere, Olaf another manager, Hilde HR of another organisation. A 404 where the
caller has no role means the object's existence does not leak. List endpoints are checked row by row:
nobody ever receives a review they may not open. Changes (the transitions) have their own table in
tests/reviewcycle/test_permissions.py; here every endpoint that changes something is refused to
anyone without a role (POST with an empty body: 4xx before anything is stored).
"""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from reviewcycle.models import Review
from tests.downloads import content

pytestmark = pytest.mark.django_db

CALLERS = ["anonymous", "employee", "other_employee", "manager", "other_manager", "second", "hr", "hr_other"]
ROLE_OF = {
    "employee": "employee",
    "other_employee": "other_employee",
    "manager": "manager",
    "other_manager": "other_manager",
    "second": "director",
    "hr": "hr",
    "hr_other": "hr_elsewhere",
}

# One column per caller, in the order of CALLERS. 302 for anonymous pages: to the login page.
REVIEW_READERS = (302, 200, 404, 200, 404, 200, 200, 404)
EVERYONE = (302, 200, 200, 200, 200, 200, 200, 200)
HR_ONLY_PAGE = (302, 403, 403, 403, 403, 403, 200, 200)
PAGES = {
    "/": EVERYONE,
    "/team/": EVERYONE,
    "/second-review/": EVERYONE,
    "/notifications/": EVERYONE,
    "/reviews/{review}/": REVIEW_READERS,
    "/reviews/{review}/pdf/": REVIEW_READERS,
    # The plan can be changed by the employee and the manager in planning; others are sent back.
    "/reviews/{review}/plan/": (302, 200, 404, 200, 404, 302, 302, 404),
    "/reviews/{review}/self-assessment/": (302, 302, 404, 302, 404, 302, 302, 404),
    "/reviews/{review}/scoring/": (302, 302, 404, 302, 404, 302, 302, 404),
    "/reports/": HR_ONLY_PAGE,
    "/cycles/new/": HR_ONLY_PAGE,
    "/objections/": HR_ONLY_PAGE,
    "/people/import/": HR_ONLY_PAGE,
    # A cycle's dashboard: HR of its scope. Others who know the cycle (they have a review in it) get 403.
    "/reports/cycles/{cycle}/": (302, 403, 403, 403, 403, 403, 200, 404),
    "/reports/cycles/{cycle}/dashboard.pdf": (302, 403, 403, 403, 403, 403, 200, 404),
    "/cycles/{cycle}/opening/": (302, 403, 403, 403, 403, 403, 200, 404),
    # Opening, changing and deleting a cycle: HR of its scope; the open cycle sends HR back to its dashboard.
    "/cycles/{cycle}/open/": (302, 403, 403, 403, 403, 403, 302, 404),
    "/cycles/{cycle}/edit/": (302, 403, 403, 403, 403, 403, 302, 404),
    "/cycles/{cycle}/delete/": (302, 403, 403, 403, 403, 403, 302, 404),
}

API_REVIEW_READERS = (401, 200, 404, 200, 404, 200, 200, 404)
API_EVERYONE = (401, 200, 200, 200, 200, 200, 200, 200)
API = {
    "/api/v1/reviews/": API_EVERYONE,
    "/api/v1/reviews/{review}/": API_REVIEW_READERS,
    "/api/v1/reviews/{review}/pdf/": API_REVIEW_READERS,
    "/api/v1/reviews/{review}/talks/": API_REVIEW_READERS,
    "/api/v1/reviews/{review}/informants/": API_REVIEW_READERS,
    "/api/v1/informant-requests/": API_EVERYONE,  # each their own requests to answer
    "/api/v1/cycles/": API_EVERYONE,
    # Everyone with a review in the cycle sees the cycle itself; HR of another organisation does not.
    "/api/v1/cycles/{cycle}/": (401, 200, 200, 200, 200, 200, 200, 404),
    "/api/v1/cycles/{cycle}/progress/": (401, 200, 200, 200, 200, 200, 200, 404),
    "/api/v1/cycles/{cycle}/dashboard/": (401, 403, 403, 403, 403, 403, 200, 404),
    "/api/v1/cycles/{cycle}/payroll/?format=csv": (401, 403, 403, 403, 403, 403, 200, 404),
    "/api/v1/cycles/{cycle}/talk-reports/?format=csv": (401, 403, 403, 403, 403, 403, 200, 404),
    "/api/v1/cycles/{cycle}/opening/": (401, 403, 403, 403, 403, 403, 200, 404),
    "/api/v1/cycles/{cycle}/open/": (401, 403, 403, 403, 403, 403, 200, 404),
    "/api/v1/notifications/": API_EVERYONE,
    "/api/v1/frameworks/": API_EVERYONE,
    "/api/v1/framework-versions/": API_EVERYONE,
    "/api/v1/rating-scales/": API_EVERYONE,
    "/api/v1/org-units/tree/": API_EVERYONE,  # HR their scope's units, anyone else their own unit
    "/api/v1/employees/": (401, 403, 403, 403, 403, 403, 200, 200),  # HR elsewhere: their (other) people
    "/api/v1/employees/{employee}/": (401, 403, 403, 403, 403, 403, 200, 404),
    "/api/v1/people/export/": (401, 403, 403, 403, 403, 403, 200, 200),
    "/api/v1/people/{employee}/personal-data/": (401, 404, 404, 404, 404, 404, 200, 404),
    "/api/v1/reviews/export/?format=csv": (401, 200, 200, 200, 200, 200, 200, 200),
}

# Changes: anyone without a role in Eva's review is refused, and nothing is stored.
CHANGES = [
    "/api/v1/reviews/{review}/goals/",
    "/api/v1/reviews/{review}/development-actions/",
    "/api/v1/reviews/{review}/talks/",
    "/api/v1/reviews/{review}/informants/",
    "/api/v1/reviews/{review}/reassign/",
    "/api/v1/reviews/{review}/second-reviewer/",
    "/api/v1/reviews/{review}/rebaseline/",
    "/api/v1/reviews/{review}/record-planning-talk/",
    "/api/v1/reviews/{review}/cancel/",
    "/api/v1/cycles/{cycle}/close/",
    "/api/v1/cycles/{cycle}/open/",
    "/api/v1/cycles/{cycle}/copy/",
]


def _caller(org, name):
    if name == "anonymous":
        return None
    person = getattr(org, ROLE_OF[name])
    return getattr(person, "user", person)


def _urls(table, review, org):
    for template, statuses in table.items():
        url = template.format(review=review.pk, cycle=review.cycle_id, employee=org.employee.pk)
        yield url, dict(zip(CALLERS, statuses, strict=True))


def test_every_page_answers_each_caller_as_the_table_says(review, org):
    wrong = []
    for url, expected in _urls(PAGES, review, org):
        for name, status in expected.items():
            client = Client()
            user = _caller(org, name)
            if user is not None:
                client.force_login(user)
            got = client.get(url).status_code
            if got != status:
                wrong.append(f"{name:>14} GET {url}: {got}, expected {status}")
    assert not wrong, "\n".join(wrong)


def test_every_api_endpoint_answers_each_caller_as_the_table_says(review, org):
    wrong = []
    for url, expected in _urls(API, review, org):
        for name, status in expected.items():
            client = APIClient()
            user = _caller(org, name)
            if user is not None:
                client.force_authenticate(user)
            got = client.get(url).status_code
            if got != status:
                wrong.append(f"{name:>14} GET {url}: {got}, expected {status}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("name", CALLERS[1:])
def test_lists_never_hold_a_review_the_caller_cannot_open(review, org, name):
    client = APIClient()
    client.force_authenticate(_caller(org, name))
    listed = {row["id"] for row in client.get("/api/v1/reviews/?page_size=500").json()["results"]}
    openable = {
        other.pk
        for other in Review.objects.all()
        if client.get(f"/api/v1/reviews/{other.pk}/").status_code == 200
    }
    assert listed == openable
    assert (review.pk in listed) == (name in {"employee", "manager", "second", "hr"})
    exported = content(client.get("/api/v1/reviews/export/?format=csv")).decode()
    for other in Review.objects.exclude(pk__in=openable).select_related("employee"):
        assert other.employee.employee_number not in exported


@pytest.mark.parametrize("name", ["anonymous", "other_employee", "other_manager", "hr_other"])
def test_changes_are_refused_to_anyone_without_a_role_and_store_nothing(review, org, name):
    from reviewcycle.models import ReviewEvent

    before = (ReviewEvent.objects.count(), Review.objects.get(pk=review.pk).updated_at)
    client = APIClient()
    user = _caller(org, name)
    if user is not None:
        client.force_authenticate(user)
    for template in CHANGES:
        url = template.format(review=review.pk, cycle=review.cycle_id)
        status = client.post(url, {}, format="json").status_code
        assert status in ((401,) if user is None else (403, 404)), (name, url, status)
    assert (ReviewEvent.objects.count(), Review.objects.get(pk=review.pk).updated_at) == before


@pytest.mark.parametrize(
    ("name", "status"),
    [("employee", 403), ("manager", 403), ("second", 403), ("hr_other", 404), ("hr", 202)],
)
def test_a_bulk_pdf_export_of_a_unit_is_for_its_hr_only(review, org, name, status):
    from reports.models import ReviewFormExport

    client = APIClient()
    client.force_authenticate(_caller(org, name))
    response = client.post(
        "/api/v1/exports/", {"cycle": review.cycle_id, "org_unit": org.root.pk}, format="json"
    )
    assert response.status_code == status, response.content
    assert ReviewFormExport.objects.exists() == (status == 202)
