"""The scoring form shows per indicator the informants' aggregate (only what the anonymity rule lets
through) beside the manager's own mark, with the self-assessment; its queries do not grow with the
number of informants."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviewcycle.informants.asked import asked_indicators
from tests.factories import EmployeeFactory
from tests.reviewcycle.helpers import advance
from tests.reviewcycle.informants.helpers import answer, ask

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 10, 30)


@pytest.fixture
def scoring(review, org, traveller):
    return advance(review, org, "scoring", traveller)


def colleagues(org, count):
    return [
        EmployeeFactory(
            name=f"Collega {n:02}", org_unit=org.team, manager=org.manager if n % 2 else org.employee
        )
        for n in range(count)
    ]


def queries_of_the_page(client, review) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/reviews/{review.pk}/scoring/").status_code == 200
    return len(captured)


def test_the_aggregate_stands_beside_the_mark_and_the_self_assessment(client, scoring, org):
    for request in [ask(scoring, org, "colleague", person, due=DUE) for person in colleagues(org, 3)]:
        answer(request, "partly")
    client.force_login(org.manager.user)
    text = client.get(f"/reviews/{scoring.pk}/scoring/").text
    assert "Colleague: Not shown 0 · Partly shown 3 · Fully shown 0" in text
    assert "Self-assessment" in text
    assert "Colleague: 3 answers" in text


def test_a_group_too_small_shows_nothing_on_the_scoring_form(client, scoring, org):
    for person in colleagues(org, 2):
        answer(ask(scoring, org, "colleague", person, due=DUE), "partly")
    client.force_login(org.manager.user)
    text = client.get(f"/reviews/{scoring.pk}/scoring/").text
    assert "Partly shown 2" not in text
    assert "Colleague: not shown yet" in text


def test_the_scoring_page_with_30_informants_stays_within_its_query_budget(
    client, scoring, org, django_assert_max_num_queries
):
    client.force_login(org.manager.user)
    without = queries_of_the_page(client, scoring)
    people = colleagues(org, 30)
    requests = [
        ask(scoring, org, "colleague" if n % 2 else "report", p, due=DUE) for n, p in enumerate(people)
    ]
    for n, request in enumerate(requests):  # all asked first: a group once shown takes nobody new
        answer(request, ["not", "partly", "fully"][n % 3])
    assert asked_indicators(scoring, include_next_level=False)
    with django_assert_max_num_queries(without + 6):
        text = client.get(f"/reviews/{scoring.pk}/scoring/").text
    assert "Direct report: Not shown 5 · Partly shown 5 · Fully shown 5" in text


def test_the_scoring_form_says_in_plain_dutch_what_stands_beside_each_indicator(client, scoring, org):
    for request in [ask(scoring, org, "colleague", person, due=DUE) for person in colleagues(org, 3)]:
        answer(request, "partly")
    org.manager.preferred_language = "nl"
    org.manager.save(update_fields=["preferred_language"])
    client.force_login(org.manager.user)
    text = client.get(f"/reviews/{scoring.pk}/scoring/").text
    assert "Naast elke gedragsindicator zie je hoe de informanten dat gedrag zagen." in text
