"""Deleting a question asks first (UX walk): the form's page links to a confirmation page that works
without JavaScript; only its button, which sends ``confirm=yes``, deletes. A post without it deletes
nothing and lands on that page."""

import pytest
from django.test import Client

from reviewcycle.models import TalkQuestion
from tests.language import speaking
from tests.reviewcycle.regelingen.helpers import draft_of, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(org, builtin):
    client = speaking(Client(), "nl")
    client.force_login(org.hr)
    return client


def first_question(version) -> TalkQuestion:
    return TalkQuestion.objects.filter(
        section__form__template_version=version, section__form__talk="planning"
    ).first()


def test_the_form_page_links_to_a_confirmation_instead_of_deleting_at_once(hr, org):
    question = first_question(draft_of(actor=org.hr))
    page = hr.get(f"/regelingen/forms/{question.section.form_id}/").content.decode()
    assert f'href="/regelingen/questions/{question.pk}/delete/"' in page
    assert f'action="/regelingen/questions/{question.pk}/delete/"' not in page


def test_the_confirmation_page_names_the_question_and_deletes_only_when_confirmed(hr, org):
    question = first_question(draft_of(actor=org.hr))
    url = f"/regelingen/questions/{question.pk}/delete/"
    page = hr.get(url).content.decode()
    assert question.text in page
    assert "Weet je zeker" in page
    assert 'name="confirm" value="yes"' in page
    assert f'href="/regelingen/forms/{question.section.form_id}/#question-{question.pk}"' in page  # cancel
    response = hr.post(url)
    assert response.status_code == 302
    assert response.url == url
    assert TalkQuestion.objects.filter(pk=question.pk).exists()
    response = hr.post(url, {"confirm": "yes"})
    assert response.url.endswith(f"#section-{question.section_id}")
    assert not TalkQuestion.objects.filter(pk=question.pk).exists()


def test_a_published_question_has_no_confirmation_and_refuses_the_delete(hr):
    question = first_question(published())
    url = f"/regelingen/questions/{question.pk}/delete/"
    assert hr.get(url).url == f"/regelingen/forms/{question.section.form_id}/"
    assert hr.post(url, {"confirm": "yes"}).status_code == 409
    assert TalkQuestion.objects.filter(pk=question.pk).exists()


@pytest.mark.parametrize("who", ["manager", "employee"])
def test_others_see_no_confirmation(org, builtin, who):
    question = first_question(draft_of(actor=org.hr))
    client = Client()
    client.force_login(getattr(org, who).user)
    assert client.get(f"/regelingen/questions/{question.pk}/delete/").status_code == 403
