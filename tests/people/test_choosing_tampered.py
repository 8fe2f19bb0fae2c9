"""Choosing a person or a unit among many (issue 17), as a careless or hostile user posts it: a value
that is no id, or an id of no one HR may choose, is an error by its field (a page as without it for
``?unit=``), never a crash; someone who cannot log in is no one to choose."""

import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import EmployeeFactory
from tests.reviewcycle.helpers import english_client

pytestmark = pytest.mark.django_db

# A digit to str.isdigit() but no number to int() ("²"), and a number past any id (SQLite cannot even
# compare with it).
NOT_IDS = ["²", "99999999999999999999"]


def browser(user, client=None):
    client = client or english_client()
    client.force_login(user)
    return client


def field_errors(html: str, name: str) -> str:
    """The text of the error list that belongs to the field ``name`` (its ``aria-describedby``)."""
    described = re.search(rf'name="{name}"[^>]*aria-describedby="([^"]+)"', html)
    assert described, f"no error described for {name}"
    ids = described.group(1).split()
    return " ".join(
        re.sub(r"<[^>]+>", " ", match.group(1))
        for error_id in ids
        if (match := re.search(rf'id="{error_id}"[^>]*>(.*?)</(?:ul|div|p)>', html, re.S))
    )


@pytest.mark.parametrize("value", NOT_IDS)
def test_a_unit_that_is_no_id_shows_the_whole_cycle_or_an_error_by_the_filter(cycle, org, value):
    client = browser(org.hr)
    assert client.get(f"/reports/cycles/{cycle.pk}/", {"unit": value}).status_code == 200
    assert client.get(f"/reports/cycles/{cycle.pk}/dashboard.pdf", {"unit": value}).status_code == 200
    listed = client.get(f"/cycles/{cycle.pk}/reviews/", {"org_unit": value})
    assert listed.status_code == 200
    unit_filter = re.search(r'<select id="filter-org_unit".*?</select>', listed.content.decode(), re.S)
    assert unit_filter.group(0).count("<option") == 1  # nothing chosen: the value is no unit
    zipped = client.post(f"/reports/cycles/{cycle.pk}/exports/", {"org_unit": value}, follow=True)
    assert "Choose one of your organisation units for the zip of the forms." in zipped.content.decode()


@pytest.mark.parametrize("value", NOT_IDS)
def test_a_person_that_is_no_id_is_an_error_by_the_field(review, org, value):
    client = browser(org.hr)
    for url, field in (
        (f"/reviews/{review.pk}/reassign/", "reassign-manager"),
        (f"/reviews/{review.pk}/second-reviewer/", "second-second_reviewer"),
    ):
        prefix = field.split("-")[0]
        answer = client.post(url, {field: value, f"{prefix}-reason": "Reorganisatie"})
        assert answer.status_code == 400
        assert "valid choice" in field_errors(answer.content.decode(), field)
    review.refresh_from_db()
    assert review.manager == org.manager


@pytest.mark.parametrize("value", NOT_IDS)
def test_a_scope_that_is_no_id_is_an_error_by_the_field(org, value):
    answer = browser(org.hr).post("/cycles/new/", {"scope": [value], "name": "Gesprekscyclus 2027"})
    assert answer.status_code == 400
    assert "valid" in field_errors(answer.content.decode(), "scope")


def test_a_person_outside_hr_s_units_is_a_dutch_error_by_the_field(review, org):
    """HR for one team posts someone of another team (a tampered id): refused in Dutch, nothing moves."""
    from people.services import hr_grant
    from tests.factories import UserFactory

    team_hr = UserFactory(username="tessa-hr")
    hr_grant(user=team_hr, org_units=[org.team], actor=None)
    client = browser(team_hr, Client())
    answer = client.post(
        f"/reviews/{review.pk}/reassign/",
        {"reassign-manager": org.other_manager.pk, "reassign-reason": "Reorganisatie"},
    )
    assert answer.status_code == 400
    assert "Selecteer een geldige keuze" in field_errors(answer.content.decode(), "reassign-manager")
    answer = client.post("/cycles/new/", {"scope": [org.other_team.pk], "name": "Gesprekscyclus 2027"})
    assert answer.status_code == 400
    assert "Selecteer een geldige keuze" in field_errors(answer.content.decode(), "scope")
    review.refresh_from_db()
    assert review.manager == org.manager


def test_someone_whose_account_is_switched_off_is_no_manager_or_second_reviewer(review, org):
    """Still on the payroll, but the login is off (the administrator switched it off): they could not
    open the review, so HR cannot choose them, by searching or by posting their id."""
    locked = EmployeeFactory(name="Ina Inactief", org_unit=org.team)
    locked.user.is_active = False
    locked.user.save(update_fields=["is_active"])
    api = APIClient()
    api.force_authenticate(org.hr)
    found = api.get("/api/v1/people/", {"search": "Ina"}).json()["results"]
    assert found == []
    client = browser(org.hr)
    for url, field in (
        (f"/reviews/{review.pk}/reassign/", "reassign-manager"),
        (f"/reviews/{review.pk}/second-reviewer/", "second-second_reviewer"),
    ):
        prefix = field.split("-")[0]
        answer = client.post(url, {field: locked.pk, f"{prefix}-reason": "Reorganisatie"})
        assert answer.status_code == 400
        assert "valid choice" in field_errors(answer.content.decode(), field)
    review.refresh_from_db()
    assert (review.manager, review.second_reviewer) == (org.manager, org.director)


def test_the_api_names_only_whom_the_pages_offer(review, org):
    """The pages offer HR the people of their units whose login works (``people_hr_may_name``); the API
    (``POST /api/v1/reviews/{id}/reassign/``, ``…/second-reviewer/``) refuses the others by the field,
    as the service does (in Dutch, the API's default): the rule is the service's, not the form's."""
    from people.services import hr_grant
    from tests.factories import UserFactory

    team_hr = UserFactory(username="tessa-hr")
    hr_grant(user=team_hr, org_units=[org.team], actor=None)
    locked = EmployeeFactory(name="Ina Inactief", org_unit=org.team)
    locked.user.is_active = False
    locked.user.save(update_fields=["is_active"])
    api = APIClient()
    api.force_authenticate(team_hr)
    for person, because in (
        (org.other_manager, "eenheden waarvoor je HR bent"),
        (locked, "kan niet inloggen"),
    ):
        moved = api.post(f"/api/v1/reviews/{review.pk}/reassign/", {"manager": person.pk}, format="json")
        assert moved.status_code == 400
        assert because in moved.json()["manager"][0]
        named = api.post(
            f"/api/v1/reviews/{review.pk}/second-reviewer/", {"second_reviewer": person.pk}, format="json"
        )
        assert named.status_code == 400
        assert because in named.json()["second_reviewer"][0]
    explicit = api.post(
        f"/api/v1/reviews/{review.pk}/reassign/",
        {"manager": org.colleague.pk, "second_reviewer": org.other_manager.pk},
        format="json",
    )
    assert explicit.status_code == 400
    assert "eenheden waarvoor je HR bent" in explicit.json()["second_reviewer"][0]
    review.refresh_from_db()
    assert (review.manager, review.second_reviewer) == (org.manager, org.director)


def test_a_zip_of_a_unit_outside_hr_s_units_says_to_choose_one_of_theirs(cycle, org):
    """A tampered unit id in the zip's field: the same message as an empty one, no 403 page."""
    from people.services import hr_grant
    from tests.factories import UserFactory

    team_hr = UserFactory(username="tessa-hr")
    hr_grant(user=team_hr, org_units=[org.team], actor=None)
    client = browser(team_hr)
    answer = client.post(f"/reports/cycles/{cycle.pk}/exports/", {"org_unit": org.other_team.pk}, follow=True)
    assert answer.redirect_chain[-1][0] == f"/reports/cycles/{cycle.pk}/#bulk"
    assert "Choose one of your organisation units for the zip of the forms." in answer.content.decode()


def test_an_explicit_second_reviewer_who_is_the_employee_or_the_new_manager_is_refused(review, org):
    """``POST /api/v1/reviews/{id}/reassign/`` with a second reviewer named: the employee or the new
    manager is refused by the field, as naming them alone is, not silently dropped (no second reviewer)."""
    api = APIClient()
    api.force_authenticate(org.hr)
    for second in (org.employee, org.colleague):
        answer = api.post(
            f"/api/v1/reviews/{review.pk}/reassign/",
            {"manager": org.colleague.pk, "second_reviewer": second.pk},
            format="json",
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert answer.status_code == 400, answer.json()
        assert "someone other than the employee and the manager" in answer.json()["second_reviewer"][0]
    review.refresh_from_db()
    assert (review.manager, review.second_reviewer) == (org.manager, org.director)
