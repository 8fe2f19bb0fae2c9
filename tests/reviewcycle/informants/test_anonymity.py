"""Trying to tell who answered what in an anonymous group, through every reader's view: nothing is found.

The adversarial list of issue 22: a group of 3 with 2 answers; one answer arriving after the aggregate was
seen; sorting by time; the raw answer endpoints; per-indicator counts; withdrawing to learn who answered;
merged groups shown beside their parts. The exports and the personal-data exports are in test_privacy."""

import datetime
import json

import pytest
from django_fsm import TransitionNotAllowed

from reviewcycle.informants.asked import informant_questions
from reviewcycle.informants.services import informant_withdraw
from tests.reviewcycle.informants.helpers import answer, api, ask

pytestmark = pytest.mark.django_db

SECRET = ["Zeer behulpzaam aan de balie", "Arriveert vaak laat", "Moet beter plannen"]


@pytest.fixture
def informant_form(in_progress):
    """The first question of Gemeentelijk's built-in informant form."""
    return informant_questions(in_progress)[0]


def feedback(user, review) -> dict:
    response = api(user).get(f"/api/v1/reviews/{review.pk}/informants/")
    assert response.status_code == 200, response.content
    return response.json()


def group(data: dict, name: str) -> dict:
    return next(entry for entry in data["groups"] if entry["group"] == name)


def readers(org):
    return [org.manager.user, org.employee.user, org.director.user, org.hr]


def test_a_group_of_three_with_two_answers_shows_nothing(in_progress, org, people, informant_form):
    colleagues = people["colleagues"][:3]
    requests = [ask(in_progress, org, "colleague", colleague) for colleague in colleagues]
    for request, said in zip(requests[:2], SECRET, strict=False):
        answer(request, "not", answers=[{"question": informant_form.pk, "value": said}])
    for reader in readers(org):
        data = feedback(reader, in_progress)
        colleague_group = group(data, "colleague")
        assert colleague_group == {
            "group": "colleague",
            "anonymous": True,
            "released": False,
            "answered": None,
            "indicators": [],
            "questions": [],
            "named": [],
        }
        assert {line["state"] for line in data["requests"]} == {"open"}  # not who answered
        text = json.dumps(data)
        assert not any(said in text for said in SECRET)


def test_the_third_answer_shows_the_group_in_alphabetical_order(in_progress, org, people, informant_form):
    requests = [ask(in_progress, org, "colleague", colleague) for colleague in people["colleagues"][:3]]
    for request, said in zip(requests, SECRET, strict=True):
        answer(request, "partly", answers=[{"question": informant_form.pk, "value": said}])
    data = feedback(org.manager.user, in_progress)
    colleague_group = group(data, "colleague")
    assert colleague_group["released"]
    assert colleague_group["answered"] == 3
    assert colleague_group["questions"][0]["answers"] == sorted(SECRET)  # not the order they came in
    assert all(
        entry["counts"] == {"not": 0, "partly": 3, "fully": 0} for entry in colleague_group["indicators"]
    )
    assert {line["state"] for line in data["requests"]} == {"closed"}
    assert "created" not in json.dumps(data)
    assert "2026-01-15" not in json.dumps(data)


def test_one_answer_after_the_aggregate_was_seen_cannot_happen(in_progress, org, people, traveller):
    """A group is shown only when none of its requests is open, and then takes nobody new: so no later
    aggregate differs from an earlier one by one answer."""
    colleagues = people["colleagues"][:4]
    requests = [ask(in_progress, org, "colleague", colleague) for colleague in colleagues]
    for request in requests[:3]:
        answer(request, "fully")
    assert group(feedback(org.manager.user, in_progress), "colleague")["released"] is False  # the 4th is open
    answer(requests[3], "not")
    shown = group(feedback(org.manager.user, in_progress), "colleague")
    assert shown["answered"] == 4
    with pytest.raises(TransitionNotAllowed):
        ask(in_progress, org, "colleague", people["colleagues"][4])
    with pytest.raises(TransitionNotAllowed):
        informant_withdraw(request=requests[0], actor=org.manager.user)
    assert group(feedback(org.manager.user, in_progress), "colleague") == shown


def test_an_expired_request_closes_the_group_without_saying_who_did_not_answer(
    in_progress, org, people, traveller
):
    requests = [ask(in_progress, org, "colleague", colleague) for colleague in people["colleagues"][:4]]
    for request in requests[:3]:
        answer(request, "fully")
    traveller.move_to(datetime.datetime(2026, 2, 2, 9, 0, tzinfo=datetime.UTC))
    data = feedback(org.manager.user, in_progress)
    assert group(data, "colleague")["answered"] == 3
    assert {line["state"] for line in data["requests"]} == {"closed"}


def test_the_request_lines_are_in_name_order_not_in_the_order_of_asking(in_progress, org, people):
    for colleague in reversed(people["colleagues"][:3]):
        ask(in_progress, org, "colleague", colleague)
    names = [line["informant"] for line in feedback(org.manager.user, in_progress)["requests"]]
    assert names == sorted(names)


def test_withdrawing_does_not_tell_whether_someone_answered(in_progress, org, people):
    answered, waiting = (
        ask(in_progress, org, "colleague", colleague) for colleague in people["colleagues"][:2]
    )
    answer(answered, "fully")
    assert informant_withdraw(request=answered, actor=org.manager.user).status == "withdrawn"
    assert informant_withdraw(request=waiting, actor=org.manager.user).status == "withdrawn"
    assert not answered.__class__.objects.filter(pk=answered.pk, answer__isnull=False).exists()


def test_an_indicator_too_few_marked_is_not_shown(in_progress, org, people):
    requests = [ask(in_progress, org, "colleague", colleague) for colleague in people["colleagues"][:3]]
    for request in requests[:2]:
        answer(request, "fully")
    from reviewcycle.informants.services import informant_answer
    from tests.reviewcycle.informants.helpers import marks_for

    marks = marks_for(requests[2], "not")
    left_out = next(iter(marks))
    marks[left_out] = ""
    informant_answer(request=requests[2], actor=requests[2].informant, marks=marks, answers=[])
    indicators = group(feedback(org.manager.user, in_progress), "colleague")["indicators"]
    by_id = {str(entry["indicator"]): entry["counts"] for entry in indicators}
    assert by_id[left_out] is None  # two marks: whoever left it out would stand out
    assert all(
        counts["fully"] == 2 and counts["not"] == 1 for key, counts in by_id.items() if key != left_out
    )


def test_the_next_level_asked_of_one_informant_is_not_shown(in_progress, org, people):
    requests = [ask(in_progress, org, "colleague", people["colleagues"][0], include_next_level=True)]
    requests += [ask(in_progress, org, "colleague", colleague) for colleague in people["colleagues"][1:3]]
    for request in requests:
        answer(request, "fully")
    indicators = group(feedback(org.manager.user, in_progress), "colleague")["indicators"]
    # Not even as a row without counts: which rows there are would say what the one informant marked.
    assert not any(entry["is_next_level"] for entry in indicators)


def test_named_relations_are_shown_with_the_name(in_progress, org):
    answer(ask(in_progress, org, "manager", org.other_manager), "partly")
    named = group(feedback(org.employee.user, in_progress), "manager")
    assert named["anonymous"] is False
    assert [entry["informant"] for entry in named["named"]] == ["Olaf Ander"]
    assert set(named["named"][0]["marks"].values()) == {"partly"}


def _merging(review, on: bool):
    version = review.cycle.template_version
    version.informant_merge_small_groups = on
    version.save()


def test_small_groups_merge_only_where_the_regeling_says_and_never_beside_their_parts(
    in_progress, org, people
):
    for colleague in people["colleagues"][:3]:
        answer(ask(in_progress, org, "colleague", colleague), "fully")
    for report in people["reports"][:2]:
        answer(ask(in_progress, org, "report", report), "not")
    apart = feedback(org.manager.user, in_progress)
    assert group(apart, "colleague")["answered"] == 3
    assert group(apart, "report")["released"] is False
    _merging(in_progress, True)
    merged = feedback(org.manager.user, in_progress)
    assert [entry["group"] for entry in merged["groups"]] == ["anonymous"]
    assert merged["groups"][0]["answered"] == 5


def test_the_raw_answer_endpoints_are_the_informants_own(in_progress, org, people):
    request = answer(ask(in_progress, org, "colleague", people["colleagues"][0]), "fully")
    for reader in readers(org):
        assert api(reader).get(f"/api/v1/informant-requests/{request.pk}/").status_code == 404
        assert api(reader).get("/api/v1/informant-requests/").json() == []
        detail = api(reader).get(f"/api/v1/reviews/{in_progress.pk}/").json()
        assert "informant" not in json.dumps(detail)
    own = api(request.informant).get(f"/api/v1/informant-requests/{request.pk}/").json()
    assert {entry["mark"] for entry in own["indicators"]} == {"fully"}
