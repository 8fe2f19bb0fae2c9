"""The built-in forms are loaded with the regelingen and versioned with them; progress talks are
prepared one by one, each talk's answers its own."""

import datetime

import pytest

from reviewcycle.models import CycleTemplateVersion, TalkAnswer, TalkForm
from reviewcycle.services import review_record_progress_talk, review_sign_plan
from reviewcycle.shapes.services import cycle_templates_load_builtin
from tests.reviewcycle.talk_forms.helpers import answer, api, api_answers, question, record_planning_talk

pytestmark = pytest.mark.django_db


def test_the_built_in_regelingen_carry_their_dutch_forms_once():
    cycle_templates_load_builtin()
    cycle_templates_load_builtin()  # idempotent
    gemeentelijk = CycleTemplateVersion.objects.get(template__slug="gemeentelijk", number=1)
    forms = {form.talk: form for form in gemeentelijk.talk_forms.all()}
    assert set(forms) == {"planning", "progress", "appraisal", "informant"}
    planning = [section.title for section in forms["planning"].sections.all()]
    assert planning == ["Werkplezier", "Werkdruk", "Ontwikkelwensen", "Inzetbaarheid"]
    progress = [section.title for section in forms["progress"].sections.all()]
    assert progress == ["Voortgang", "Samenwerking", "Verzuim en belastbaarheid", "Loopbaan"]
    assert [section.title for section in forms["appraisal"].sections.all()] == ["Terugblik"]
    goede = CycleTemplateVersion.objects.get(template__slug="goede-gesprekken", number=1)
    assert {form.title for form in goede.talk_forms.all()} == {"Ontwikkelgesprek", "Jouw beeld"}
    assert TalkForm.objects.filter(template_version=gemeentelijk).count() == 4


def test_a_running_cycle_keeps_the_form_of_its_regeling_version(review):
    assert question(review, "planning", "employee").section.form.template_version_id == (
        review.cycle.template_version_id
    )


def test_each_progress_talk_is_prepared_on_its_own(review, org, traveller):
    record_planning_talk(review, org)
    review_sign_plan(review=review, actor=org.employee.user, signature="agreed")
    traveller.move_to(datetime.datetime(2026, 4, 1, 9, 0, tzinfo=datetime.UTC))
    first = question(review, "progress", "employee")
    assert answer(org.employee.user, review, first.pk, "Eerste voortgang").status_code == 200
    assert api_answers(org.manager.user, review) == []
    review_record_progress_talk(
        review=review, actor=org.manager.user, talk_date=datetime.date(2026, 3, 31), notes="Loopt."
    )
    assert api_answers(org.manager.user, review) == ["Eerste voortgang"]
    form = api(org.employee.user).get(f"/api/v1/reviews/{review.pk}/talk-form/").json()
    assert (form["talk"], form["occurrence"]) == ("progress", 2)
    assert {q["id"]: q["answer"] for q in form["questions"]}[first.pk] is None  # a fresh form
    assert answer(org.employee.user, review, first.pk, "Tweede voortgang").status_code == 200
    assert list(
        TalkAnswer.objects.filter(review=review).values_list("occurrence", "value").order_by("occurrence")
    ) == [
        (1, "Eerste voortgang"),
        (2, "Tweede voortgang"),
    ]
    data = api(org.manager.user).get(f"/api/v1/reviews/{review.pk}/").json()["talk_answers"]
    assert [(talk["talk"], talk["occurrence"]) for talk in data] == [("progress", 1)]
