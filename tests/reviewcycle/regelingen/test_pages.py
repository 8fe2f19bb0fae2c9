"""HR's regeling pages (issue 20): the list, a new draft, its shape with Dutch errors beside the field,
a published version refused (409), questions added, checked and reordered, the preview, and publishing
refused with its reason by field or done with a message in Dutch."""

import re

import pytest
from django.test import Client

from reviewcycle.models import CycleTemplate, CycleTemplateVersion, TalkQuestion
from reviewcycle.shapes.editing import cycle_template_create
from reviewcycle.talk_forms.editing import talk_question_save
from tests.language import speaking
from tests.reviewcycle.regelingen.helpers import draft_of, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(org, builtin):
    client = speaking(Client(), "nl")
    client.force_login(org.hr)
    return client


def shape_post(version: CycleTemplateVersion, **overrides) -> dict:
    """What the browser sends back for ``version``'s saved shape (every field the page has), changed by
    ``overrides``."""
    from reviewcycle.forms.regelingen import ShapeForm

    data = dict(ShapeForm.as_saved(version).data)
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def error_next_to(html: str, field: str) -> str:
    """The error shown right after the field ``field`` (its ``form-error`` block)."""
    match = re.search(rf'id="id_{field}"[\s\S]*?<div class="form-error">([\s\S]*?)</div>', html)
    assert match, f"no error beside {field}"
    return match.group(1)


def test_the_list_shows_every_regeling_with_versions_status_and_cycles(
    hr, cycle, django_assert_max_num_queries
):
    draft_of(actor=None)
    with django_assert_max_num_queries(12):
        response = hr.get("/regelingen/")
    page = response.content.decode()
    assert response.status_code == 200
    for name in ("Gemeentelijk", "Goede gesprekken", "Proeftijd en tijdelijk contract"):
        assert name in page
    gemeentelijk = page[page.index("Gemeentelijk") : page.index("Goede gesprekken")]
    cycles = re.findall(r'<td data-label="Cycli">(\d+)</td>', gemeentelijk)
    assert cycles == [
        "0",
        "1",
    ]  # the draft (version 2, first), and version 1 that the fixture's cycle runs on
    assert "Concept" in gemeentelijk
    assert "Gepubliceerd" in gemeentelijk


def test_the_list_costs_the_same_with_more_regelingen(hr, django_assert_max_num_queries):
    for number in range(6):
        cycle_template_create(actor=None, name=f"Eigen regeling {number}")
    with django_assert_max_num_queries(12):
        assert hr.get("/regelingen/").status_code == 200


def test_hr_starts_a_draft_from_a_published_version_and_edits_its_shape(hr, org):
    source = published("twee-gesprekken")
    response = hr.post(f"/regelingen/versions/{source.pk}/draft/")
    draft = CycleTemplateVersion.objects.get(template=source.template, number=2)
    assert response.url == f"/regelingen/versions/{draft.pk}/"
    response = hr.post(response.url, shape_post(draft, min_progress_talks="2", signature_options=["seen"]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.min_progress_talks, draft.signature_options) == (2, ["seen"])
    response = hr.post(f"/regelingen/versions/{draft.pk}/", shape_post(draft, response_term_days="0"))
    assert response.status_code == 400
    assert "minstens 1" in error_next_to(response.content.decode(), "response_term_days")


def test_a_published_version_is_read_only(hr, org):
    source = published()
    page = hr.get(f"/regelingen/versions/{source.pk}/").content.decode()
    assert 'name="min_progress_talks"' not in page
    response = hr.post(f"/regelingen/versions/{source.pk}/", shape_post(source, min_progress_talks="3"))
    assert response.status_code == 409
    assert "kan niet meer veranderen" in response.content.decode()
    question = TalkQuestion.objects.filter(section__form__template_version=source).first()
    assert hr.post(f"/regelingen/questions/{question.pk}/delete/").status_code == 409
    assert hr.post(f"/regelingen/questions/{question.pk}/", {"text": "Anders"}).status_code == 409
    source.refresh_from_db()
    assert source.min_progress_talks == 1
    assert TalkQuestion.objects.filter(pk=question.pk).exists()


def test_a_question_is_added_checked_and_moved_up(hr, org):
    draft = draft_of(actor=org.hr)
    form = draft.talk_forms.get(talk="planning")
    section = form.sections.first()
    url = f"/regelingen/sections/{section.pk}/questions/"
    question = {
        "text": "Hoe ervaar je de werkdruk?",
        "kind": "choice",
        "options": "Laag",
        "answered_by": "employee",
    }
    response = hr.post(url, question)
    assert response.status_code == 400
    assert "minstens twee" in error_next_to(response.content.decode(), "options")
    response = hr.post(url, {**question, "options": "Laag\nGemiddeld\nHoog", "required": "on"})
    added = section.questions.get(text="Hoe ervaar je de werkdruk?")
    assert response.url == f"/regelingen/forms/{form.pk}/#question-{added.pk}"
    assert (added.options, added.required) == (["Laag", "Gemiddeld", "Hoog"], True)
    before = list(section.questions.order_by("order").values_list("pk", flat=True))
    assert before[-1] == added.pk
    hr.post(f"/regelingen/questions/{added.pk}/move/", {"direction": "up"})
    after = list(section.questions.order_by("order").values_list("pk", flat=True))
    assert after == [*before[:-2], added.pk, before[-2]]
    assert "Hoe ervaar je de werkdruk?" in hr.get(f"/regelingen/forms/{form.pk}/").content.decode()


def test_the_preview_shows_each_side_its_own_questions_read_only(hr, org):
    draft = draft_of(actor=org.hr)
    section = draft.talk_forms.get(talk="planning").sections.first()
    for text, by in (
        ("Vraag voor Eva", "employee"),
        ("Vraag voor Max", "manager"),
        ("Verslagvraag", "report"),
    ):
        talk_question_save(
            section=section, actor=org.hr, text=text, kind="text", answered_by=by, required=by == "report"
        )
    url = f"/regelingen/forms/{section.form_id}/preview/"
    employee = hr.get(url + "employee/").content.decode()
    manager = hr.get(url + "manager/").content.decode()

    def part(page, key):
        start = page.index(f'id="part-{key}"')
        return page[start : page.index("</section>", start)]

    assert "Jouw voorbereiding" in part(employee, "preparation")
    assert "Vraag voor Eva" in part(employee, "preparation")
    assert "Vraag voor Max" not in part(employee, "preparation")
    assert 'id="part-report"' not in employee
    assert "Vraag voor Max" in part(manager, "preparation")
    assert "Verslagvraag" not in part(manager, "preparation")
    assert "Samen in het gesprek (verslag)" in part(manager, "report")
    assert "Verslagvraag" in part(manager, "report")
    assert "Verslagvraag (verplicht)" in " ".join(re.sub(r"<[^>]+>", " ", part(manager, "report")).split())
    assert (
        "Vraag voor Eva" not in manager[manager.index('id="to-fill-in"') : manager.index('id="report-title"')]
    )
    assert "disabled" in part(employee, "preparation")
    assert 'method="post"' not in employee[employee.index('id="to-fill-in"') :]
    assert "in de voorbeeldweergave kun je niets invullen" in employee
    assert "wordt niet opgeslagen" not in employee
    assert "Verslagvraag" in employee  # the record after the talk shows every question
    assert hr.get(url + "someone/").status_code == 404


def test_publish_is_refused_with_the_reason_beside_the_field_then_done(hr, org):
    draft = draft_of("goede-gesprekken", actor=org.hr)
    hr.post(f"/regelingen/versions/{draft.pk}/", shape_post(draft, has_self_assessment="on"))
    response = hr.post(f"/regelingen/versions/{draft.pk}/publish/", {"confirm": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/regelingen/versions/{draft.pk}/"
    assert "zelfbeoordeling" in error_next_to(response.content.decode(), "has_self_assessment").lower()
    draft.refresh_from_db()
    assert draft.is_editable
    hr.post(
        f"/regelingen/versions/{draft.pk}/",
        {k: v for k, v in shape_post(draft).items() if k != "has_self_assessment"},
    )
    response = hr.post(f"/regelingen/versions/{draft.pk}/publish/", {"confirm": "yes"}, follow=True)
    draft.refresh_from_db()
    assert not draft.is_editable
    assert "is gepubliceerd" in response.content.decode()


@pytest.mark.parametrize("who", ["manager", "employee", "unit_hr"])
def test_others_may_not_edit_regelingen(org, builtin, who):
    from people.services import hr_grant
    from tests.factories import UserFactory

    if who == "unit_hr":
        user = UserFactory(username="hr-burgerzaken")
        hr_grant(user=user, org_units=[org.team], actor=None)
    else:
        user = getattr(org, who).user
    client = Client()
    client.force_login(user)
    version = published()
    question = TalkQuestion.objects.filter(section__form__template_version=version).first()
    for url in (
        "/regelingen/",
        f"/regelingen/versions/{version.pk}/",
        f"/regelingen/forms/{question.section.form_id}/preview/employee/",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/regelingen/versions/{version.pk}/draft/").status_code == 403
    assert client.post("/regelingen/new/", {"name": "Stiekem"}).status_code == 403
    assert not CycleTemplate.objects.filter(name="Stiekem").exists()
    assert CycleTemplateVersion.objects.filter(status="draft").count() == 0


def test_the_header_links_to_the_regelingen_for_hr_of_the_whole_organisation_only(hr, org):
    assert 'href="/regelingen/"' in hr.get("/").content.decode()
    from people.services import hr_grant
    from tests.factories import UserFactory

    unit_hr = UserFactory(username="hr-team")
    hr_grant(user=unit_hr, org_units=[org.team], actor=None)
    client = Client()
    client.force_login(unit_hr)
    assert 'href="/regelingen/"' not in client.get("/").content.decode()


def test_a_section_is_added_to_a_draft_and_refused_on_a_published_form(hr, org):
    draft = draft_of(actor=org.hr)
    form = draft.talk_forms.get(talk="planning")
    response = hr.post(f"/regelingen/forms/{form.pk}/sections/", {"section-title": "Loopbaan"})
    assert response.status_code == 302
    assert form.sections.order_by("order").last().title == "Loopbaan"
    assert hr.post(f"/regelingen/forms/{form.pk}/sections/", {"section-title": ""}).status_code == 400
    published_form = published().talk_forms.get(talk="planning")
    response = hr.post(f"/regelingen/forms/{published_form.pk}/sections/", {"section-title": "Loopbaan"})
    assert response.status_code == 409
    assert not published_form.sections.filter(title="Loopbaan").exists()
