"""HR's regeling pages in plain Dutch (UX walk, findings 7, 8, 10, 12, 14): the code's errors, the
due dates' labels, a warning when a saved shape cannot be published yet, the date out of order named,
a question's options refused for free text, and the question links not cut mid-word."""

import pytest
from django.test import Client

from reviewcycle.models import TalkQuestion
from tests.language import speaking
from tests.reviewcycle.regelingen.helpers import draft_of, published
from tests.reviewcycle.regelingen.test_pages import shape_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(org, builtin):
    client = speaking(Client(), "nl")
    client.force_login(org.hr)
    return client


def test_an_invalid_code_is_refused_in_dutch(hr):
    response = hr.post("/regelingen/new/", {"name": "Eigen", "slug": "Eigen Code!"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Gebruik alleen kleine letters, cijfers en streepjes" in page
    assert "‘slug’" not in page


def test_a_taken_code_made_from_the_name_says_it_was_made_from_the_name(hr):
    response = hr.post("/regelingen/new/", {"name": "Gemeentelijk", "slug": ""})
    assert response.status_code == 400
    assert "De code gemeentelijk is gemaakt van de naam" in response.content.decode()


def test_the_due_dates_have_natural_labels_and_no_doubled_required(hr):
    draft = draft_of()
    page = hr.get(f"/regelingen/versions/{draft.pk}/").content.decode()
    for label in ("Planningsgesprek gehouden", "Zelfbeoordeling klaar", "Beoordelingsgesprek gehouden"):
        assert label in page
    assert "maanden na de start van de periode" in page
    assert "verplichte voortgangsgesprekken" not in page.lower()


def test_saving_a_shape_that_cannot_be_published_warns_with_its_problems(hr):
    draft = draft_of()
    response = hr.post(
        f"/regelingen/versions/{draft.pk}/", shape_post(draft, has_appraisal_talk=None), follow=True
    )
    page = response.content.decode()
    assert "Opgeslagen; zo kan de regeling nog niet gepubliceerd worden" in page


def test_a_refused_publish_lands_on_the_versions_page_naming_the_date_out_of_order(hr):
    draft = draft_of()
    data = shape_post(draft, planning_due="6", progress_due="3")
    hr.post(f"/regelingen/versions/{draft.pk}/", data, follow=True)
    response = hr.post(f"/regelingen/versions/{draft.pk}/publish/", {"confirm": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/regelingen/versions/{draft.pk}/"
    page = response.content.decode()
    assert "Voortgangsgesprek(ken) gehouden" in page
    assert page.count("komt voor") == 2  # once in the summary, once beside the field


def test_options_for_free_text_are_refused_in_dutch(hr):
    draft = draft_of()
    section = draft.talk_forms.get(talk="planning").sections.first()
    response = hr.post(
        f"/regelingen/sections/{section.pk}/questions/",
        {"text": "Hoe gaat het?", "kind": "text", "options": "a\nb", "answered_by": "employee"},
    )
    assert response.status_code == 400
    assert "hebben geen keuzemogelijkheden" in response.content.decode()


def test_question_links_name_the_question_number_and_the_new_question_names_its_section(hr):
    draft = draft_of()
    talk_form = draft.talk_forms.get(talk="planning")
    page = hr.get(f"/regelingen/forms/{talk_form.pk}/").content.decode()
    assert "Vraag 1 wijzigen" in page
    assert f"{talk_form.title} {talk_form.title}" not in page
    section = talk_form.sections.first()
    page = hr.get(f"/regelingen/sections/{section.pk}/questions/").content.decode()
    assert f"Nieuwe vraag in het onderdeel {section.title}" in page


def test_deleting_a_question_returns_to_its_section(hr):
    draft = draft_of()
    section = draft.talk_forms.get(talk="planning").sections.first()
    question = TalkQuestion.objects.filter(section=section).first()
    response = hr.post(f"/regelingen/questions/{question.pk}/delete/", {"confirm": "yes"})
    assert response.url.endswith(f"#section-{section.pk}")


def test_a_published_calendar_year_version_leaves_out_probation_settings(hr):
    page = hr.get(f"/regelingen/versions/{published('goede-gesprekken').pk}/").content.decode()
    assert "startgesprek binnen" not in page.lower()
    assert "Beoordelingsgesprek gehouden" not in page


def test_publishing_needs_a_confirmation(hr):
    draft = draft_of()
    response = hr.post(f"/regelingen/versions/{draft.pk}/publish/", follow=True)
    draft.refresh_from_db()
    assert draft.is_editable
    assert "bevestig eerst" in response.content.decode()
    assert 'name="confirm"' in response.content.decode()


def test_the_shape_form_is_grouped(hr):
    draft = draft_of("goede-gesprekken")
    page = hr.get(f"/regelingen/versions/{draft.pk}/").content.decode()
    for legend in ("Gesprekken", "Termijnen", "Beoordeling", "Bedenkingen", "Informanten"):
        assert f"<legend>{legend}</legend>" in page
    # The probation settings are hidden on a calendar year: test_unused_settings.py


def test_after_adding_a_section_or_a_question_the_page_lands_on_it_and_can_take_the_focus(hr):
    draft = draft_of()
    talk_form = draft.talk_forms.get(talk="planning")
    response = hr.post(f"/regelingen/forms/{talk_form.pk}/sections/", {"section-title": "Vitaliteit"})
    section = talk_form.sections.get(title="Vitaliteit")
    assert response.url.endswith(f"#section-{section.pk}")
    response = hr.post(
        f"/regelingen/sections/{section.pk}/questions/",
        {"text": "Hoe gaat het?", "kind": "text", "answered_by": "employee"},
    )
    question = section.questions.get()
    assert response.url.endswith(f"#question-{question.pk}")
    page = hr.get(f"/regelingen/forms/{talk_form.pk}/").content.decode()
    assert f'id="section-{section.pk}" tabindex="-1" data-focus-on-arrival' in page
    assert f'id="question-{question.pk}" tabindex="-1" data-focus-on-arrival' in page


def test_a_published_version_reads_its_shape_in_the_groups_of_the_draft(hr):
    page = hr.get(f"/regelingen/versions/{published().pk}/").content.decode()
    for legend in ("Gesprekken", "Termijnen", "Beoordeling", "Bedenkingen"):
        assert f"<h3>{legend}</h3>" in page
    assert "<h3>Proeftijd</h3>" not in page  # switched off: no group left
    scale = published().rating_scale
    assert f"<dd>{scale}</dd>" in page
    assert "<dd>2 maanden na de start van de periode</dd>" in page  # a due date says what its number is


def test_a_published_version_without_cycles_says_none_runs_on_it_yet(hr):
    unused = published("twee-gesprekken")
    page = hr.get(f"/regelingen/versions/{unused.pk}/").content.decode()
    assert "er loopt nog geen cyclus op" in page
    assert "0 cycli" not in page
