"""A preparation is its author's alone until the talk is recorded or the author shares it: on the page,
in the API and in the PDF alike; someone with no role in the review never reaches it."""

import pytest

from tests.reports import needs_pdftotext
from tests.reviewcycle.talk_forms.helpers import (
    EVA_SAYS,
    MAX_SAYS,
    answer,
    api,
    api_answers,
    pdf_text,
    question,
    record_planning_talk,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def prepared(review, org):
    assert (
        answer(org.employee.user, review, question(review, "planning", "employee").pk, EVA_SAYS).status_code
        == 200
    )
    assert (
        answer(org.manager.user, review, question(review, "planning", "manager").pk, MAX_SAYS).status_code
        == 200
    )
    return review


def page(client, user, review) -> str:
    client.force_login(user)
    response = client.get(f"/reviews/{review.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_before_the_talk_each_sees_only_their_own_preparation(prepared, org, client):
    assert api_answers(org.employee.user, prepared) == [EVA_SAYS]
    assert api_answers(org.manager.user, prepared) == [MAX_SAYS]
    assert api_answers(org.hr, prepared) == []
    assert EVA_SAYS not in page(client, org.manager.user, prepared)
    assert EVA_SAYS in page(client, org.employee.user, prepared)
    assert MAX_SAYS not in page(client, org.employee.user, prepared)


@needs_pdftotext
def test_the_pdf_hides_the_other_sides_preparation_before_the_talk(prepared, org):
    assert "energie van de balie" not in pdf_text(org.manager.user, prepared)
    assert "energie van de balie" in pdf_text(org.employee.user, prepared)


@needs_pdftotext
def test_once_the_talk_is_recorded_both_preparations_are_part_of_the_record(prepared, org, client):
    record_planning_talk(prepared, org)
    assert sorted(api_answers(org.manager.user, prepared)) == sorted([EVA_SAYS, MAX_SAYS])
    assert sorted(api_answers(org.hr, prepared)) == sorted([EVA_SAYS, MAX_SAYS])
    assert EVA_SAYS in page(client, org.manager.user, prepared)
    assert "energie van de balie" in pdf_text(org.manager.user, prepared)


def test_the_author_may_share_a_preparation_before_the_talk(prepared, org):
    response = api(org.employee.user).post(f"/api/v1/reviews/{prepared.pk}/talk-form/share/")
    assert response.status_code == 200, response.json()
    assert response.json()["shared"] == 1
    assert sorted(api_answers(org.manager.user, prepared)) == sorted([EVA_SAYS, MAX_SAYS])
    assert api_answers(org.employee.user, prepared) == [EVA_SAYS]  # Max did not share his


def test_a_third_party_never_reaches_the_answers(prepared, org):
    record_planning_talk(prepared, org)
    colleague = api(org.colleague.user)
    assert colleague.get(f"/api/v1/reviews/{prepared.pk}/").status_code == 404
    assert colleague.get(f"/api/v1/reviews/{prepared.pk}/talk-form/").status_code == 404
    assert colleague.get(f"/api/v1/reviews/{prepared.pk}/pdf/").status_code == 404


def test_the_talk_form_in_the_api_holds_only_the_readers_own_answers(prepared, org):
    data = api(org.manager.user).get(f"/api/v1/reviews/{prepared.pk}/talk-form/").json()
    assert (data["talk"], data["occurrence"]) == ("planning", 1)
    answers = {q["id"]: q["answer"] for q in data["questions"]}
    assert answers[question(prepared, "planning", "employee").pk] is None  # Eva's, hidden
    assert answers[question(prepared, "planning", "manager").pk] == MAX_SAYS


def test_each_answers_only_their_own_questions(prepared, org):
    employee_question = question(prepared, "planning", "employee")
    report_question = question(prepared, "planning", "report")
    assert answer(org.manager.user, prepared, employee_question.pk, "x").status_code == 403
    assert answer(org.employee.user, prepared, report_question.pk, "x").status_code == 403
    assert answer(org.hr, prepared, employee_question.pk, "x").status_code == 403


def test_a_recorded_talk_takes_no_more_answers(prepared, org):
    record_planning_talk(prepared, org)
    response = answer(org.employee.user, prepared, question(prepared, "planning", "employee").pk, "later")
    assert response.status_code == 409
    assert api_answers(org.manager.user, prepared).count(EVA_SAYS) == 1


def test_a_scale_takes_only_its_labels(prepared, org):
    from reviewcycle.talk_forms.selectors import form_for, questions_of

    scale = next(q for q in questions_of(form_for(prepared, "planning")) if q.kind == "scale")
    assert answer(org.employee.user, prepared, scale.pk, "9").status_code == 400
    assert answer(org.employee.user, prepared, scale.pk, scale.choices[3]).status_code == 200
