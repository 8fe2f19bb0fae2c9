"""The review page's side forms (plan a talk, another manager, another second reviewer): bad input
comes back on the review page with status 400, each error next to its field, the form open and filled
in as sent, under the error summary; not as a message at the top of a page that closed the form
(issue 16)."""

import re

import pytest

from notifications.models import ScheduledTalk
from reviewcycle.models import Review
from tests.reviewcycle.helpers import english_client
from tests.web.test_form_accessibility import Elements, check_errors_are_linked

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return english_client()


def field(html: str, field_id: str) -> dict:
    return next(attrs for _tag, attrs in Elements(html).elements if attrs.get("id") == field_id)


def assert_open_with_error(html: str, details_id: str, field_id: str) -> None:
    assert re.search(rf'<details class="card" id="{details_id}" open>', html), "the form stays open"
    check_errors_are_linked(html)
    attrs = field(html, field_id)
    assert attrs.get("aria-invalid") == "true"
    assert f"{field_id}_error" in attrs["aria-describedby"].split()
    assert f'id="{field_id}_error"' in html
    assert '<ul class="messages"' not in html  # not a flash message at the top


def test_a_talk_with_a_bad_duration_comes_back_next_to_its_field(review, org, client):
    client.force_login(org.manager.user)
    answer = client.post(
        f"/reviews/{review.pk}/talks/",
        {
            "talk-kind": "planning",
            "talk-starts_at": "2026-02-03T10:00",
            "talk-duration_minutes": "5",
            "talk-location": "Kamer 2.14",
        },
    )
    assert answer.status_code == 400
    html = answer.content.decode()
    assert_open_with_error(html, "plan-talk", "id_talk-duration_minutes")
    assert "Ensure this value is greater than or equal to 10." in html
    assert field(html, "id_talk-location")["value"] == "Kamer 2.14"  # kept
    assert field(html, "id_talk-starts_at")["value"] == "2026-02-03T10:00"
    assert not ScheduledTalk.objects.exists()


def test_a_talk_in_the_past_is_refused_next_to_its_date(review, org, client):
    client.force_login(org.manager.user)
    answer = client.post(
        f"/reviews/{review.pk}/talks/",
        {"talk-kind": "planning", "talk-starts_at": "2001-02-03T10:00", "talk-duration_minutes": "60"},
    )
    assert answer.status_code == 400
    assert_open_with_error(answer.content.decode(), "plan-talk", "id_talk-starts_at")


def test_another_manager_who_may_not_be_chosen_comes_back_next_to_the_field(review, org, client):
    client.force_login(org.hr)
    answer = client.post(
        f"/reviews/{review.pk}/reassign/",
        {"reassign-manager": org.employee.pk, "reassign-reason": "Reorganisatie"},
    )
    assert answer.status_code == 400
    html = answer.content.decode()
    assert_open_with_error(html, "reassign", "id_reassign-manager")
    assert "Select a valid choice" in html
    assert "Reorganisatie</textarea>" in html  # kept
    assert Review.objects.get(pk=review.pk).manager == org.manager


def test_a_second_reviewer_who_may_not_be_chosen_comes_back_next_to_the_field(review, org, client):
    client.force_login(org.hr)
    answer = client.post(
        f"/reviews/{review.pk}/second-reviewer/",
        {"second-second_reviewer": org.manager.pk, "second-reason": "Dora is met verlof"},
    )
    assert answer.status_code == 400
    html = answer.content.decode()
    assert_open_with_error(html, "second-reviewer", "id_second-second_reviewer")
    assert "Dora is met verlof</textarea>" in html
    assert Review.objects.get(pk=review.pk).second_reviewer == org.director


def test_the_side_forms_are_closed_when_nothing_went_wrong(review, org, client):
    client.force_login(org.hr)
    html = client.get(f"/reviews/{review.pk}/").content.decode()
    assert '<details class="card" id="reassign">' in html
    assert '<details class="card" id="second-reviewer">' in html
    assert "data-error-summary" not in html
