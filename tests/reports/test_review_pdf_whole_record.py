"""The PDFs go into the personnel file: they hold the whole record the review page shows, for the
reader the record selector names, with Dutch dates (never ISO or numeric).

- the appraisal: every return to the manager with its reason, the objection with its grounds, term
  and HR's decision with reasons, the employee's signature and written response, the proposed and
  the chosen overall rating with the reason for the difference;
- the plan: the weights as signed beside the current ones once they changed after signing, with the
  change in words;
- every form and the printable dashboard: dates as "12 juni 2026".
"""

import datetime
import re

import pytest
from django.utils import translation

from people.models import Employee
from reports.dashboard import cycle_dashboard
from reports.dashboard_pdf import render_dashboard_pdf
from reports.pdf import render_review_form
from reviewcycle.models import Review
from reviewcycle.record import review_form
from reviewcycle.services import (
    review_decide_objection,
    review_object,
    review_record_appraisal_talk,
    review_record_progress_talk,
    review_return_to_manager,
    review_sign,
    review_submit_scores,
)
from tests.reports import needs_pdftotext
from tests.reports.test_review_pdf import flat, pdf_text
from tests.reviewcycle.helpers import advance, fully_mark

pytestmark = [pytest.mark.django_db, needs_pdftotext]

# Dates as a machine writes them: ISO, Dutch numeric (d-m-Y) and English numeric (m/d/Y).
NUMERIC_DATES = (
    re.compile(r"\d{4}-\d{2}-\d{2}"),
    re.compile(r"\b\d{1,2}-\d{1,2}-\d{4}"),
    re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}"),
)

OVERRIDE = "Uitzonderlijk jaar: de balie draaide maandenlang met de helft van de bezetting."
GROUNDS = "De beoordeling van de wachttijd houdt geen rekening met de onderbezetting."
DECISION_REASONS = "De scores zijn onderbouwd met voorbeelden uit het hele jaar."
FIRST_RETURN = "De weging van de doelen klopt niet met het plan."
SECOND_RETURN = "De toelichting bij het tweede doel ontbreekt nog."
RESPONSE = "Ik teken voor gezien; over de toelichting wil ik nog praten."


def at(traveller, day: datetime.date) -> None:
    traveller.move_to(datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=datetime.UTC))


def submit(review: Review, org) -> Review:
    """The manager scores everything 3 and chooses 4 overall, above the proposal, saying why."""
    fully_mark(review, org.manager.user)
    return review_submit_scores(
        review=Review.objects.get(pk=review.pk),
        actor=org.manager.user,
        overall_rating=4,
        override_reason=OVERRIDE,
    )


@pytest.fixture
def contested(review, org, traveller):
    """Eva's appraisal (Dutch): objected to and the objection rejected by HR, returned to the manager,
    scored again, signed as seen with a written response, and returned a second time."""
    Employee.objects.update(preferred_language="nl")
    manager, employee, second = org.manager.user, org.employee.user, org.director.user
    review = advance(review, org, "scoring", traveller)
    review = submit(review, org)
    at(traveller, datetime.date(2026, 11, 10))
    review = review_record_appraisal_talk(
        review=review, actor=manager, talk_date=datetime.date(2026, 11, 10), summary="Goed jaar."
    )
    at(traveller, datetime.date(2026, 11, 12))
    review = review_object(review=review, actor=employee, grounds=GROUNDS)
    at(traveller, datetime.date(2026, 11, 16))
    review = review_decide_objection(
        review=review, actor=org.hr, decision="rejected", reason=DECISION_REASONS
    )
    at(traveller, datetime.date(2026, 11, 18))
    review = review_return_to_manager(review=review, actor=second, reason=FIRST_RETURN)
    at(traveller, datetime.date(2026, 11, 19))
    review = submit(review, org)
    review = review_record_appraisal_talk(
        review=review, actor=manager, talk_date=datetime.date(2026, 11, 19), summary="Tweede gesprek."
    )
    at(traveller, datetime.date(2026, 11, 20))
    review = review_sign(review=review, actor=employee, signature="seen", response=RESPONSE)
    at(traveller, datetime.date(2026, 11, 23))
    review = review_return_to_manager(review=review, actor=second, reason=SECOND_RETURN)
    return Review.objects.get(pk=review.pk)


def appraisal_text(review: Review, user) -> str:
    return flat(pdf_text(render_review_form(review_form(user=user, pk=review.pk, kind="appraisal"))))


def test_the_appraisal_pdf_holds_every_return_the_objection_and_hrs_decision(contested, org):
    text = appraisal_text(contested, org.hr)

    # Every return to the manager, in the words of the page, with its reason.
    assert "Teruggestuurd naar de leidinggevende door Dora Directeur op 18 november 2026." in text
    assert FIRST_RETURN in text
    assert "Teruggestuurd naar de leidinggevende door Dora Directeur op 23 november 2026." in text
    assert SECOND_RETURN in text
    # The objection: who and when, its grounds, HR's decision and reasons.
    assert "Bedenkingen ingediend door Eva Employee op 12 november 2026." in text
    assert GROUNDS in text
    assert "Over de bedenkingen beslist door" in text
    assert "op 16 november 2026: niet overgenomen." in text
    assert DECISION_REASONS in text
    # The employee's signature (voor gezien), its date, the term and the written response.
    # (signed in the second round, which the second return closed: under the earlier rounds)
    assert "De medewerker: Voor gezien ondertekend op 20 november 2026." in text
    assert "Rejected" not in text
    assert RESPONSE in text
    # (the response term belongs to the current round, which the manager is scoring again: none yet)
    # The proposed overall rating beside the chosen one, with the reason for the difference.
    assert "Voorgesteld eindoordeel" in text
    assert OVERRIDE in text


def test_the_employee_does_not_read_the_returns_while_the_manager_scores_again(contested, org):
    """Masking as the record selector gives it: returns travel with the manager's scores."""
    text = appraisal_text(contested, org.employee.user)
    assert FIRST_RETURN not in text
    assert SECOND_RETURN not in text
    assert OVERRIDE not in text
    assert GROUNDS in text
    assert DECISION_REASONS in text
    assert RESPONSE in text


def test_the_plan_pdf_shows_the_signed_weight_beside_the_current_one_after_a_change(review, org, traveller):
    Employee.objects.update(preferred_language="nl")
    review = advance(review, org, "in_progress", traveller)
    unchanged = flat(pdf_text(render_review_form(review_form(user=org.hr, pk=review.pk, kind="planning"))))
    assert "Wachttijd balie onder 10 minuten (weging 60%" in unchanged
    assert "bij ondertekening" not in unchanged

    first, second = review.goals.order_by("order", "id")
    at(traveller, datetime.date(2026, 6, 12))
    review_record_progress_talk(
        review=review,
        actor=org.manager.user,
        talk_date=datetime.date(2026, 6, 10),
        notes="Bijgesteld.",
        goal_changes=[
            {"id": first.pk, "weight": 50},
            {"id": second.pk, "weight": 50, "title": "Digitale afspraken voor alle balies"},
        ],
    )
    text = flat(pdf_text(render_review_form(review_form(user=org.hr, pk=review.pk, kind="planning"))))
    assert "Wachttijd balie onder 10 minuten (weging 50%, 60% toen het plan werd ondertekend" in text
    assert "Digitale afspraken voor alle balies (weging 50%, 40% toen het plan werd ondertekend" in text
    assert "Gewijzigd nadat het plan is ondertekend" in text
    assert "Weging gewijzigd van 60% in 50% door Max Manager op 12 juni 2026." in text
    assert (
        "Resultaatafspraak gewijzigd van “Digitale afspraken invoeren” in “Digitale afspraken voor alle balies” "
        "door Max Manager op 12 juni 2026." in text
    )


def numeric_dates(text: str) -> list[str]:
    return [match.group() for pattern in NUMERIC_DATES for match in pattern.finditer(text)]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_pdf_writes_a_date_as_numbers(contested, org, cycle, language):
    Employee.objects.update(preferred_language=language)
    for kind in ("planning", "progress", "appraisal"):
        text = pdf_text(render_review_form(review_form(user=org.hr, pk=contested.pk, kind=kind)))
        assert numeric_dates(text) == [], kind
        assert "2026" in text  # the dates are there, in words
    Review.objects.filter(pk=contested.pk).update(due_date=datetime.date(2026, 11, 1))  # one overdue
    with translation.override(language):
        dashboard = render_dashboard_pdf(cycle_dashboard(cycle=cycle, user=org.hr))
    text = pdf_text(dashboard)
    assert numeric_dates(text) == []
    month = "november" if language == "nl" else "November"
    assert f"1 {month} 2026" in text  # the overdue review's due date


def test_the_weight_as_signed_is_the_one_before_the_first_change_after_signing():
    from reviewcycle.record import GoalChangeRecord, GoalRecord

    signed = datetime.datetime(2026, 1, 15, 10, 0, tzinfo=datetime.UTC)

    def change(day: int, old: int, new: int) -> GoalChangeRecord:
        moment = datetime.datetime(2026, 6, day, 9, 0, tzinfo=datetime.UTC)
        return GoalChangeRecord(moment, "Max Manager", {"weight": [old, new]})

    def goal(weight, *changes) -> GoalRecord:
        return GoalRecord(1, "Doel", "", "", weight, None, "active", None, "", "", None, "", tuple(changes))

    twice = goal(30, change(10, 60, 50), change(20, 50, 30))
    assert twice.weight_at(signed) == 60
    assert [c.changed_at.day for c in twice.changes_since(signed)] == [10, 20]
    assert twice.weight_at(datetime.datetime(2026, 6, 15, tzinfo=datetime.UTC)) == 50
    assert goal(60).weight_at(signed) == 60  # unchanged: the weight it has now
    assert goal(50, change(10, 60, 50)).weight_at(None) == 50  # never signed: nothing is "since"


def test_the_appraisal_pdf_names_the_term_for_a_response_or_an_objection(review, org, traveller):
    Employee.objects.update(preferred_language="nl")
    review = advance(review, org, "employee_response", traveller)
    text = appraisal_text(review, org.employee.user)
    assert re.search(r"[Tt]ermijn voor een reactie of bedenkingen: \d{1,2} (november|december) 2026", text), (
        text[-1500:]
    )
