"""The review page is the whole record: each role sees the parts the record selector allows, in the
order of the cycle, in Dutch sentences with names and Dutch dates, and the form of the step that is
due stands next to the part of the record it concerns."""

import datetime
import re

import pytest

from people.models import Employee
from reviewcycle.models import Review
from reviewcycle.record import review_record
from reviewcycle.scoring import proposed_rating
from reviewcycle.services import (
    assessment_score,
    review_decide_objection,
    review_object,
    review_record_appraisal_talk,
    review_record_progress_talk,
    review_return_to_manager,
    review_submit_scores,
)
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def visible_text(html: str) -> str:
    """The page as a person reads it: no tags, attributes, scripts or hidden inputs."""
    html = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.DOTALL)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def page(client, user, review, language="nl") -> str:
    Employee.objects.update(preferred_language=language)
    client.force_login(user)
    response = client.get(f"/reviews/{review.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def rename(org):
    Employee.objects.filter(pk=org.manager.pk).update(name="Carla Bakker")
    Employee.objects.filter(pk=org.employee.pk).update(name="Eva Jansen")
    Employee.objects.filter(pk=org.director.pk).update(name="Dirk de Boer")


def weights_changed_in_progress_talk(review, org, traveller) -> Review:
    review = advance(review, org, "in_progress", traveller)
    traveller.move_to(datetime.datetime(2026, 6, 12, 9, 0, tzinfo=datetime.UTC))
    first, second = review.goals.order_by("order", "id")
    return review_record_progress_talk(
        review=review,
        actor=org.manager.user,
        talk_date=datetime.date(2026, 6, 10),
        notes="Loopt op schema; wachttijd telt minder zwaar.",
        goal_changes=[{"id": first.pk, "weight": 50}, {"id": second.pk, "weight": 50}],
    )


def returned_twice(review, org, traveller) -> Review:
    """Through the appraisal, signed, returned by the second reviewer, scored again, returned again."""
    review = advance(review, org, "second_review", traveller)
    review = review_return_to_manager(
        review=review, actor=org.director.user, reason="De toelichting bij Samenwerken ontbreekt."
    )
    review = review_submit_scores(review=review, actor=org.manager.user)
    review = review_record_appraisal_talk(
        review=review,
        actor=org.manager.user,
        talk_date=datetime.date(2026, 11, 10),
        summary="Opnieuw besproken.",
    )
    from reviewcycle.services import review_sign

    review = review_sign(review=review, actor=org.employee.user, signature="seen", response="")
    return review_return_to_manager(
        review=review, actor=org.director.user, reason="Het eindoordeel sluit niet aan bij de resultaten."
    )


def test_goal_history_in_dutch_sentences_with_names_and_dates(review, org, client, traveller):
    rename(org)
    review = weights_changed_in_progress_talk(review, org, traveller)
    html = page(client, org.manager.user, review)
    text = visible_text(html)
    assert "Weging gewijzigd van 60% in 50% door Carla Bakker op 12 juni 2026." in text
    assert "Weging gewijzigd van 40% in 50% door Carla Bakker op 12 juni 2026." in text
    assert "weight:" not in text
    assert "→" not in text
    # The progress talk's report: its date and notes.
    assert "10 juni 2026" in text
    assert "Loopt op schema; wachttijd telt minder zwaar." in text
    # The history in the past tense, with names and dates.
    assert "Planningsgesprek vastgelegd door Carla Bakker op 15 januari 2026 om 11:00" in text
    assert not ISO_DATE.search(text), ISO_DATE.search(text)


def test_the_whole_record_in_cycle_order_for_the_second_reviewer(review, org, client, traveller):
    rename(org)
    review = advance(review, org, "second_review", traveller, signature="seen")
    text = visible_text(page(client, org.director.user, review))
    order = [
        "Resultaatafspraken",
        "Wachttijd balie onder 10 minuten",
        "Loopt op schema.",  # the progress talk's notes
        "Zelfbeoordeling",
        "Voorgesteld eindoordeel",
        "Goed jaar.",  # the appraisal talk's summary
        "Akkoord met de inhoud.",  # the employee's written response
        "Geschiedenis",
    ]
    positions = [text.find(part) for part in order]
    assert -1 not in positions, dict(zip(order, positions, strict=True))
    assert positions == sorted(positions)
    assert "Gezien" in text or "gezien" in text  # the signature
    assert not ISO_DATE.search(text), ISO_DATE.search(text)


def test_every_return_reason_for_the_manager_none_for_the_employee_while_scoring(
    review, org, client, traveller
):
    rename(org)
    review = returned_twice(review, org, traveller)
    manager_page = visible_text(page(client, org.manager.user, review))
    assert "De toelichting bij Samenwerken ontbreekt." in manager_page
    assert "Het eindoordeel sluit niet aan bij de resultaten." in manager_page
    assert "Teruggestuurd naar de leidinggevende door Dirk de Boer op" in manager_page
    # The employee sees neither the manager's scores being reworked nor why they came back.
    employee_page = visible_text(page(client, org.employee.user, review))
    assert "De toelichting bij Samenwerken ontbreekt." not in employee_page
    assert "Het eindoordeel sluit niet aan bij de resultaten." not in employee_page
    record = review_record(review=Review.objects.get(pk=review.pk), user=org.employee.user)
    assert record.overall_rating is None
    assert record.returns == ()
    assert all(item.rating is None and item.proposed_rating is None for item in record.assessments)


def test_hr_decides_with_the_grounds_right_above_the_form(review, org, client, traveller):
    rename(org)
    review = advance(review, org, "employee_response", traveller)
    review = review_object(
        review=review, actor=org.employee.user, grounds="Mijn inzet voor het project telt niet mee."
    )
    html = page(client, org.hr, review)
    objection = re.search(r'<section[^>]*id="objection".*?</section>', html, flags=re.DOTALL)
    assert objection, "no objection section"
    section = objection.group(0)
    grounds = section.find("Mijn inzet voor het project telt niet mee.")
    form = section.find(f'action="/reviews/{review.pk}/steps/decide-objection/"')
    assert -1 < grounds < form
    # The summary at the top links to the form.
    assert 'href="#step-decide-objection"' in html
    # The employee sees who decides and by when.
    decide_by = review.cycle.objection_decision_days
    due = (review.state_changed_at + datetime.timedelta(days=decide_by)).date()
    employee_text = visible_text(page(client, org.employee.user, review))
    assert f"hans-hr (HR) beslist uiterlijk {due.day} " in employee_text  # who at HR, by when
    # After the decision: the decision and its reasons, for everyone.
    review_decide_objection(
        review=review, actor=org.hr, decision="rejected", reason="De inzet is meegewogen."
    )
    employee_text = visible_text(page(client, org.employee.user, review))
    assert "Mijn inzet voor het project telt niet mee." in employee_text
    assert "De inzet is meegewogen." in employee_text
    assert "Over de bedenkingen beslist door hans-hr op " in employee_text
    assert ": niet overgenomen." in employee_text


def test_a_blocked_step_links_to_where_it_is_unblocked(review, org, client):
    html = page(client, org.manager.user, review, language="en")
    assert re.search(
        rf'<a href="/reviews/{review.pk}/plan/">Record at least one result agreement \(goal\) first.</a>',
        html,
    )


def test_no_proposal_before_a_mark(review, org, client, traveller):
    assert (
        proposed_rating(
            ["", "", ""], [], [__import__("reviewcycle.scoring").scoring.ScalePoint(1, "x", False)]
        )
        is None
    )
    review = advance(review, org, "scoring", traveller)
    record = review_record(review=review, user=org.manager.user)
    assert all(item.proposed_rating is None for item in record.assessments)
    assert record.proposed_overall_rating is None
    client.force_login(org.manager.user)
    scoring = client.get(f"/reviews/{review.pk}/scoring/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Voorstel: onvoldoende" not in visible_text(scoring)


def test_the_scoring_form_names_the_proposal(review, org, client, traveller):
    review = advance(review, org, "scoring", traveller)
    for item in review.assessments.filter(in_focus=True):
        marks = {mark.pk: "fully" for mark in item.marks.all() if not mark.is_next_level}
        assessment_score(assessment=item, actor=org.manager.user, marks=marks, rating=3, justification="")
    Employee.objects.update(preferred_language="nl")
    client.force_login(org.manager.user)
    scoring = visible_text(
        client.get(f"/reviews/{review.pk}/scoring/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    )
    assert "Eindoordeel (kies niets om het voorstel ‘goed’ over te nemen)" in scoring
    assert "leeg: het voorstel)" not in scoring


def test_help_texts_on_signing_and_objecting(review, org, client, traveller):
    review = advance(review, org, "employee_response", traveller)
    text = visible_text(page(client, org.employee.user, review))
    assert (
        "Voor gezien: ‘ik heb de beoordeling ontvangen en gelezen; dat betekent niet dat ik het ermee eens "
        "ben’; je kunt dan tot en met 24 november 2026 nog bedenkingen indienen." in text
    )
    assert (
        "Voor akkoord: ‘ik ben het eens met de beoordeling’; daarna kun je geen bedenkingen meer indienen."
        in text
    )
    assert "eindigt je reactietermijn" not in text
    assert "HR beslist binnen" in text
    assert "bedenkingen" in text
    assert "uitstekend" in text  # the rating scale's levels, explained


def test_the_rating_scale_is_explained_on_the_self_assessment_and_scoring_forms(
    review, org, client, traveller
):
    review = advance(review, org, "self_assessment", traveller)
    Employee.objects.update(preferred_language="nl")
    client.force_login(org.employee.user)
    text = visible_text(
        client.get(f"/reviews/{review.pk}/self-assessment/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    )
    assert "Wat de oordelen betekenen" in text
    assert re.search(r"onvoldoende ?: onder de norm", text)
    assert re.search(r"\bgoed ?: voldoet aan de norm", text)
