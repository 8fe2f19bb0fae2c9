"""UX finding 5: the review offers the talk form only when there is something for the reader to fill
in (one predicate for the page, the talk form page and the API); every built-in regeling ships its Dutch
forms, and ``regeling load-builtin`` gives them to built-in versions loaded without."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from reviewcycle.models import CycleTemplateEvent, CycleTemplateVersion, TalkForm, TalkQuestion
from reviewcycle.shapes.builtin import BUILTIN_TEMPLATES
from reviewcycle.shapes.services import cycle_templates_load_builtin
from tests.language import speaking
from tests.reviewcycle.talk_forms.helpers import api

pytestmark = pytest.mark.django_db


def page(user, review) -> str:
    client = speaking(Client(), "nl")
    client.force_login(user)
    return client.get(f"/reviews/{review.pk}/").content.decode()


def offered(user, review) -> tuple[bool, bool, bool]:
    """Whether the review page links the talk form, and what the API says (detail, talk form)."""
    link = f'href="/reviews/{review.pk}/talk-form/"' in page(user, review)
    detail = api(user).get(f"/api/v1/reviews/{review.pk}/").json()["talk_form_to_fill"]
    form = api(user).get(f"/api/v1/reviews/{review.pk}/talk-form/").json()["answerable"]
    return link, detail, form


def test_the_talk_form_is_offered_only_to_a_reader_with_questions_to_answer(review, org):
    assert offered(org.employee.user, review) == (True, True, True)
    form = TalkForm.objects.get(template_version=review.cycle.template_version, talk="planning")
    TalkQuestion.objects.filter(section__form=form, answered_by="employee").delete()
    assert offered(org.employee.user, review) == (False, False, False)
    assert offered(org.manager.user, review) == (True, True, True)
    client = Client()
    client.force_login(org.employee.user)
    assert client.get(f"/reviews/{review.pk}/talk-form/").status_code == 302  # no dead end either
    form.delete()
    assert offered(org.manager.user, review) == (False, False, False)


def talks_on_path(version: CycleTemplateVersion) -> set[str]:
    talks = {"planning"} if version.has_planning_talk else set()
    if version.min_progress_talks:
        talks.add("progress")
    if version.has_appraisal_talk:
        talks.add("appraisal")
    return talks


@pytest.mark.parametrize("slug", [definition["slug"] for definition in BUILTIN_TEMPLATES])
def test_every_built_in_regeling_ships_a_form_for_each_of_its_talks(slug):
    cycle_templates_load_builtin()
    version = CycleTemplateVersion.objects.get(template__slug=slug, number=1)
    forms = {form.talk: form for form in version.talk_forms.all()}
    assert talks_on_path(version) <= set(forms)
    for form in forms.values():
        questions = TalkQuestion.objects.filter(section__form=form)
        if form.talk == "informant":  # what informants answer (``reviewcycle.informants``): theirs alone
            assert {q.answered_by for q in questions} == {"informant"}, form.title
            continue
        assert {q.answered_by for q in questions} == {"employee", "manager", "report"}, form.title
        # Adding them to a running version must not block recording a talk: no required report question.
        assert not questions.filter(answered_by="report", required=True).exists()
        for question in questions.filter(answered_by="manager"):
            assert "de leidinggevende" not in question.text.lower(), question.text  # addressed: je/jij


def test_the_forms_name_the_talks_of_each_regeling():
    cycle_templates_load_builtin()

    def titles(slug):
        version = CycleTemplateVersion.objects.get(template__slug=slug, number=1)
        return {form.talk: form.title for form in version.talk_forms.all()}

    assert titles("proeftijd-en-tijdelijk-contract") == {
        "planning": "Startgesprek",
        "appraisal": "Evaluatiegesprek",
    }
    assert titles("r-en-o-gesprek")["appraisal"] == "R&O-gesprek"
    assert set(titles("twee-gesprekken")) == {"planning", "appraisal"}
    evaluation = TalkForm.objects.get(
        template_version__template__slug="proeftijd-en-tijdelijk-contract", talk="appraisal"
    )
    sections = [section.title for section in evaluation.sections.all()]
    assert sections[:2] == ["Hoe gaat het werk?", "Begeleiding"]
    ro = TalkForm.objects.get(template_version__template__slug="r-en-o-gesprek", talk="appraisal")
    assert [s.title for s in ro.sections.all()] == [
        "Terugblik",
        "Werkplezier",
        "Inzetbaarheid",
        "Loopbaan",
        "Werkdruk",
        "Afspraken",
    ]


def test_load_builtin_gives_forms_to_a_built_in_version_loaded_without_them():
    cycle_templates_load_builtin()
    version = CycleTemplateVersion.objects.get(template__slug="proeftijd-en-tijdelijk-contract", number=1)
    version.talk_forms.all().delete()  # as loaded before the built-in forms existed
    out = io.StringIO()
    call_command("regeling", "load-builtin", stdout=out)
    version.refresh_from_db()
    assert set(version.talk_forms.values_list("talk", flat=True)) == {"planning", "appraisal"}
    assert version.status == CycleTemplateVersion.Status.PUBLISHED
    assert CycleTemplateVersion.objects.filter(template=version.template).count() == 1
    assert "Startgesprek" in out.getvalue()
    event = CycleTemplateEvent.objects.filter(version=version).last()
    assert event.payload.get("talk_forms") == ["planning", "appraisal"]
    again = io.StringIO()
    call_command("regeling", "load-builtin", stdout=again)
    assert version.talk_forms.count() == 2
    assert "Startgesprek" not in again.getvalue()
