"""The review page's *Input van anderen*: the manager asks a colleague or an external contact for input,
sees the requests and withdraws one; errors come back next to their fields; no section where the regeling
or the phase does not allow asking and nobody was asked."""

import datetime
import re

import pytest

from reviewcycle.models import InformantRequest
from tests.factories import EmployeeFactory
from tests.reviewcycle.informants.helpers import DUE, answer, ask

pytestmark = pytest.mark.django_db


def page(client, user, review):
    client.force_login(user)
    return client.get(f"/reviews/{review.pk}/")


def test_the_manager_sees_the_form_and_asks_a_colleague(client, in_progress, org, people):
    colleague = people["colleagues"][0]
    response = page(client, org.manager.user, in_progress)
    assert 'id="informants"' in response.text
    # The page lists nobody: the person is found by typing (a unit may have hundreds of people).
    select = re.search(r'<select name="informant-informant".*?</select>', response.text, re.S).group(0)
    assert f'data-search-url="/api/v1/reviews/{in_progress.pk}/informants/candidates/"' in select
    assert colleague.name not in select
    response = client.post(
        f"/reviews/{in_progress.pk}/informants/",
        {
            "informant-relation": "colleague",
            "informant-informant": colleague.pk,
            "informant-due_date": DUE,
        },
    )
    assert response.status_code == 302, re.findall(r'class="form-error">(.*?)</div>', response.text, re.S)
    request = InformantRequest.objects.get(review=in_progress)
    assert request.informant == colleague.user
    assert "Collega 0" in client.get(f"/reviews/{in_progress.pk}/").text


def test_an_external_contact_is_asked_by_address(client, in_progress, org):
    page(client, org.manager.user, in_progress)
    response = client.post(
        f"/reviews/{in_progress.pk}/informants/",
        {
            "informant-relation": "external",
            "informant-email": "Karin@Klant.example",
            "informant-name": "Karin Klant",
            "informant-due_date": DUE,
        },
    )
    assert response.status_code == 302
    assert InformantRequest.objects.get(review=in_progress).external_email == "karin@klant.example"


def test_errors_stand_next_to_their_fields_in_dutch(client, in_progress, org):
    org.manager.user.employee.preferred_language = "nl"
    org.manager.user.employee.save()
    page(client, org.manager.user, in_progress)
    response = client.post(
        f"/reviews/{in_progress.pk}/informants/",
        {"informant-relation": "external", "informant-due_date": "2020-01-01"},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 400
    assert 'id="ask-informant" open' in response.text
    assert "Geef het e-mailadres van het externe contact." in response.text
    assert "Geef de naam van het externe contact." in response.text
    assert not InformantRequest.objects.exists()


def test_the_services_refusal_stands_next_to_the_date(client, in_progress, org, people):
    page(client, org.manager.user, in_progress)
    response = client.post(
        f"/reviews/{in_progress.pk}/informants/",
        {
            "informant-relation": "colleague",
            "informant-informant": people["colleagues"][0].pk,
            "informant-due_date": "2020-01-01",
        },
    )
    assert response.status_code == 400
    assert re.search(r"id_informant-due_date.*?cannot be in the past", response.text, re.S)


def test_a_request_is_withdrawn_from_the_page_after_confirming(client, in_progress, org, people):
    """Withdrawing removes an answer the informant may have given (in an anonymous group the manager cannot
    know): the page asks first, without JavaScript, and only the confirmation's button withdraws."""
    request = ask(in_progress, org, "colleague", people["colleagues"][0])
    answer(request)
    review_page = page(client, org.manager.user, in_progress).text
    url = f"/reviews/{in_progress.pk}/informants/{request.pk}/withdraw/"
    assert f'href="{url}"' in review_page
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Collega 0" in confirm.text
    assert 'name="confirm" value="yes"' in confirm.text
    assert client.post(url).status_code == 200  # no confirmation: nothing withdrawn, the question again
    request.refresh_from_db()
    assert request.status == InformantRequest.Status.ANSWERED
    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == InformantRequest.Status.WITHDRAWN


def test_the_withdraw_confirmation_is_refused_to_who_may_not_withdraw(client, in_progress, org, people):
    request = ask(in_progress, org, "colleague", people["colleagues"][0])
    client.force_login(org.employee.user)
    url = f"/reviews/{in_progress.pk}/informants/{request.pk}/withdraw/"
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"confirm": "yes"}).status_code in (302, 403, 404)
    request.refresh_from_db()
    assert request.status == InformantRequest.Status.REQUESTED


def test_the_employee_sees_no_form_unless_the_regeling_allows_it(client, in_progress, org, people):
    response = page(client, org.employee.user, in_progress)
    assert 'id="ask-informant"' not in response.text
    version = in_progress.cycle.template_version
    version.informants_by_employee = True
    version.save(update_fields=["informants_by_employee"])
    assert 'id="ask-informant"' in page(client, org.employee.user, in_progress).text


def test_no_form_outside_the_regelings_phases(client, in_progress, org):
    version = in_progress.cycle.template_version
    version.informant_phases = []
    version.save(update_fields=["informant_phases"])
    response = page(client, org.manager.user, in_progress)
    assert 'id="informants"' not in response.text  # nobody was asked: no section at all
    assert (
        client.post(
            f"/reviews/{in_progress.pk}/informants/",
            {
                "informant-relation": "external",
                "informant-email": "a@b.example",
                "informant-name": "A",
                "informant-due_date": DUE,
            },
        ).status_code
        == 400
    )


def test_an_anonymous_group_shows_no_answered_status_nor_counts_below_the_minimum(
    client, in_progress, org, people
):
    requests = [ask(in_progress, org, "colleague", person) for person in people["colleagues"][:3]]
    answer(requests[0])
    answer(requests[1])
    text = page(client, org.manager.user, in_progress).text
    assert "Answered" not in text
    assert "Not shown yet" in text
    assert "Fully shown" not in text


def test_the_anonymity_note_names_the_regelings_anonymous_groups(client, in_progress, org):
    text = page(client, org.manager.user, in_progress).text
    assert "Answers of colleagues and direct reports are anonymous" in text
    version = in_progress.cycle.template_version
    version.informant_anonymous_relations = ["colleague"]
    version.save(update_fields=["informant_anonymous_relations"])
    text = page(client, org.manager.user, in_progress).text
    assert "Answers of colleagues are anonymous" in text
    version.informant_anonymous_relations = []
    version.save(update_fields=["informant_anonymous_relations"])
    assert (
        "Every answer is shown with the informant’s name." in page(client, org.manager.user, in_progress).text
    )


def test_a_hidden_group_says_why_without_telling_who_answered(client, in_progress, org, people, traveller):
    """While a request is open: wait until its due date. Once none is open and fewer than N answered: nothing
    will be shown, and the page says that this protects who answered (the lines said it already: closed)."""
    requests = [ask(in_progress, org, "colleague", person) for person in people["colleagues"][:3]]
    answer(requests[0])
    text = page(client, org.manager.user, in_progress).text
    assert "Not shown yet: requests of this group are still open (until 1 February 2026)." in text
    assert "at least 3 of them answered" in text
    traveller.move_to(datetime.datetime(2026, 2, 2, 9, tzinfo=datetime.UTC))
    text = page(client, org.manager.user, in_progress).text
    assert "Not shown: fewer than 3 of this group answered." in text
    assert "group are still open" not in text


def test_the_relation_is_chosen_not_preset(client, in_progress, org):
    text = page(client, org.manager.user, in_progress).text
    select = re.search(r'<select name="informant-relation".*?</select>', text, re.S).group(0)
    assert re.search(r'<option value="" selected>', select)


def test_an_indicators_counts_stand_apart_from_its_text(client, in_progress, org, people):
    for person in people["colleagues"][:3]:
        answer(ask(in_progress, org, "colleague", person))
    text = page(client, org.manager.user, in_progress).text
    assert ".:" not in text
    assert re.search(r'<span class="meta">Not shown 0 · Partly shown 0 · Fully shown 3</span>', text)


def test_the_person_to_ask_is_found_by_typing_among_those_near_the_employee(client, in_progress, org, people):
    """``GET /api/v1/reviews/<id>/informants/candidates/?search=``: the search field's list, for whoever may
    ask; never the employee or the asker; nobody from far away in the organisation."""
    far = EmployeeFactory(name="Collega Ver Weg")  # another unit, another manager
    url = f"/api/v1/reviews/{in_progress.pk}/informants/candidates/"
    client.force_login(org.manager.user)
    found = client.get(url, {"search": "collega"}).json()["results"]
    names = [item["name"] for item in found]
    assert {f"Collega {n}" for n in range(5)} <= set(names)
    assert f"Collega 0 ({people['colleagues'][0].employee_number}), {org.team.name}" in [
        item["label"] for item in found
    ]
    assert far.name not in names
    everyone = [item["name"] for item in client.get(url, {"page_size": 100}).json()["results"]]
    assert org.employee.name not in everyone
    assert org.manager.name not in everyone
    assert "Medewerker 2" in everyone
    client.force_login(org.employee.user)  # may not ask (the regeling does not let the employee)
    assert client.get(url, {"search": "collega"}).status_code == 403


def test_each_group_is_one_card_named_in_the_plural_with_its_named_answers_inside(
    client, in_progress, org, people
):
    for person in people["colleagues"][:3]:
        answer(ask(in_progress, org, "colleague", person))
    answer(ask(in_progress, org, "manager", people["reports"][0]))
    text = page(client, org.manager.user, in_progress).text
    assert re.search(r'data-group="colleague">\s*<h3>Colleagues</h3>', text)
    named = re.search(r'data-group="manager">\s*<h3>Managers</h3>(.*?)</div>\s*<(div|details)', text, re.S)
    assert named, text[text.index('id="informants"') :]
    assert "Medewerker 0" in named.group(1)
    assert text.count("Medewerker 0") == 2  # the request's line, and the answer in the group's card
