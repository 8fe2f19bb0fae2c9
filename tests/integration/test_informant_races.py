"""Informants on PostgreSQL: an answer that completes a group while someone is added to it, two answers
at once, withdrawing while answering. Nothing may show a group's aggregate that later changes."""

import threading
import time

import pytest
from django.db import connections, transaction

from reviewcycle.informants.selectors import informant_feedback
from reviewcycle.models import InformantAnswer, Review
from tests.reviewcycle.informants import conftest as informant_fixtures
from tests.reviewcycle.informants.helpers import answer, ask

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration]

in_progress = informant_fixtures.in_progress  # Eva's review in progress
people = informant_fixtures.people  # colleagues and reports to ask


def colleague_group(review, reader):
    feedback = informant_feedback(review=Review.objects.get(pk=review.pk), reader_id=reader.pk)
    return next(g for g in feedback.groups if g.group == "colleague")


def test_an_answer_completing_the_group_while_someone_is_added_never_shows_it_early(
    postgresql, in_progress, org, people
):
    requests = [ask(in_progress, org, "colleague", person) for person in people["colleagues"][:3]]
    answer(requests[0])
    answer(requests[1])
    asking = threading.Event()

    def add_a_fourth():
        try:
            with transaction.atomic():
                ask(in_progress, org, "colleague", people["colleagues"][3])
                asking.set()
                time.sleep(1)  # the third answer comes before this commits
        finally:
            asking.set()
            connections.close_all()

    adder = threading.Thread(target=add_a_fourth)
    adder.start()
    assert asking.wait(timeout=30)
    answer(requests[2])  # the last of the three: without the fourth the group would be shown now
    seen_right_after = colleague_group(in_progress, org.manager.user)
    adder.join(timeout=30)
    # The fourth request stands: the group waits for it; it was not shown in between either.
    assert not seen_right_after.released
    assert not colleague_group(in_progress, org.manager.user).released


def test_two_answers_at_once_make_one(postgresql, in_progress, org, people):
    request = ask(in_progress, org, "colleague", people["colleagues"][0])
    results = []

    def answer_once():
        try:
            answer(request)
            results.append("ok")
        except Exception as error:  # noqa: BLE001 - the refusal is what we count
            results.append(type(error).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer_once) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["TransitionNotAllowed", "ok"]
    assert InformantAnswer.objects.filter(request=request).count() == 1
