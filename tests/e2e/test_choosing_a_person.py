"""HR moves a review to another manager found by typing, with the keyboard only (issue 17): the page
holds no list of the organisation's people; the search field asks ``GET /api/v1/people/``."""

import pytest

from reviewcycle.models import Review
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_hr_finds_the_new_manager_by_typing_and_moves_the_review(chromium, live_server, people, review, org):
    hr = log_in(chromium, live_server, people["hr"], viewport={"width": 390, "height": 844})
    hr.goto(f"{live_server.url}/reviews/{review.pk}/")
    hr.get_by_text("Deze beoordeling overdragen aan een andere leidinggevende").click()
    field = hr.get_by_role("combobox", name="Nieuwe leidinggevende")
    field.focus()
    field.press_sequentially("olaf")
    hr.get_by_role("option", name=f"Olaf Ander ({org.other_manager.employee_number}), Financiën").wait_for()
    field.press("ArrowDown")
    field.press("Enter")
    with hr.expect_navigation():
        hr.locator("#reassign").get_by_role("button").click()
    assert Review.objects.get(pk=review.pk).manager == org.other_manager
