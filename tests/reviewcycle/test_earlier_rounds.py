"""Every earlier round of the appraisal is kept: when the second reviewer returns it, HR upholds an
objection or HR reopens it, the manager scores again, and what the first round held (ratings,
justifications, indicator marks, the overall rating, the talk's summary, the employee's signature or
objection) stays readable, with how the round ended, for each role as far as the record allows."""

import datetime

import pytest
from django.test import Client

from reports.pdf import render_review_form
from reviewcycle.models import ClosedRound, Review
from reviewcycle.record import earlier_rounds, review_form, review_record
from reviewcycle.services import (
    assessment_score,
    goal_score,
    review_decide_objection,
    review_finalise,
    review_object,
    review_reopen,
    review_return_to_manager,
    review_submit_scores,
)
from tests.reports import needs_pdftotext
from tests.reports.test_review_pdf import flat, pdf_text
from tests.reviewcycle.helpers import advance
from tests.reviewcycle.test_record_page import page, rename, visible_text

pytestmark = pytest.mark.django_db

FIRST = "Eerste ronde: samenwerking met voorbeelden uit het afgelopen jaar"
FIRST_GOAL = "Eerste ronde: doel behaald met voorbeelden uit het afgelopen jaar"
SECOND = "Tweede ronde: samenwerking opnieuw bekeken met de tweede beoordelaar"
OVERRIDE = "Eerste ronde: boven het voorstel om de inzet bij de verhuizing"
RETURN_REASON = "De toelichting bij de doelen ontbreekt."


def score(review: Review, org, text: str, *, rating: int = 3, goal_text: str = FIRST_GOAL) -> None:
    manager = org.manager.user
    for assessment in review.assessments.filter(in_focus=True):
        marks = {mark.pk: "fully" for mark in assessment.marks.all() if not mark.is_next_level}
        assessment_score(assessment=assessment, actor=manager, marks=marks, rating=rating, justification=text)
    for goal in review.goals.filter(status="active"):
        goal_score(goal=goal, actor=manager, rating=rating, result_note="Behaald.", justification=goal_text)


def first_round(review: Review, org, traveller, target: str) -> Review:
    """Round one scored with ``FIRST`` (overall 4, overridden with ``OVERRIDE``), up to ``target``."""
    review = advance(review, org, "scoring", traveller)
    score(review, org, FIRST)
    review_submit_scores(review=review, actor=org.manager.user, overall_rating=4, override_reason=OVERRIDE)
    return advance(Review.objects.get(pk=review.pk), org, target, traveller)


def returned(review: Review, org, traveller) -> Review:
    review = first_round(review, org, traveller, "second_review")
    return review_return_to_manager(review=review, actor=review.second_reviewer.user, reason=RETURN_REASON)


def rescored(review: Review, org) -> Review:
    score(review, org, SECOND, rating=2, goal_text=SECOND)
    return review_submit_scores(review=review, actor=org.manager.user)


def rounds_for(review: Review, user):
    return earlier_rounds(review=Review.objects.get(pk=review.pk), user=user)


def test_a_return_keeps_the_first_round_whole(review, org, traveller):
    review = rescored(returned(review, org, traveller), org)
    [kept] = rounds_for(review, org.manager.user)
    assert kept.number == 1
    assert kept.ending == "return_to_manager"
    assert kept.ended_by == review.second_reviewer.name
    assert kept.reason == RETURN_REASON
    assert kept.scores_visible
    assert kept.scored_by == org.manager.name
    assert kept.overall_rating == "zeer goed"  # 4 on the five-point scale
    assert kept.override_reason == OVERRIDE
    assert kept.competencies
    assert all(item.justification == FIRST for item in kept.competencies)
    assert all(item.rating == "goed" for item in kept.competencies)
    assert all(
        mark.mark == "fully" for item in kept.competencies for mark in item.marks if not mark.is_next_level
    )
    assert kept.goals
    assert all(item.justification == FIRST_GOAL for item in kept.goals)
    assert {item.weight for item in kept.goals} == {60, 40}
    assert all(item.result_note == "Behaald." for item in kept.goals)
    assert kept.appraisal_talk_date == datetime.date(2026, 11, 10)
    assert kept.appraisal_summary == "Goed jaar."
    assert kept.signature == "agreed"
    assert kept.employee_response == "Akkoord met de inhoud."
    assert kept.objection is None
    assert kept.title == f"Earlier round 1 — returned on 10 November 2026 by {review.second_reviewer.name}"
    # The current record holds the second round.
    record = review_record(review=Review.objects.get(pk=review.pk), user=org.manager.user)
    assert all(item.justification == SECOND for item in record.competencies_in_focus)
    assert record.earlier_rounds == (kept,)


def test_every_role_sees_the_earlier_round_as_the_record_allows(review, org, traveller):
    review = returned(review, org, traveller)
    second, hr, employee = review.second_reviewer.user, org.hr, org.employee.user
    for user in (org.manager.user, second, hr):
        [kept] = rounds_for(review, user)
        assert kept.scores_visible
        assert kept.reason == RETURN_REASON
        assert {item.justification for item in kept.competencies} == {FIRST}
    # While the manager scores again the employee sees none of the manager's judgement, earlier or new,
    # nor why it came back; what was theirs (the talk, their signature) stays.
    [kept] = rounds_for(review, employee)
    assert not kept.scores_visible
    assert kept.overall_rating is None
    assert kept.override_reason == ""
    assert kept.reason == ""
    assert all(
        item.rating is None and item.justification == "" and not item.marks for item in kept.competencies
    )
    assert all(
        item.rating is None and item.justification == "" and item.result_note == "" for item in kept.goals
    )
    assert kept.appraisal_summary == "Goed jaar."
    assert kept.signature == "agreed"
    assert FIRST not in repr(kept)
    assert OVERRIDE not in repr(kept)
    # Once the new scores are submitted the employee sees both rounds and the reason.
    review = rescored(review, org)
    [kept] = rounds_for(review, employee)
    assert kept.scores_visible
    assert kept.reason == RETURN_REASON
    assert {item.justification for item in kept.competencies} == {FIRST}


def test_an_upheld_objection_keeps_the_first_round(review, org, traveller):
    review = first_round(review, org, traveller, "employee_response")
    review = review_object(review=review, actor=org.employee.user, grounds="Mijn inzet telt niet mee.")
    review = review_decide_objection(
        review=review, actor=org.hr, decision="upheld", reason="De inzet bij de verhuizing telt mee."
    )
    review = rescored(review, org)
    for user in (org.manager.user, review.second_reviewer.user, org.hr, org.employee.user):
        [kept] = rounds_for(review, user)
        assert kept.ending == "decide_objection"
        assert kept.reason == "De inzet bij de verhuizing telt mee."
        assert kept.objection.grounds == "Mijn inzet telt niet mee."
        assert kept.objection.upheld
        assert kept.signature == ""  # objected without signing
        assert kept.appraisal_summary == "Goed jaar."
        assert {item.justification for item in kept.competencies} == {FIRST}
        assert kept.title.startswith("Earlier round 1 — objection upheld on 10 November 2026 by hans-hr")


def test_a_reopening_keeps_the_final_round_and_rounds_are_numbered(review, org, traveller):
    review = returned(review, org, traveller)
    review = advance(rescored(review, org), org, "second_review", traveller)
    review = review_finalise(review=review, actor=review.second_reviewer.user)
    traveller.move_to(datetime.datetime(2026, 12, 3, 9, 0, tzinfo=datetime.UTC))
    review = review_reopen(review=review, actor=org.hr, reason="Fout in de scores.")
    first, second = rounds_for(review, org.manager.user)
    assert (first.number, first.ending, {i.justification for i in first.competencies}) == (
        1,
        "return_to_manager",
        {FIRST},
    )
    assert (second.number, second.ending, second.reason) == (2, "reopen", "Fout in de scores.")
    assert {item.justification for item in second.competencies} == {SECOND}
    assert second.title == "Earlier round 2 — reopened on 3 December 2026 by hans-hr"
    assert ClosedRound.objects.filter(review=review).count() == 2


def test_a_round_closed_before_rounds_were_kept_shows_what_its_events_hold(review, org, traveller):
    review = returned(review, org, traveller)
    rows = ClosedRound.objects.filter(review=review)
    rows._raw_delete(rows.db)  # as for a round closed before this was kept
    [kept] = rounds_for(review, org.manager.user)
    assert kept.reason == RETURN_REASON
    assert kept.overall_rating == "zeer goed"
    assert {item.rating for item in kept.competencies} == {"goed"}
    assert {item.justification for item in kept.competencies} == {""}
    assert kept.appraisal_talk_date == datetime.date(2026, 11, 10)
    assert kept.appraisal_summary == ""


def test_the_manager_reads_the_first_round_and_the_return_reason_in_dutch(review, org, traveller):
    rename(org)
    review = rescored(returned(review, org, traveller), org)
    text = visible_text(page(Client(), org.manager.user, review))
    assert "Eerdere ronde 1 — teruggestuurd op 10 november 2026 door Dirk de Boer" in text
    assert FIRST in text
    assert OVERRIDE in text
    assert RETURN_REASON in text
    assert "Goed jaar." in text
    assert "Beoordeeld door Carla Bakker op 1 september 2026" in text


def test_the_employee_sees_no_scores_of_an_earlier_round_while_the_manager_scores_again(
    review, org, traveller
):
    rename(org)
    review = returned(review, org, traveller)
    html = page(Client(), org.employee.user, review)
    text = visible_text(html)
    assert "Eerdere ronde 1 — teruggestuurd op 10 november 2026 door Dirk de Boer" in text
    assert FIRST not in text
    assert OVERRIDE not in text
    assert RETURN_REASON not in text
    assert "Goed jaar." in text


def test_the_current_round_shows_no_talk_or_signature_of_an_earlier_round(review, org, traveller):
    from reviewcycle.record import review_form
    from reviewcycle.services import review_record_appraisal_talk

    review = rescored(returned(review, org, traveller), org)
    form = review_form(user=org.manager.user, pk=review.pk)
    assert (form.appraisal_talk_date, form.appraisal_summary, form.response_due) == (None, "", None)
    assert (form.signature, form.signed_on, form.employee_response) == ("Not signed yet", None, "")
    [kept] = form.earlier_rounds
    assert (kept.appraisal_summary, kept.employee_response) == ("Goed jaar.", "Akkoord met de inhoud.")
    # The second talk is the current round's; the employee has not signed again yet.
    traveller.move_to(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC))
    review_record_appraisal_talk(
        review=review, actor=org.manager.user, talk_date=datetime.date(2026, 12, 1), summary="Tweede gesprek."
    )
    form = review_form(user=org.manager.user, pk=review.pk)
    assert (form.appraisal_talk_date, form.appraisal_summary) == (
        datetime.date(2026, 12, 1),
        "Tweede gesprek.",
    )
    assert form.signature == "Awaiting signature"  # the term is given beside it
    assert (form.signed_on, form.employee_response) == (None, "")


def test_the_data_request_holds_the_earlier_rounds_as_the_employee_sees_them(review, org, traveller):
    from reports.privacy import personal_data

    review = returned(review, org, traveller)
    [row] = personal_data(employee=org.employee)["closed_rounds"]
    assert row["scores"] == ""  # hidden while the manager scores again, as on the page
    assert row["appraisal_summary"] == "Goed jaar."
    rescored(review, org)
    [row] = personal_data(employee=org.employee)["closed_rounds"]
    assert {item["justification"] for item in row["scores"]["competencies"]} == {FIRST}


def test_retention_erases_the_kept_rounds_with_their_review(review, org, traveller):
    from reviewcycle.models import ReviewEvent
    from reviewcycle.services import cycle_close, review_cancel
    from reviewcycle.services.retention import retention_apply

    review = returned(review, org, traveller)
    for open_review in Review.objects.filter(cycle=review.cycle, state__in=Review.OPEN_STATES):
        review_cancel(review=open_review, actor=org.hr, reason="Reorganisatie")
    cycle_close(cycle=review.cycle, actor=org.hr)
    assert ClosedRound.objects.filter(review=review).exists()
    retention_apply(actor=None, today=datetime.date(2032, 1, 15))
    assert not Review.objects.filter(pk=review.pk).exists()
    assert not ClosedRound.objects.exists()
    assert not ReviewEvent.objects.filter(review_id=review.pk).exists()


def test_the_api_gives_the_earlier_rounds_as_the_record_does(review, org, traveller):
    from rest_framework.test import APIClient

    review = returned(review, org, traveller)
    api = APIClient()
    api.force_authenticate(org.manager.user)
    [kept] = api.get(f"/api/v1/reviews/{review.pk}/").json()["earlier_rounds"]
    assert (kept["number"], kept["ending"], kept["reason"]) == (1, "return_to_manager", RETURN_REASON)
    assert {item["justification"] for item in kept["competencies"]} == {FIRST}
    assert kept["title"].startswith("Eerdere ronde 1 — teruggestuurd op 10 november 2026")
    api.force_authenticate(org.employee.user)
    [kept] = api.get(f"/api/v1/reviews/{review.pk}/").json()["earlier_rounds"]
    assert not kept["scores_visible"]
    assert {item["justification"] for item in kept["competencies"]} == {""}
    assert kept["appraisal_summary"] == "Goed jaar."


@needs_pdftotext
def test_the_appraisal_pdf_holds_the_earlier_round_as_the_page_does(review, org, traveller):
    review = rescored(returned(review, org, traveller), org)
    hr_pdf = flat(pdf_text(render_review_form(review_form(user=org.hr, pk=review.pk, kind="appraisal"))))
    assert "Earlier rounds" in hr_pdf
    assert f"Earlier round 1 — returned on 10 November 2026 by {review.second_reviewer.name}" in hr_pdf
    assert f"Reason for returning: {RETURN_REASON}" in hr_pdf
    assert FIRST in hr_pdf  # the first round's justification, beside the second round's
    assert SECOND in hr_pdf
    assert f"Reason for a rating other than the proposal: {OVERRIDE}" in hr_pdf
    assert "Summary of the talk: Goed jaar." in hr_pdf
    # The employee's copy, while the manager's new scores are theirs to see, holds the same round.
    mine = flat(
        pdf_text(render_review_form(review_form(user=org.employee.user, pk=review.pk, kind="appraisal")))
    )
    assert (FIRST in mine) == rounds_for(review, org.employee.user)[0].scores_visible


def test_the_api_s_history_hides_the_judgements_from_the_employee_while_the_manager_scores_again(
    review, org, traveller
):
    """The events in ``GET /api/v1/reviews/{id}/`` are masked as the record is: the employee learns that
    the review went back, not why, nor the scores submitted before, until the new scores are released."""
    from rest_framework.test import APIClient

    review = returned(review, org, traveller)

    def events(user) -> dict:
        client = APIClient()
        client.force_authenticate(user)
        body = client.get(f"/api/v1/reviews/{review.pk}/").json()
        return {event["kind"]: event["payload"] for event in body["events"]}

    mine = events(org.employee.user)
    assert mine["return_to_manager"] == {}  # it happened; the reason is not theirs yet
    assert mine["submit_scores"] == {}
    assert RETURN_REASON not in str(mine)
    assert events(org.manager.user)["return_to_manager"] == {"reason": RETURN_REASON}
    assert events(org.manager.user)["submit_scores"]["overall"] == "zeer goed"
    rescored(review, org)
    review = advance(Review.objects.get(pk=review.pk), org, "employee_response", traveller)
    assert events(org.employee.user)["return_to_manager"] == {"reason": RETURN_REASON}
