"""Sections of a draft's talk form (issue 20): an empty one deleted, one with questions refused with a
Dutch message (its questions stay), sections moved up and down and renamed (UX walk: a section could
not be renamed); a published form refuses both (409);
only HR of the whole organisation may."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from reviewcycle.models import CycleTemplateEvent, TalkFormSection
from reviewcycle.shapes.editing import PublishedIsImmutableError
from reviewcycle.talk_forms.editing import (
    talk_form_section_add,
    talk_form_section_delete,
    talk_form_section_move,
    talk_form_section_rename,
)
from tests.language import speaking
from tests.reviewcycle.regelingen.helpers import draft_of, published

pytestmark = pytest.mark.django_db


def titles(form) -> list[str]:
    return list(form.sections.order_by("order", "id").values_list("title", flat=True))


@pytest.fixture
def hr(org, builtin):
    client = speaking(Client(), "nl")
    client.force_login(org.hr)
    return client


def test_the_service_deletes_an_empty_section_and_refuses_one_with_questions(builtin, org):
    form = draft_of(actor=org.hr).talk_forms.get(talk="planning")
    full = form.sections.order_by("order").first()
    assert full.questions.exists()
    empty = talk_form_section_add(form=form, actor=org.hr, title="Loopbaan")
    with pytest.raises(ValidationError) as refused:
        talk_form_section_delete(section=full, actor=org.hr)
    assert "questions" in refused.value.messages[0]
    assert TalkFormSection.objects.filter(pk=full.pk).exists()
    talk_form_section_delete(section=empty, actor=org.hr)
    assert "Loopbaan" not in titles(form)
    event = CycleTemplateEvent.objects.latest("id")
    assert (event.kind, event.payload["action"], event.payload["section"]) == (
        CycleTemplateEvent.Kind.FORM_CHANGED,
        "delete_section",
        "Loopbaan",
    )


def test_the_service_moves_a_section_and_keeps_it_at_the_edge(builtin, org):
    form = draft_of(actor=org.hr).talk_forms.get(talk="planning")
    talk_form_section_add(form=form, actor=org.hr, title="Loopbaan")
    last = talk_form_section_add(form=form, actor=org.hr, title="Werkdruk")
    before = titles(form)
    talk_form_section_move(section=last, actor=org.hr, up=True)
    assert titles(form) == [*before[:-2], "Werkdruk", "Loopbaan"]
    assert CycleTemplateEvent.objects.latest("id").payload["action"] == "move_section"
    first = form.sections.order_by("order", "id").first()
    count = CycleTemplateEvent.objects.count()
    talk_form_section_move(section=first, actor=org.hr, up=True)
    assert titles(form) == [*before[:-2], "Werkdruk", "Loopbaan"]
    assert CycleTemplateEvent.objects.count() == count


def test_the_service_refuses_sections_of_a_published_form(builtin, org):
    section = published().talk_forms.get(talk="planning").sections.first()
    with pytest.raises(PublishedIsImmutableError):
        talk_form_section_move(section=section, actor=org.hr, up=False)
    with pytest.raises(PublishedIsImmutableError):
        talk_form_section_delete(section=section, actor=org.hr)


def test_hr_deletes_an_empty_section_and_is_told_why_not_one_with_questions(hr, org):
    form = draft_of(actor=org.hr).talk_forms.get(talk="planning")
    full = form.sections.order_by("order").first()
    empty = talk_form_section_add(form=form, actor=org.hr, title="Loopbaan")
    page = hr.get(f"/regelingen/forms/{form.pk}/").content.decode()
    assert f'action="/regelingen/sections/{empty.pk}/delete/"' in page
    assert f'action="/regelingen/sections/{full.pk}/delete/"' not in page  # no button that is refused
    response = hr.post(f"/regelingen/sections/{full.pk}/delete/", follow=True)
    assert response.redirect_chain[-1][0] == f"/regelingen/forms/{form.pk}/"
    assert "nog vragen" in response.content.decode()
    assert TalkFormSection.objects.filter(pk=full.pk).exists()
    response = hr.post(f"/regelingen/sections/{empty.pk}/delete/", follow=True)
    assert "is verwijderd" in response.content.decode()
    assert not TalkFormSection.objects.filter(pk=empty.pk).exists()


def test_hr_moves_a_section_up_and_down(hr, org):
    form = draft_of(actor=org.hr).talk_forms.get(talk="planning")
    talk_form_section_add(form=form, actor=org.hr, title="Loopbaan")
    before = titles(form)
    last = form.sections.get(title="Loopbaan")
    response = hr.post(f"/regelingen/sections/{last.pk}/move/", {"direction": "up"})
    assert response.status_code == 302
    assert response.url == f"/regelingen/forms/{form.pk}/#section-{last.pk}"
    assert titles(form) == [*before[:-2], "Loopbaan", before[-2]]
    hr.post(f"/regelingen/sections/{last.pk}/move/", {"direction": "down"})
    assert titles(form) == before


def test_a_published_form_refuses_section_changes(hr, org):
    form = published().talk_forms.get(talk="planning")
    section = form.sections.first()
    before = titles(form)
    assert "sections/" not in hr.get(f"/regelingen/forms/{form.pk}/").content.decode().split("<main")[-1]
    assert hr.post(f"/regelingen/sections/{section.pk}/move/", {"direction": "down"}).status_code == 409
    assert hr.post(f"/regelingen/sections/{section.pk}/delete/").status_code == 409
    assert titles(form) == before


@pytest.mark.parametrize("who", ["manager", "employee"])
def test_others_may_not_change_sections(org, builtin, who):
    form = draft_of(actor=org.hr).talk_forms.get(talk="planning")
    empty = talk_form_section_add(form=form, actor=org.hr, title="Loopbaan")
    client = Client()
    client.force_login(getattr(org, who).user)
    assert client.post(f"/regelingen/sections/{empty.pk}/delete/").status_code == 403
    assert client.post(f"/regelingen/sections/{empty.pk}/move/", {"direction": "up"}).status_code == 403
    assert TalkFormSection.objects.filter(pk=empty.pk).exists()


def test_the_service_renames_a_section_and_keeps_its_questions(builtin, org):
    form = draft_of(actor=org.hr).talk_forms.get(talk="planning")
    section = form.sections.order_by("order").first()
    questions = list(section.questions.values_list("pk", flat=True))
    old = section.title
    talk_form_section_rename(section=section, actor=org.hr, title="  Werkplezier en loopbaan ")
    section.refresh_from_db()
    assert section.title == "Werkplezier en loopbaan"
    assert list(section.questions.values_list("pk", flat=True)) == questions
    event = CycleTemplateEvent.objects.latest("id")
    assert (event.payload["action"], event.payload["old"], event.payload["section"]) == (
        "rename_section",
        old,
        "Werkplezier en loopbaan",
    )
    for title in ("", "Twee\nregels"):
        with pytest.raises(ValidationError):
            talk_form_section_rename(section=section, actor=org.hr, title=title)
    with pytest.raises(PublishedIsImmutableError):
        talk_form_section_rename(
            section=published().talk_forms.get(talk="planning").sections.first(), actor=org.hr, title="X"
        )


def test_hr_renames_a_section_on_the_page_and_an_empty_title_is_refused_beside_it(hr, org):
    form = draft_of(actor=org.hr).talk_forms.get(talk="planning")
    section = form.sections.order_by("order").first()
    page = hr.get(f"/regelingen/forms/{form.pk}/").content.decode()
    assert f'action="/regelingen/sections/{section.pk}/rename/"' in page
    assert f'<label for="id_rename-{section.pk}-title">' in page
    response = hr.post(
        f"/regelingen/sections/{section.pk}/rename/", {f"rename-{section.pk}-title": "Loopbaan"}
    )
    assert response.status_code == 302
    assert response.url == f"/regelingen/forms/{form.pk}/#section-{section.pk}"
    section.refresh_from_db()
    assert section.title == "Loopbaan"
    response = hr.post(f"/regelingen/sections/{section.pk}/rename/", {f"rename-{section.pk}-title": " "})
    assert response.status_code == 400
    page = response.content.decode()
    assert re.search(r"<details[^>]* open>", page)
    assert "Vul dit in; het is verplicht." in page
    section.refresh_from_db()
    assert section.title == "Loopbaan"


def test_a_published_form_refuses_a_rename(hr, org):
    section = published().talk_forms.get(talk="planning").sections.first()
    response = hr.post(f"/regelingen/sections/{section.pk}/rename/", {f"rename-{section.pk}-title": "X"})
    assert response.status_code == 409
    section.refresh_from_db()
    assert section.title != "X"
