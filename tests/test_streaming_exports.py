"""Every CSV export streams (issue 17, "an export's first byte"): the first bytes go out after as many
queries at 60 rows as at 5, the whole file is byte for byte the file that was built in memory before,
and bad input or a missing permission is still answered before a byte of the file."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from rest_framework.test import APIClient

from people.importers import export_rows, exportable_employees
from people.models import OrgUnit
from people.selectors import hr_org_units
from reports.exports import COLUMNS, HEADERS, YES_NO, _fixed_cells
from reports.objections import objection_rows
from reviewcycle.goals import MAX_GOALS
from reviewcycle.models import CompetencyAssessment, Goal
from reviewcycle.record import review_record
from reviewcycle.selectors import objection_register, review_list, with_record
from tests.core.test_csv_stream import old_write_csv
from tests.test_query_budgets import build

pytestmark = pytest.mark.django_db


def old_review_export_rows(reviews, *, user, language="nl"):
    """``reports.exports.review_export_rows`` written plainly: every row held in memory. The header rule
    is the one of issue 17 (made before any review is read, the same cost at any size): a column per
    competency of the framework version of the reviews' cycles, in the version's order and named as
    there (in focus or not), and three columns for each of ``MAX_GOALS`` goals, the most a review may
    have. It was: the competencies in focus and as many goals as the review with most, found by reading
    every review first."""
    headers = HEADERS[language]
    rows = []
    with translation.override(language):
        for review in with_record(reviews).iterator(chunk_size=2000):
            record = review_record(review=review, user=user)
            rows.append((_fixed_cells(review, record, YES_NO[language]), record))
    cycles = sorted(
        {review.cycle for review in reviews}, key=lambda cycle: (-cycle.period_start.toordinal(), cycle.pk)
    )
    competencies = {
        competency.pk: competency.name
        for cycle in cycles
        for competency in sorted(
            cycle.framework_version.competencies.all(),
            key=lambda competency: (competency.order, competency.name),
        )
    }
    header = [headers[column] for column in COLUMNS]
    header += [headers["competency"].format(name=name) for name in competencies.values()]
    for n in range(1, MAX_GOALS + 1):
        header += [headers[key].format(n=n) for key in ("goal", "goal_weight", "goal_rating")]
    out = []
    for cells, record in rows:
        ratings = {item.competency_id: item.rating for item in record.competencies_in_focus}
        cells += [ratings.get(pk) or "" for pk in competencies]
        goals = [goal for goal in record.goals if not goal.withdrawn]
        for index in range(MAX_GOALS):
            if index < len(goals):
                cells += [goals[index].title, goals[index].weight, goals[index].rating or ""]
            else:
                cells += ["", None, ""]
        out.append(cells)
    return header, out


def varied(rows: int) -> dict:
    """``build(rows)`` with objections, and reviews that differ: a competency first in focus in a later
    review, a name changed after its first appearance, 0 to 4 goals with some withdrawn."""
    made = build(rows)
    # HR of one organisation among others, at 5 rows as at 60 (``tests/test_query_budgets.py``)
    OrgUnit.objects.get_or_create(name="Buurgemeente", kind="organisation", parent=None)
    staff = made["staff"].order_by("employee__name", "id")
    staff.update(state="objection", objected_at=made["cycle"].created_at, objection_grounds="=oneens")
    first, second = list(staff[:2])
    assessments = list(first.assessments.all())
    CompetencyAssessment.objects.filter(review=first).exclude(pk=assessments[-1].pk).update(in_focus=False)
    CompetencyAssessment.objects.filter(review=second, pk=second.assessments.all()[0].pk).update(
        name="Later hernoemd"
    )
    Goal.objects.bulk_create(
        Goal(
            review=review,
            title=f"Doel {n} van {review.pk}",
            weight=10 * n,
            order=n,
            status=Goal.Status.WITHDRAWN if (n + index) % 3 == 0 else Goal.Status.ACTIVE,
        )
        for index, review in enumerate(staff)
        for n in range(index % 5)
    )
    return made


def _streamed(url: str, user, *, api: bool = True):
    """The response and the queries until its first chunk (the request's included)."""
    client = APIClient() if api else Client()
    if api:  # a user read anew, as each request reads it (nothing remembered from building the data)
        client.force_authenticate(get_user_model().objects.get(pk=user.pk))
    else:
        client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        assert response.streaming
        content = iter(response.streaming_content)
        first = next(content)
    return response, len(queries), first + b"".join(content)


def _reviews_url(made) -> str:
    return f"/api/v1/reviews/export/?cycle={made['cycle'].pk}&format=csv"


EXPORTS = {
    "reviews": (
        _reviews_url,
        lambda made: old_review_export_rows(
            review_list(user=made["hr"]).filter(cycle=made["cycle"]), user=made["hr"]
        ),
        "beoordelingen.csv",
    ),
    "people": (
        lambda made: "/api/v1/people/export/?format=csv",
        lambda made: export_rows(exportable_employees().filter(org_unit__in=hr_org_units(user=made["hr"]))),
        "medewerkers.csv",
    ),
    "objections": (
        lambda made: "/reports/objections.csv",
        lambda made: objection_rows(objection_register(user=made["hr"])),
        "bezwaren.csv",
    ),
}


@pytest.mark.parametrize("name", EXPORTS)
def test_a_csv_export_streams_its_first_bytes_after_as_many_queries_at_60_rows_as_at_5(name):
    url, _expected, filename = EXPORTS[name]
    counts = []
    for rows in (5, 60):
        made = varied(rows)
        response, queries, content = _streamed(url(made), made["hr"], api=name != "objections")
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
        assert content.count(b"\r\n") > rows
        counts.append(queries)
    assert counts[0] == counts[1], (
        f"{name}: {counts[0]} queries to the first byte at 5 rows, {counts[1]} at 60"
    )


@pytest.mark.parametrize("name", EXPORTS)
def test_a_streamed_export_is_byte_for_byte_the_file_built_in_memory(name):
    url, expected, _filename = EXPORTS[name]
    made = varied(12)
    _response, _queries, content = _streamed(url(made), made["hr"], api=name != "objections")
    header, rows = expected(made)
    assert content == old_write_csv(header, list(rows))
    if name == "reviews":  # the data really varies: a competency column moved, goal columns
        assert b"Later hernoemd" not in content.split(b"\r\n")[0]
        assert b"Resultaatafspraak 3: oordeel" in content.split(b"\r\n")[0]


def test_the_review_export_streams_its_labels_in_the_language_asked_for():
    made = varied(5)
    _response, _queries, content = _streamed(_reviews_url(made) + "&language=en", made["hr"])
    header, rows = old_review_export_rows(
        review_list(user=made["hr"]).filter(cycle=made["cycle"]), user=made["hr"], language="en"
    )
    assert content == old_write_csv(header, rows)
    assert b'"Objection"' in content  # the state's label, made while the rows stream


@pytest.mark.parametrize(
    ("url", "who", "status"),
    [
        ("/api/v1/reviews/export/?format=pdf", "hr", 400),
        ("/api/v1/reviews/export/?format=csv&cycle=abc", "hr", 400),
        ("/api/v1/people/export/?format=csv&language=de", "hr", 400),
        ("/api/v1/people/export/?format=csv", "boss", 403),
    ],
)
def test_bad_input_and_refusals_are_answered_whole_before_any_stream(url, who, status):
    made = build(3)
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(pk=made[who].pk))
    response = client.get(url)
    assert response.status_code == status
    assert not response.streaming
    assert "detail" in response.json() or response.json()  # the API's error shape, as JSON


@pytest.mark.parametrize(("query", "who", "status"), [("?objection=nonsense", "hr", 400), ("", "boss", 403)])
def test_the_objection_register_refuses_before_any_stream(query, who, status):
    made = build(3)
    client = Client()
    client.force_login(made[who])
    response = client.get(f"/reports/objections.csv{query}")
    assert response.status_code == status
    assert not response.streaming
