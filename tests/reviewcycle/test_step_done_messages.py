"""After a step the page says what happened, in the past tense ("Plan ondertekend.", "Beoordeling
vastgesteld."), not "Gedaan: <the button>" (walk finding 15)."""

import pytest
from django.test import Client

from reviewcycle import steps
from tests.reviewcycle.helpers import advance

PAST_TENSE = {  # the Dutch each step with a form tells, declared once per step
    "record_planning_talk": "Planningsgesprek vastgelegd",
    "reopen_plan": "Plan heropend",
    "sign_plan": "Plan ondertekend",
    "record_progress_talk": "Voortgangsgesprek vastgelegd",
    "acknowledge_talk": "Gespreksverslag voor gezien ondertekend",
    "start_appraisal": "Beoordeling gestart",
    "complete_talks": "Gesprekkencyclus afgerond",
    "submit_self_assessment": "Zelfbeoordeling ingediend",
    "skip_self_assessment": "Zelfbeoordeling overgeslagen",
    "submit_scores": "Oordelen ingediend",
    "record_appraisal_talk": "Beoordelingsgesprek vastgelegd",
    "sign": "Beoordeling ondertekend",
    "object": "Bedenkingen ingediend",
    "return_to_manager": "Teruggestuurd naar de leidinggevende",
    "finalise": "Beoordeling vastgesteld",
    "decide_objection": "Over de bedenkingen beslist",
    "reopen": "Beoordeling heropend",
    "cancel": "Gesprekscyclus vervallen",
    "exempt": "Vrijgesteld van de cyclus",
}


@pytest.mark.parametrize("step", [step for step in steps.STEPS if step.form_path], ids=lambda step: step.name)
def test_every_step_with_a_form_says_what_happened_in_the_past_tense(step):
    from django.utils import translation

    with translation.override("nl"):
        assert str(step.done) == PAST_TENSE[step.name]
        assert str(step.done) != str(step.label)


@pytest.mark.django_db
def test_after_finalising_the_page_says_the_appraisal_was_finalised(review, org, traveller):
    review = advance(review, org, "second_review", traveller)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(org.director.user)
    page = client.post(f"/reviews/{review.pk}/steps/finalise/", {"confirmed": "1"}, follow=True)
    text = page.content.decode()
    assert "Appraisal finalised." in text
    assert "Done:" not in text
