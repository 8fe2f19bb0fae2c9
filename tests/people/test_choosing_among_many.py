"""Choosing a person or a unit among many (issue 17): the pages hold only the chosen option and search
``GET /api/v1/people/`` / ``GET /api/v1/org-units/`` a page at a time, within HR's units."""

import re

import pytest
from rest_framework.test import APIClient

from reviewcycle.forms.fields import MAX_TEXT
from tests.factories import EmployeeFactory, OrgUnitFactory
from tests.reviewcycle.helpers import english_client

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def names(answer) -> list[str]:
    assert answer.status_code == 200, answer.content
    return [person["name"] for person in answer.json()["results"]]


def test_hr_finds_people_of_their_units_by_name_words_or_the_start_of_the_number(org):
    answer = api(org.hr).get("/api/v1/people/", {"search": "ander"})
    assert names(answer) == ["Olaf Ander", "Otto Ander"]
    assert answer.json()["results"][0]["label"] == (
        f"Olaf Ander ({org.other_manager.employee_number}), Financiën"
    )
    assert names(api(org.hr).get("/api/v1/people/", {"search": "otto AND"})) == ["Otto Ander"]
    number = org.colleague.employee_number
    assert "Cor Collega" in names(api(org.hr).get("/api/v1/people/", {"search": number}))
    assert names(api(org.hr).get("/api/v1/people/", {"search": number[1:]})) == []  # the start only


def test_the_search_keeps_to_hr_s_units_active_people_and_never_offers_hr_themselves(org):
    stranger = EmployeeFactory(name="Sanne Elders", org_unit=OrgUnitFactory(name="Elders"))
    EmployeeFactory(name="Vera Vertrokken", org_unit=org.team, active=False)
    found = names(api(org.hr).get("/api/v1/people/", {"page_size": 500}))
    assert "Eva Employee" in found
    assert stranger.name not in found
    assert "Vera Vertrokken" not in found
    assert names(api(org.hr_elsewhere).get("/api/v1/people/", {"search": "Eva"})) == []
    hr_employee = EmployeeFactory(name="Hanna Personeelszaken", org_unit=org.team, user=org.hr)
    assert hr_employee.name not in names(api(org.hr).get("/api/v1/people/", {"search": "Hanna"}))


def test_only_hr_may_search_and_bad_input_is_a_400_naming_the_parameter(org):
    assert api(org.manager.user).get("/api/v1/people/").status_code == 403
    assert api(org.employee.user).get("/api/v1/org-units/").status_code == 403
    assert APIClient().get("/api/v1/people/").status_code == 401
    too_long = api(org.hr).get("/api/v1/people/", {"search": "x" * 101})
    assert too_long.status_code == 400
    assert "search" in too_long.json()
    assert "search" in api(org.hr).get("/api/v1/people/", {"search": "a\nb"}).json()
    assert "page" in api(org.hr).get("/api/v1/people/", {"page": 99}).json()


def test_hr_finds_units_of_their_scope_by_name(org):
    assert [
        unit["name"] for unit in api(org.hr).get("/api/v1/org-units/", {"search": "zaken"}).json()["results"]
    ] == ["Burgerzaken"]
    assert api(org.hr_elsewhere).get("/api/v1/org-units/", {"search": "zaken"}).json()["results"] == []


def _select(html: str, name: str) -> str:
    return re.search(rf'<select name="{name}"[^>]*>.*?</select>', html, re.S).group(0)


def test_the_review_page_never_lists_the_organisation_in_its_person_fields(review, org):
    for number in range(60):
        EmployeeFactory(name=f"Medewerker {number:02d}", org_unit=org.team, manager=org.manager)
    client = english_client()
    client.force_login(org.hr)
    html = client.get(f"/reviews/{review.pk}/").content.decode()
    for name in ("reassign-manager", "second-second_reviewer"):
        select = _select(html, name)
        assert select.count("<option") == 1, select  # the empty one: the rest is found by typing
        assert 'data-search-url="/api/v1/people/?exclude=' in select
    # A form that comes back (the reason is too long) keeps the chosen person, and only them.
    answer = client.post(
        f"/reviews/{review.pk}/reassign/",
        {"reassign-manager": org.other_manager.pk, "reassign-reason": "x" * (MAX_TEXT + 1)},
    )
    assert answer.status_code == 400
    select = _select(answer.content.decode(), "reassign-manager")
    assert select.count("<option") == 2
    assert "Olaf Ander" in select
    assert "selected" in select


def test_hr_moves_a_review_to_a_person_found_by_searching(review, org):
    client = english_client()
    client.force_login(org.hr)
    answer = client.post(
        f"/reviews/{review.pk}/reassign/",
        {"reassign-manager": org.other_manager.pk, "reassign-reason": "Reorganisatie"},
    )
    assert answer.status_code == 302
    review.refresh_from_db()
    assert review.manager == org.other_manager


def test_the_unit_filter_and_the_forms_zip_find_units_by_typing(cycle, org):
    for number in range(30):
        OrgUnitFactory(name=f"Team {number:02d}", parent=org.team)
    client = english_client()
    client.force_login(org.hr)
    html = client.get(f"/cycles/{cycle.pk}/reviews/").content.decode()
    unit_filter = re.search(r'<select id="filter-org_unit".*?</select>', html, re.S).group(0)
    assert unit_filter.count("<option") == 1
    assert 'data-search-url="/api/v1/org-units/"' in unit_filter
    filtered = client.get(f"/cycles/{cycle.pk}/reviews/", {"org_unit": org.team.pk}).content.decode()
    unit_filter = re.search(r'<select id="filter-org_unit".*?</select>', filtered, re.S).group(0)
    assert '<option value="' + str(org.team.pk) + '" selected>Burgerzaken</option>' in unit_filter
    dashboard = client.get(f"/reports/cycles/{cycle.pk}/").content.decode()
    zip_unit = re.search(r'<select id="export-unit".*?</select>', dashboard, re.S).group(0)
    assert zip_unit.count("<option") == 1
    assert 'data-search-url="/api/v1/org-units/"' in zip_unit


def test_a_zip_of_the_forms_without_a_unit_says_so_on_the_dashboard(cycle, org):
    client = english_client()
    client.force_login(org.hr)
    answer = client.post(f"/reports/cycles/{cycle.pk}/exports/", {"org_unit": ""}, follow=True)
    assert answer.redirect_chain[-1][0] == f"/reports/cycles/{cycle.pk}/#bulk"
    assert "Choose one of your organisation units for the zip of the forms." in answer.content.decode()


def test_the_search_offers_no_one_the_form_would_refuse(review, org):
    """The review's employee and manager (and second reviewer) are no choice: the search leaves them out,
    so no one picks them only to be told "Selecteer een geldige keuze"."""
    client = english_client()
    client.force_login(org.hr)
    html = client.get(f"/reviews/{review.pk}/").content.decode()
    refused = {
        "reassign-manager": {review.employee.name, review.manager.name},
        "second-second_reviewer": {review.employee.name, review.manager.name, review.second_reviewer.name},
    }
    for name, people in refused.items():
        url = re.search(r'data-search-url="([^"]+)"', _select(html, name)).group(1).replace("&amp;", "&")
        found = names(api(org.hr).get(f"{url}&page_size=500"))
        assert "Cor Collega" in found
        assert not people & set(found), (name, found)


def test_the_people_search_leaves_out_the_numbers_given_and_refuses_others(org):
    found = names(
        api(org.hr).get("/api/v1/people/", {"search": "ander", "exclude": f"{org.other_manager.pk}"})
    )
    assert found == ["Otto Ander"]
    both = f"{org.other_manager.pk},{org.other_employee.pk}"
    assert names(api(org.hr).get("/api/v1/people/", {"search": "ander", "exclude": both})) == []
    assert "exclude" in api(org.hr).get("/api/v1/people/", {"exclude": "1,x"}).json()


def test_the_unit_fields_ask_for_a_unit_s_name_not_a_person_s_number(cycle, org):
    client = english_client()
    client.force_login(org.hr)
    dashboard = client.get(f"/reports/cycles/{cycle.pk}/").content.decode()
    reviews = client.get(f"/cycles/{cycle.pk}/reviews/").content.decode()
    new_cycle = client.get("/cycles/new/").content.decode()
    fields = {
        "zip": re.search(r'<select id="export-unit".*?</select>', dashboard, re.S).group(0),
        "filter": re.search(r'<select id="filter-org_unit".*?</select>', reviews, re.S).group(0),
        "scope": _select(new_cycle, "scope"),
    }
    for name, select in fields.items():
        assert 'data-no-results="Nothing found. Type part of the unit&#x27;s name."' in select, (name, select)
        assert "number" not in select, (name, select)
    assert 'data-placeholder="Type part of a unit&#x27;s name…"' in fields["zip"]


def test_without_javascript_each_search_field_says_it_needs_it(cycle, review, org):
    """Its list holds only the chosen option: without JavaScript it cannot be searched, and says so."""
    client = english_client()
    client.force_login(org.hr)
    needs = '<noscript><p class="meta">Searching needs JavaScript: turn it on in your browser to choose here.'
    pages = {
        f"/reviews/{review.pk}/": 2,  # the new manager, the new second reviewer
        f"/cycles/{cycle.pk}/reviews/": 1,  # the unit filter
        f"/reports/cycles/{cycle.pk}/": 1,  # the zip's unit
        "/cycles/new/": 1,  # the cycle's units
    }
    for url, fields in pages.items():
        assert client.get(url).content.decode().count(needs) == fields, url
