"""The review export is a spreadsheet HR can work in (issue 16): typed cells (dates, numbers), a frozen
header row, an autofilter, fitted columns, Dutch labels for states and phases, the objection, and the
manager's ratings per competency and per goal, masked as the record masks them. CSV has the same columns."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from rest_framework.test import APIClient

from reviewcycle.models import Review
from reviewcycle.record import review_record
from reviewcycle.services import review_decide_objection, review_object
from tests.downloads import content
from tests.reviewcycle.helpers import advance
from tests.reviewcycle.test_record import build

pytestmark = pytest.mark.django_db


def _xlsx(user, query: str = ""):
    api = APIClient()
    api.force_authenticate(user)
    response = api.get(f"/api/v1/reviews/export/?format=xlsx{query}")
    assert response.status_code == 200, response.content[:300]
    return load_workbook(io.BytesIO(response.content)).active


def _csv(user, query: str = "") -> list[list[str]]:
    api = APIClient()
    api.force_authenticate(user)
    response = api.get(f"/api/v1/reviews/export/?format=csv{query}")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(content(response).decode("utf-8-sig")), delimiter=";"))


def _row_of(sheet, employee_number: str) -> dict:
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == employee_number:
            return dict(zip(header, row, strict=True))
    raise AssertionError(employee_number)


def _rejected_objection(review, org, traveller) -> Review:
    review = build("employee_response", review, org, traveller)
    review = review_object(
        review=review, actor=org.employee.user, grounds="Ik ben het oneens met het oordeel."
    )
    return review_decide_objection(
        review=review, actor=org.hr, decision="rejected", reason="Het oordeel is goed onderbouwd."
    )


def test_the_xlsx_is_a_real_spreadsheet_with_dutch_labels_objection_and_scores(review, org, traveller):
    review = _rejected_objection(review, org, traveller)
    record = review_record(review=review, user=org.hr)
    sheet = _xlsx(org.hr, f"&cycle={review.cycle_id}")

    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref
    assert sheet.auto_filter.ref.startswith("A1:")
    header = [cell.value for cell in sheet[1]]
    assert all(cell.font.b for cell in sheet[1])
    for letter in ("A", "B", "C", "H"):
        assert sheet.column_dimensions[letter].width >= 8
    name_width = sheet.column_dimensions["B"].width
    assert name_width >= len("Eva Employee")

    row = _row_of(sheet, org.employee.employee_number)
    assert row["Status"].value == "Tweede beoordeling"
    assert row["Fase"].value == "Ondertekenen en vaststellen"
    assert row["Te laat"].value in ("ja", "nee")
    # Dates are date cells shown the Dutch way, counts are numbers.
    for title in ("Planningsgesprek", "Beoordelingsgesprek", "Bedenkingen ingediend op", "Beslist op"):
        assert isinstance(row[title].value, datetime.datetime | datetime.date), title
        assert row[title].number_format == "d-m-yyyy", title
        assert row[title].data_type == "d", title
    assert row["Voortgangsgesprekken"].value == 1
    assert row["Voortgangsgesprekken"].data_type == "n"
    # The objection.
    assert row["Bedenkingen"].value == "Ik ben het oneens met het oordeel."
    assert row["Besluit over de bedenkingen"].value == "Niet overgenomen"
    assert row["Motivering van het besluit"].value == "Het oordeel is goed onderbouwd."
    # One column per competency in focus, one block per goal: the manager's ratings.
    in_focus = record.competencies_in_focus
    assert in_focus
    for item in in_focus:
        assert row[f"Competentie: {item.name}"].value == item.rating
        assert item.rating
    goals = [goal for goal in record.goals if not goal.withdrawn]
    assert goals
    for n, goal in enumerate(goals, start=1):
        assert row[f"Resultaatafspraak {n}"].value == goal.title
        assert row[f"Resultaatafspraak {n}: weging (%)"].value == goal.weight
        assert row[f"Resultaatafspraak {n}: weging (%)"].data_type == "n"
        assert row[f"Resultaatafspraak {n}: oordeel"].value == goal.rating
    assert header.index("Eindoordeel") < header.index(f"Competentie: {in_focus[0].name}")

    # CSV: the same columns, the same values.
    rows = _csv(org.hr, f"&cycle={review.cycle_id}")
    assert rows[0] == header
    [line] = [line for line in rows[1:] if line[0] == org.employee.employee_number]
    line = dict(zip(rows[0], line, strict=True))
    assert line["Status"] == "Tweede beoordeling"
    assert line[f"Competentie: {in_focus[0].name}"] == in_focus[0].rating
    assert line["Voortgangsgesprekken"] == "1"


def test_english_headers_and_labels_on_request(review, org, traveller):
    advance(review, org, "in_progress", traveller)
    sheet = _xlsx(org.hr, f"&cycle={review.cycle_id}&language=en")
    row = _row_of(sheet, org.employee.employee_number)
    assert row["State"].value == "In progress"
    assert row["Phase"].value == "Progress"


def test_scores_are_masked_as_the_record_masks_them(review, org, traveller):
    """While the manager drafts, the employee's own export has no ratings; HR's has them."""
    build("scoring", review, org, traveller)
    mine = _row_of(_xlsx(org.employee.user), org.employee.employee_number)
    hrs = _row_of(_xlsx(org.hr), org.employee.employee_number)
    competencies = [title for title in hrs if title.startswith("Competentie: ")]
    assert competencies
    assert all(hrs[title].value for title in competencies)
    assert not any(mine[title].value for title in competencies)
    # A column for each goal a review may have (reviewcycle.goals.MAX_GOALS): those of the goals it has.
    goals = review.goals.filter(status="active").count()
    goal_ratings = [f"Resultaatafspraak {n}: oordeel" for n in range(1, goals + 1)]
    assert goal_ratings
    assert all(hrs[title].value for title in goal_ratings)
    assert not any(mine[title].value for title in goal_ratings)


def _export_queries(user, query: str) -> int:
    api = APIClient()
    api.force_authenticate(user)
    with CaptureQueriesContext(connection) as queries:
        response = api.get(f"/api/v1/reviews/export/?format=xlsx{query}")
    assert response.status_code == 200
    return len(queries)


def test_the_export_takes_as_many_queries_for_many_reviews_as_for_one(review, org, traveller):
    """Scores, goals and competencies come prefetched: the count does not grow with the reviews.
    (tests/test_query_budgets.py holds the same at 10 and 500 rows of generated data.)"""
    build("scoring", review, org, traveller)
    assert Review.objects.filter(cycle=review.cycle).count() >= 5
    one = _export_queries(org.hr, f"&cycle={review.cycle_id}&state=scoring")
    every = _export_queries(org.hr, f"&cycle={review.cycle_id}")
    assert every <= one
