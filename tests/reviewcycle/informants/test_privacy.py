"""Informants' input in the exports: the reviewee's personal-data export holds only what they may see, the
manager's nothing of it, the informant's their own answers; retention erases it with the review. And the
review's informants are read in a fixed number of queries, with 30 of them."""

import io
import json
import zipfile

import pytest

from reviewcycle.informants.asked import informant_questions
from reviewcycle.models import InformantAnswer, InformantMark, InformantRequest, ReviewCycle
from reviewcycle.services import review_cancel
from reviewcycle.services.retention import reviews_erase
from tests.factories import EmployeeFactory
from tests.reviewcycle.informants.helpers import answer, api, ask

pytestmark = pytest.mark.django_db

SAID = ["Helpt iedereen aan de balie", "Plant slecht"]


@pytest.fixture
def informant_form(in_progress):
    """The first question of Gemeentelijk's built-in informant form."""
    return informant_questions(in_progress)[0]


def export(org, employee) -> str:
    response = api(org.hr).get(f"/api/v1/people/{employee.pk}/personal-data/")
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.content)).read("gegevens.json").decode()


@pytest.fixture
def two_of_three(in_progress, org, people, informant_form):
    requests = [ask(in_progress, org, "colleague", colleague) for colleague in people["colleagues"][:3]]
    for request, said in zip(requests, SAID, strict=False):
        answer(request, "not", answers=[{"question": informant_form.pk, "value": said}])
    return requests


def test_the_reviewee_and_the_manager_export_nothing_of_a_group_too_small(two_of_three, org):
    for person in (org.employee, org.manager):
        text = export(org, person)
        assert not any(said in text for said in SAID)
        assert ': "answered"' not in text  # no request's status either
    data = json.loads(export(org, org.employee))
    assert data["informant_feedback"][0]["groups"][0]["released"] is False


def test_the_reviewee_exports_the_aggregate_once_shown(two_of_three, org, informant_form):
    answer(two_of_three[2], "fully", answers=[{"question": informant_form.pk, "value": "Altijd op tijd"}])
    data = json.loads(export(org, org.employee))
    shown = data["informant_feedback"][0]["groups"][0]
    assert shown["answered"] == 3
    assert shown["questions"][0]["answers"] == sorted([*SAID, "Altijd op tijd"], key=str.lower)
    assert "informant_feedback" not in json.loads(export(org, org.manager))["roles_in_other_reviews"]


def test_the_informant_exports_their_own_answers(two_of_three, org, people):
    data = json.loads(export(org, people["colleagues"][0]))
    (own,) = data["informant_answers"]
    assert own["employee"] == "Eva Employee"
    assert {indicator["mark"] for indicator in own["indicators"]} == {"not"}
    assert [question["answer"] for question in own["questions"]] == [SAID[0], None]
    assert SAID[1] not in json.dumps(data)  # someone else's


def test_retention_erases_the_informants_input_with_the_review(two_of_three, in_progress, org):
    review_cancel(review=in_progress, actor=org.hr, reason="Uit dienst")
    ReviewCycle.objects.filter(pk=in_progress.cycle_id).update(state=ReviewCycle.State.CLOSED)
    assert reviews_erase(review_ids=[in_progress.pk]) == 1
    assert not InformantRequest.objects.exists()
    assert not InformantAnswer.objects.exists()
    assert not InformantMark.objects.exists()


def test_the_review_api_reads_30_informants_in_a_fixed_number_of_queries(
    in_progress, org, informant_form, django_assert_max_num_queries
):
    colleagues = [
        EmployeeFactory(
            name=f"Collega {n:02d}", org_unit=org.team, manager=org.manager if n % 2 else org.employee
        )
        for n in range(30)
    ]
    requests = [
        ask(in_progress, org, "colleague" if n % 2 else "report", colleague)
        for n, colleague in enumerate(colleagues)
    ]
    for n, request in enumerate(requests):
        answer(request, "partly", answers=[{"question": informant_form.pk, "value": f"Antwoord {n}"}])
    manager = api(org.manager.user)
    with django_assert_max_num_queries(10):
        data = manager.get(f"/api/v1/reviews/{in_progress.pk}/informants/").json()
    assert [group["answered"] for group in data["groups"]] == [15, 15]
    with django_assert_max_num_queries(20):
        assert manager.get(f"/api/v1/reviews/{in_progress.pk}/").status_code == 200
