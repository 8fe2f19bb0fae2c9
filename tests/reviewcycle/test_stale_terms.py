"""The review page shows only the terms that still apply (walk item 10): the response term while the
employee may still respond, who at HR decides an objection and by when, and due dates only for the
phases still ahead."""

import pytest
from django.test import Client

from reviewcycle.models import Review
from reviewcycle.services import review_object
from reviewcycle.workflow import phase_timeline
from tests.language import speaking
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db

TERM_LINE = "The term for a response or an objection ends on"


def _employee_page(org, review) -> str:
    client = speaking(Client(), "en")
    client.force_login(org.employee.user)
    response = client.get(f"/reviews/{review.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_response_term_is_shown_while_the_employee_may_respond(review, org, traveller):
    review = advance(review, org, "employee_response", traveller)
    assert TERM_LINE in _employee_page(org, review)


def test_after_objecting_the_term_is_gone_and_the_page_names_who_at_hr_decides(review, org, traveller):
    org.hr.first_name, org.hr.last_name = "Hanna", "de Raad"
    org.hr.save(update_fields=["first_name", "last_name"])
    review = advance(review, org, "employee_response", traveller)
    review_object(review=review, actor=org.employee.user, grounds="Het oordeel over samenwerken klopt niet.")
    page = _employee_page(org, Review.objects.get(pk=review.pk))
    assert TERM_LINE not in page
    assert "Not signed: objected" in page
    assert "Not signed yet" not in page
    assert "Hanna de Raad (HR) decides on the objection by" in page


def test_without_an_hr_adviser_for_the_unit_the_page_says_hr(review, org, traveller):
    from people.models import HRScope

    review = advance(review, org, "employee_response", traveller)
    review_object(review=review, actor=org.employee.user, grounds="Het oordeel over samenwerken klopt niet.")
    HRScope.objects.filter(user=org.hr).delete()
    page = _employee_page(org, Review.objects.get(pk=review.pk))
    assert "HR decides on the objection by" in page


def test_once_signed_the_term_is_gone(review, org, traveller):
    review = advance(review, org, "second_review", traveller)
    assert TERM_LINE not in _employee_page(org, review)


def test_the_phase_bar_shows_due_dates_only_for_the_current_and_later_phases(review, org, traveller):
    review = advance(review, org, "scoring", traveller)
    phases = {phase["key"]: phase for phase in phase_timeline(review)}
    assert phases["planning"]["status"] == "done"
    assert phases["planning"]["due"] is None
    assert phases["progress"]["due"] is None
    assert phases["appraisal"]["due"] is not None
