"""The history of a review names what happened with its kind's one past-tense label, on the page,
in the PDF and in the API; the API gives the kind and, for a change, the old and the new value."""

import pytest
from rest_framework.test import APIClient

from reports.pdf import render_review_form
from reviewcycle.record import review_form
from reviewcycle.services import goal_create, review_record_planning_talk, review_set_second_reviewer
from tests.language import speaking
from tests.reports import needs_pdftotext
from tests.reports.test_review_pdf import flat, pdf_text
from tests.reviewcycle.helpers import PLANNING_TALK

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(review, org):
    review_set_second_reviewer(
        review=review, actor=org.hr, second_reviewer=org.other_manager, reason="Dora is met verlof"
    )
    goal_create(review=review, actor=org.manager.user, title="Wachttijd balie onder 10 minuten", weight=100)
    return review_record_planning_talk(review=review, actor=org.manager.user, talk_date=PLANNING_TALK)


def test_the_page_tells_the_history_in_the_past_tense(planned, org, client):
    client.force_login(org.employee.user)
    page = speaking(client, "nl").get(f"/reviews/{planned.pk}/").content.decode()
    history = page[page.index('id="history"') :]
    assert "Planningsgesprek vastgelegd door Max Manager op 15 januari 2026 om 11:00" in history
    assert "Andere tweede beoordelaar aangewezen door hans-hr op 15 januari 2026" in history
    assert "Planningsgesprek vastleggen" not in history  # the button's words, not what happened


def test_the_api_gives_kind_label_and_old_and_new(planned, org):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="nl")
    api.force_authenticate(org.hr)
    events = api.get(f"/api/v1/reviews/{planned.pk}/").json()["events"]
    assert [(event["kind"], event["label"]) for event in events] == [
        ("open", "Gesprekscyclus geopend"),
        ("set_second_reviewer", "Andere tweede beoordelaar aangewezen"),
        ("add_goal", "Resultaatafspraak toegevoegd"),
        ("record_planning_talk", "Planningsgesprek vastgelegd"),
    ]
    change = events[1]
    assert (change["old_value"], change["new_value"]) == (
        {"second_reviewer": org.director.pk},
        {"second_reviewer": org.other_manager.pk},
    )
    assert (events[3]["old_value"], events[3]["new_value"]) == (None, None)


@needs_pdftotext
def test_the_pdf_tells_the_same_history(planned, org):
    org.employee.preferred_language = "nl"
    org.employee.save(update_fields=["preferred_language"])
    text = flat(pdf_text(render_review_form(review_form(user=org.hr, pk=planned.pk, kind="planning"))))
    assert "Geschiedenis" in text
    assert "Gesprekscyclus geopend" in text
    assert "Andere tweede beoordelaar aangewezen" in text
    assert "Planningsgesprek vastgelegd Max Manager" in text
