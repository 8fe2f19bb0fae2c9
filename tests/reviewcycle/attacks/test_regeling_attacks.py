"""Attacks on the regeling pages and talk form answers (helper 7, issue 20)."""

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from reviewcycle.models import CycleTemplate, CycleTemplateEvent, TalkQuestion
from tests.reviewcycle.regelingen.helpers import draft_of, published
from tests.reviewcycle.talk_forms.helpers import answer, api, question, record_planning_talk

pytestmark = pytest.mark.django_db


def urls(version, question):
    form_id = question.section.form_id
    return [
        ("get", "/regelingen/", {}),
        ("post", "/regelingen/new/", {"name": "Stiekem"}),
        ("get", f"/regelingen/versions/{version.pk}/", {}),
        ("post", f"/regelingen/versions/{version.pk}/", {"period": "calendar_year"}),
        ("post", f"/regelingen/versions/{version.pk}/draft/", {}),
        ("post", f"/regelingen/versions/{version.pk}/publish/", {}),
        ("post", f"/regelingen/versions/{version.pk}/forms/", {"add-talk": "planning"}),
        ("get", f"/regelingen/forms/{form_id}/", {}),
        ("post", f"/regelingen/forms/{form_id}/", {"title": "X"}),
        ("post", f"/regelingen/forms/{form_id}/sections/", {"section-title": "X"}),
        ("get", f"/regelingen/forms/{form_id}/preview/manager/", {}),
        ("get", f"/regelingen/sections/{question.section_id}/questions/", {}),
        (
            "post",
            f"/regelingen/sections/{question.section_id}/questions/",
            {"text": "X", "kind": "text", "answered_by": "employee"},
        ),
        ("get", f"/regelingen/questions/{question.pk}/", {}),
        (
            "post",
            f"/regelingen/questions/{question.pk}/",
            {"text": "X", "kind": "text", "answered_by": "employee"},
        ),
        ("post", f"/regelingen/questions/{question.pk}/move/", {"direction": "up"}),
        ("post", f"/regelingen/questions/{question.pk}/delete/", {}),
    ]


@pytest.mark.parametrize("who", ["anonymous", "manager", "employee", "unit_hr", "leaver_hr"])
def test_nobody_but_organisation_hr_reaches_any_regeling_url(org, builtin, who):
    from people.services import hr_grant
    from tests.factories import UserFactory

    draft = draft_of(actor=org.hr)
    question = TalkQuestion.objects.filter(section__form__template_version=draft).last()
    client = Client()
    if who == "unit_hr":
        user = UserFactory(username="hr-unit")
        hr_grant(user=user, org_units=[org.team], actor=None)
        client.force_login(user)
    elif who == "leaver_hr":  # HR of the whole organisation who has left
        org.hr.is_active = False
        org.hr.save()
        client.force_login(org.hr)
    elif who != "anonymous":
        client.force_login(getattr(org, who).user)
    events = CycleTemplateEvent.objects.count()
    for method, url, data in urls(draft, question):
        response = getattr(client, method)(url, data)
        assert response.status_code in (302, 403, 405), (url, response.status_code)
        if response.status_code == 302:
            assert "/login" in response["Location"] or "accounts" in response["Location"], url
    assert CycleTemplateEvent.objects.count() == events
    assert TalkQuestion.objects.filter(pk=question.pk).exists()
    assert not CycleTemplate.objects.filter(name="Stiekem").exists()


def test_every_change_of_a_published_version_is_refused(org, builtin):
    client = Client()
    client.force_login(org.hr)
    version = published()
    question = TalkQuestion.objects.filter(section__form__template_version=version).first()
    before = list(TalkQuestion.objects.filter(section__form__template_version=version).values())
    for method, url, data in urls(version, question):
        if method == "get" or url.endswith(("/draft/", "/new/")):
            continue
        response = client.post(url, data)
        assert response.status_code in (302, 409), (url, response.status_code)
        if response.status_code == 302:
            assert "/regelingen/" in response["Location"]
    assert list(TalkQuestion.objects.filter(section__form__template_version=version).values()) == before


def test_csrf_is_enforced_on_the_regeling_posts(org, builtin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.hr)
    draft = draft_of(actor=org.hr)
    question = TalkQuestion.objects.filter(section__form__template_version=draft).last()
    for method, url, data in urls(draft, question):
        if method == "post":
            assert client.post(url, data).status_code == 403, url
    assert TalkQuestion.objects.filter(pk=question.pk).exists()


def test_html_in_a_question_is_escaped_on_the_pages(org, builtin):
    client = Client()
    client.force_login(org.hr)
    draft = draft_of(actor=org.hr)
    form = draft.talk_forms.get(talk="planning")
    section = form.sections.first()
    evil = "<script>alert(1)</script>"
    response = client.post(
        f"/regelingen/sections/{section.pk}/questions/",
        {
            "text": evil,
            "help_text": evil,
            "kind": "choice",
            "options": f"{evil}\nnee",
            "answered_by": "employee",
        },
    )
    assert response.status_code == 302
    for url in (f"/regelingen/forms/{form.pk}/", f"/regelingen/forms/{form.pk}/preview/employee/"):
        assert evil not in client.get(url).content.decode(), url


@pytest.mark.parametrize(
    "options", ["", "ja", "ja\nja", "ja\n ja \n", "\n".join(str(i) for i in range(30)), "x" * 201 + "\nb"]
)
def test_bad_choice_options_are_a_400_not_a_500(org, builtin, options):
    client = Client()
    client.force_login(org.hr)
    section = draft_of(actor=org.hr).talk_forms.get(talk="planning").sections.first()
    count = TalkQuestion.objects.count()
    response = client.post(
        f"/regelingen/sections/{section.pk}/questions/",
        {"text": "Vraag", "kind": "choice", "options": options, "answered_by": "employee"},
    )
    assert response.status_code == 400
    assert TalkQuestion.objects.count() == count


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("response_term_days", "-5"),
        ("response_term_days", "99999999999999999999"),
        ("min_progress_talks", "-1"),
        ("min_progress_talks", "100000"),
        ("goal_weight", "abc"),
        ("planning_due", "twee"),
        ("planning_due", "-1"),
        ("planning_due", "1e309"),
        ("start_talk_within_days", "999999999999"),
        ("rating_scale", "999999"),
        ("period", "forever"),
    ],
)
def test_bad_shape_input_is_a_400(org, builtin, field, value):
    from tests.reviewcycle.regelingen.test_pages import shape_post

    client = Client()
    client.force_login(org.hr)
    draft = draft_of(actor=org.hr)
    response = client.post(f"/regelingen/versions/{draft.pk}/", shape_post(draft, **{field: value}))
    assert response.status_code == 400, (field, value)


@pytest.mark.parametrize("url", ["/regelingen/new/", "form-title", "section"])
def test_control_characters_in_single_line_fields_are_refused(org, builtin, url):
    client = Client()
    client.force_login(org.hr)
    form = draft_of(actor=org.hr).talk_forms.get(talk="planning")
    sneaky = "Naam\rmet\x0bregel"
    if url == "form-title":
        response = client.post(f"/regelingen/forms/{form.pk}/", {"title": sneaky})
    elif url == "section":
        response = client.post(f"/regelingen/forms/{form.pk}/sections/", {"section-title": sneaky})
    else:
        response = client.post(url, {"name": sneaky})
    assert response.status_code == 400


def test_a_control_character_in_an_answer_does_not_break_the_xlsx_talk_reports(review, org):
    value = "Goed\x07 gedaan\x1b"
    response = answer(org.employee.user, review, question(review, "planning", "employee").pk, value)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        return  # refused at the door: fine
    record_planning_talk(review, org)
    response = api(org.hr).get(f"/api/v1/cycles/{review.cycle_id}/talk-reports/?format=xlsx&language=nl")
    assert response.status_code == 200
    sheet = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ).active
    cells = [str(cell.value) for row in sheet.iter_rows() for cell in row]
    assert "Goed\ufffd gedaan\ufffd" in cells


def test_a_formula_in_an_answer_is_text_in_the_csv_talk_reports(review, org):
    value = '=HYPERLINK("http://evil","klik")'
    assert (
        answer(org.employee.user, review, question(review, "planning", "employee").pk, value).status_code
        == 200
    )
    record_planning_talk(review, org)
    response = api(org.hr).get(f"/api/v1/cycles/{review.cycle_id}/talk-reports/?format=csv&language=nl")
    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "'=HYPERLINK" in body


def test_a_regeling_without_a_published_version_is_not_in_the_api(org, builtin):
    from reviewcycle.shapes.editing import cycle_template_create

    cycle_template_create(actor=org.hr, name="Reorganisatie 2027 (geheim)")
    client = api(org.employee.user)
    names = [template["name"] for template in client.get("/api/v1/cycle-templates/").json()]
    assert "Reorganisatie 2027 (geheim)" not in names
    assert "Gemeentelijk" in names
    secret = CycleTemplate.objects.get(name="Reorganisatie 2027 (geheim)")
    assert client.get(f"/api/v1/cycle-templates/{secret.pk}/").status_code == 404


def test_a_yes_no_answer_reads_in_dutch_on_the_record(review, org):
    from reviewcycle.talk_forms.selectors import form_for, questions_of

    yes_no = next(q for q in questions_of(form_for(review, "planning")) if q.kind == "yes_no")
    assert answer(org.employee.user, review, yes_no.pk, "yes").status_code == 200
    record_planning_talk(review, org)
    from tests.language import speaking

    client = speaking(Client(), "nl")
    client.force_login(org.employee.user)
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert 'lang="nl"' in page
    assert "<br>yes</dd>" not in page
    assert "<br>Ja</dd>" in page
