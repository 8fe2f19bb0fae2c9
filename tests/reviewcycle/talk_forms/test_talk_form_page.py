"""UX finding 15: the talk form page addresses its reader ("Jouw voorbereiding", "Samen in het gesprek"),
names the talk and its number, leads back to the review, and preselects no answer."""

import datetime
import re

import pytest
from django.test import Client

from reviewcycle.services import review_record_progress_talk, review_sign_plan
from tests.language import speaking
from tests.reviewcycle.talk_forms.helpers import record_planning_talk

pytestmark = pytest.mark.django_db


def talk_form_page(user, review) -> str:
    client = speaking(Client(), "nl")
    client.force_login(user)
    response = client.get(f"/reviews/{review.pk}/talk-form/")
    assert response.status_code == 200
    return response.content.decode()


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_employee_reads_her_own_preparation_with_no_answer_chosen(review, org):
    html = talk_form_page(org.employee.user, review)
    text = text_of(html)
    assert "Jouw voorbereiding" in text
    assert "De medewerker, voor het gesprek" not in text
    assert "Samen in het gesprek" not in text  # the report is the manager's to write
    assert f'href="/reviews/{review.pk}/"' in html.split("<h1")[0]  # a breadcrumb back to the review
    assert "Planningsgesprek" in text_of(html.split("</h1>")[0].split("<h1")[1])
    assert 'value=""' not in html  # no "—" option on scale or yes/no questions
    assert "checked" not in html
    assert "Waar krijg je energie van in je werk, en wat kost energie? (verplicht)" in text


def test_the_manager_reads_his_preparation_and_the_report_apart(review, org):
    text = text_of(talk_form_page(org.manager.user, review))
    assert text.index("Jouw voorbereiding") < text.index("Samen in het gesprek (verslag)")
    assert "Afspraken over werkdruk" in text[text.index("Samen in het gesprek (verslag)") :]
    assert "Wat zie jij dat goed gaat" in text[: text.index("Samen in het gesprek (verslag)")]


def test_the_second_progress_talk_is_named_with_its_number(review, org, traveller):
    record_planning_talk(review, org)
    review_sign_plan(review=review, actor=org.employee.user, signature="agreed")
    traveller.move_to(datetime.datetime(2026, 4, 1, 9, 0, tzinfo=datetime.UTC))
    review_record_progress_talk(
        review=review, actor=org.manager.user, talk_date=datetime.date(2026, 3, 31), notes="Loopt."
    )
    heading = talk_form_page(org.employee.user, review).split("</h1>")[0]
    assert "Voortgangsgesprek 2" in text_of(heading)
