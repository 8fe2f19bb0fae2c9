"""The informants' endpoints under bad input and the wrong reader (helper H2's sweep): every refusal is a
4xx in the documented shape, never a 500, and no id in a URL or body reaches someone else's request."""

import pytest
from django.core.cache import cache

from reviewcycle.informants import tokens
from tests.reviewcycle.informants.helpers import api, ask, marks_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_refusals_counted():
    cache.delete_many([tokens._failures_key("127.0.0.1"), tokens._failures_key(None)])
    yield
    cache.delete_many([tokens._failures_key("127.0.0.1"), tokens._failures_key(None)])


@pytest.mark.parametrize(
    "body",
    [
        {"relation": "colleague", "informant": "abc", "due_date": "2026-02-01"},
        {"relation": "colleague", "informant": 2**40, "due_date": "2026-02-01"},
        {"relation": "colleague", "informant": None, "due_date": "2026-02-01"},
        {"relation": "colleague", "due_date": "not a date"},
        {
            "relation": "external",
            "email": "a@b.example\r\nBcc: x@y.example",
            "name": "X",
            "due_date": "2026-02-01",
        },
        {"relation": "external", "email": "a@b.example", "name": "X\x00Y", "due_date": "2026-02-01"},
        {"relation": "external", "email": "a@b.example", "name": "X" * 5000, "due_date": "2026-02-01"},
        {"relation": "external", "email": "a@b.example", "name": "X", "due_date": "2030-02-01"},
        {"relation": ["colleague"], "due_date": "2026-02-01"},
        [],
        "x",
    ],
)
def test_a_bad_request_for_input_is_a_400(in_progress, org, body):
    response = api(org.manager.user).post(
        f"/api/v1/reviews/{in_progress.pk}/informants/", body, format="json"
    )
    assert response.status_code == 400, response.content


@pytest.mark.parametrize(
    "body",
    [
        {"marks": {"abc": "fully"}},
        {"marks": {"999999999999999999999": "fully"}},
        {"marks": ["fully"]},
        {"marks": {}, "answers": [{"value": "x"}]},
        {"marks": {}, "answers": [{"question": "x", "value": "x"}]},
        {"marks": {}, "answers": [{"question": 2**40, "value": "x"}]},
        {"marks": {}, "answers": "x"},
        {"marks": {}, "answers": [None]},
        {},
        [],
    ],
)
def test_a_bad_answer_is_a_400(in_progress, org, people, body):
    request = ask(in_progress, org, "colleague", people["colleagues"][0])
    response = api(request.informant).post(f"/api/v1/informant-requests/{request.pk}/", body, format="json")
    assert response.status_code == 400, response.content
    assert "detail" in response.json() or response.json(), response.content


def test_a_very_long_or_control_character_answer_is_refused_or_cleaned(in_progress, org, people):
    from reviewcycle.informants.asked import informant_questions

    question = informant_questions(in_progress)[0]
    request = ask(in_progress, org, "colleague", people["colleagues"][0])
    client = api(request.informant)
    url = f"/api/v1/informant-requests/{request.pk}/"
    too_long = client.post(
        url, {"answers": [{"question": question.pk, "value": "x" * 20_000}]}, format="json"
    )
    assert too_long.status_code == 400
    response = client.post(
        url, {"answers": [{"question": question.pk, "value": "Goed\x00 \x1b[31mwerk\u202e"}]}, format="json"
    )
    assert response.status_code in (200, 400), response.content
    if response.status_code == 200:
        given = response.json()["questions"][0]["answer"]
        assert "\x00" not in given
        assert "\x1b" not in given


def test_ids_of_someone_elses_request_lead_nowhere(in_progress, org, people):
    mine = ask(in_progress, org, "colleague", people["colleagues"][0])
    theirs = ask(in_progress, org, "colleague", people["colleagues"][1])
    me = api(mine.informant)
    assert me.get(f"/api/v1/informant-requests/{theirs.pk}/").status_code == 404
    post = me.post(
        f"/api/v1/informant-requests/{theirs.pk}/", {"marks": marks_for(theirs, "not")}, format="json"
    )
    assert post.status_code == 404
    # An informant is no reader of the review: its requests and aggregates are not theirs to see.
    assert me.get(f"/api/v1/reviews/{in_progress.pk}/informants/").status_code in (403, 404)
    assert me.post(f"/api/v1/reviews/{in_progress.pk}/informants/{theirs.pk}/withdraw/").status_code in (
        403,
        404,
    )
    # The manager of another unit, the employee of another review: the same.
    for outsider in (org.other_manager.user, org.other_employee.user, org.hr_elsewhere):
        client = api(outsider)
        assert client.get(f"/api/v1/reviews/{in_progress.pk}/informants/").status_code in (403, 404)
        response = client.post(f"/api/v1/reviews/{in_progress.pk}/informants/{theirs.pk}/withdraw/")
        assert response.status_code in (403, 404)


def test_a_request_of_another_review_is_not_withdrawn_through_this_one(in_progress, org, people, cycle):
    from reviewcycle.models import Review

    other = Review.objects.get(cycle=in_progress.cycle, employee=org.colleague)
    request = ask(in_progress, org, "colleague", people["colleagues"][0])
    response = api(org.manager.user).post(f"/api/v1/reviews/{other.pk}/informants/{request.pk}/withdraw/")
    assert response.status_code == 404


def test_the_employee_withdraws_nothing_they_did_not_ask(in_progress, org, people):
    request = ask(in_progress, org, "colleague", people["colleagues"][0])
    response = api(org.employee.user).post(
        f"/api/v1/reviews/{in_progress.pk}/informants/{request.pk}/withdraw/"
    )
    assert response.status_code == 403
    assert "detail" in response.json()


def test_a_left_informant_with_an_old_session_answers_nothing(in_progress, org, people, client):
    request = ask(in_progress, org, "colleague", people["colleagues"][0])
    client.force_login(request.informant)
    request.informant.is_active = False
    request.informant.save()
    page = client.get(f"/informant/{request.pk}/")
    assert page.status_code == 302
    response = client.post(
        f"/api/v1/informant-requests/{request.pk}/",
        {"marks": marks_for(request, "not")},
        content_type="application/json",
    )
    assert response.status_code in (401, 403)


@pytest.mark.parametrize("token", ["A" * 43, "a" * 5000, "%00", "..", "x" * 43 + "%2F"])
def test_odd_tokens_are_a_404(token):
    assert api().get(f"/api/v1/informant-link/{token}/").status_code == 404
    assert api().post(f"/api/v1/informant-link/{token}/", {"marks": {}}, format="json").status_code in (
        400,
        404,
    )
