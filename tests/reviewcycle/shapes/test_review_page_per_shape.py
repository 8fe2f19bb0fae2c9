"""The review page names the talks and phases as the review's regeling does (one place:
``CycleTemplateVersion.talk_name``, ``workflow.phases_for``), asks for goals only where the regeling scores
them, and shows each of HR's steps once."""

import datetime
import subprocess

import pytest
from django.test import override_settings
from django.utils import translation

from people.models import Employee
from reviewcycle.models import CycleTemplate, Review
from reviewcycle.shapes.services import current_template_version, cycle_templates_load_builtin
from reviewcycle.workflow import phase_timeline, phases_for
from tests.reports import needs_pdftotext
from tests.reviewcycle.shapes.test_api_walks import open_review
from tests.reviewcycle.shapes.test_paths import review_on
from tests.reviewcycle.test_api_walkthrough import at, ok
from tests.reviewcycle.test_record_page import page, visible_text

pytestmark = pytest.mark.django_db


def test_hr_sees_cancel_and_exempt_once(org, client):
    review = review_on(org, "gemeentelijk")
    text = visible_text(page(client, org.hr, review))
    assert text.count("Gesprekscyclus laten vervallen") == 1
    assert text.count("Medewerker vrijstellen") == 1
    assert "Andere stappen" in text


def test_a_probation_review_has_a_start_talk_and_an_evaluation_due_from_the_start_date(org, client):
    Employee.objects.filter(pk=org.employee.pk).update(start_date=datetime.date(2026, 3, 2))
    review = review_on(org, "proeftijd-en-tijdelijk-contract")
    assert review.start_talk_due == datetime.date(2026, 3, 30)  # 28 days after the start date
    timeline = phase_timeline(review)
    assert [str(phase["label"]) for phase in timeline] == ["Start talk", "Evaluation", "Sign-off", "Done"]
    assert timeline[0]["due"] == datetime.date(2026, 3, 30)
    assert timeline[1]["due"] == review.evaluation_due

    text = visible_text(page(client, org.manager.user, review))
    bar = text[text.index("Startgesprek") : text.index("Afgerond")]
    for shown in ("Evaluatie", "Ondertekenen"):
        assert shown in bar
    for absent in ("Voortgang", "vaststellen", "Planning"):
        assert absent not in bar
    assert "30 maart 2026" in bar
    assert "Startgesprek vastleggen" in text
    assert "Houd het startgesprek" in text
    assert "Planningsgesprek" not in text


def test_the_dashboard_phases_of_probation_count_every_state_once():
    cycle_templates_load_builtin()
    version = current_template_version(CycleTemplate.objects.get(slug="proeftijd-en-tijdelijk-contract"))
    phases = phases_for(version)
    assert [key for key, _label, _states in phases] == ["planning", "appraisal", "closing", "done"]
    states = [state for _key, _label, phase_states in phases for state in phase_states]
    assert sorted(states) == sorted(Review.State.values)


def test_goede_gesprekken_names_development_talks_and_agreements_without_focus(org, client):
    review = review_on(org, "goede-gesprekken")
    text = visible_text(page(client, org.manager.user, review))
    assert "Ontwikkelafspraken" in text
    assert "Ontwikkelgesprek vastleggen" in text
    for absent in ("Resultaatafspraken", "Aandachtscompetenties", "Planningsgesprek", "resultaatafspraak"):
        assert absent not in text, absent
    plan_page = visible_text(client.get(f"/reviews/{review.pk}/plan/").content.decode())
    assert "Ontwikkelafspraken" in plan_page
    for absent in ("Resultaatafspraken", "Aandachtscompetenties"):
        assert absent not in plan_page, absent


@override_settings(API_TOKEN_LIFETIME_HOURS=24 * 400)
def test_goede_gesprekken_through_the_api_without_any_goal(org, traveller):
    _hr, manager, employee, url = open_review(org, "goede-gesprekken")
    recorded = ok(manager.post(f"{url}/record-planning-talk/", {"talk_date": "2026-01-14"}))
    assert recorded["state"] == "plan_signoff"
    assert ok(employee.post(f"{url}/sign-plan/", {"signature": "seen"}))["state"] == "in_progress"
    for month in (5, 9):
        at(traveller, 2026, month, 3)
        ok(
            manager.post(
                f"{url}/record-progress-talk/", {"talk_date": f"2026-0{month}-02", "notes": "Gesprek."}
            )
        )
    for _talk in (1, 2):
        ok(employee.post(f"{url}/acknowledge-talk/"))
    assert ok(manager.post(f"{url}/complete-talks/"))["state"] == "final"
    assert ok(manager.get(f"{url}/"))["goals"] == []


@needs_pdftotext
def test_the_planning_pdf_of_goede_gesprekken_names_its_talk_and_agreements(org, client):
    review = review_on(org, "goede-gesprekken")
    Employee.objects.update(preferred_language="nl")
    client.force_login(org.manager.user)
    response = client.get(f"/reviews/{review.pk}/pdf/?form=planning", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Ontwikkelafspraken" in text
    assert "Ontwikkelgesprek" in text
    for absent in ("Resultaatafspraken", "Aandachtscompetenties", "Planningsgesprek"):
        assert absent not in text, absent


def test_without_an_objection_route_the_employee_is_only_asked_to_sign():
    """Proeftijd has no bedenkingen: the next step does not offer them (browser walk finding)."""
    from reviewcycle.workflow import next_action

    cycle_templates_load_builtin()
    with translation.override("nl"):
        for slug, expected in (
            ("proeftijd-en-tijdelijk-contract", "Onderteken de evaluatie"),
            ("gemeentelijk", "Onderteken de beoordeling of dien bedenkingen in"),
        ):
            version = current_template_version(CycleTemplate.objects.get(slug=slug))
            assert str(next_action(Review.State.EMPLOYEE_RESPONSE, version)) == expected, slug
