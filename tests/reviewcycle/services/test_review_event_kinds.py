"""Every audit event of a review is of a typed kind (issue 15, "audit events are typed"): the kinds
cover everything recorded today, each has a past-tense label in Dutch, and nothing else is stored."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from reviewcycle import steps
from reviewcycle.models import CycleEvent, Review, ReviewEvent

pytestmark = pytest.mark.django_db

# What the services record besides the transitions (grep ``ReviewEvent.record``).
CHANGES = {
    "open",
    "add_goal",
    "edit_goal",
    "edit_goal_weights",
    "set_focus",
    "save_development_action",
    "reassign_manager",
    "set_second_reviewer",
    "flag_role_change",
    "flag_for_hr",
    "rebaseline",
    "send_reminder",
    "propose_consequences",
    "confirm_consequences",
    "change_consequences",
}


def test_every_transition_and_every_change_is_a_kind():
    transitions = {transition.name for transition in Review().get_all_state_transitions()}
    assert transitions | CHANGES == set(ReviewEvent.Kind.values)


def in_dutch(text) -> str:
    with translation.override("nl"):
        return str(text)


@pytest.mark.parametrize("kind", list(ReviewEvent.Kind))
def test_each_review_event_kind_has_a_dutch_past_tense_label(kind):
    dutch = in_dutch(kind.label)
    assert dutch != str(kind.label), f"{kind.value} has no Dutch label"
    step = steps.BY_NAME.get(kind.value)
    imperative = in_dutch(step.label) if step else ""
    assert dutch != imperative, f"{kind.value}: {dutch!r} is the button's imperative, not what happened"


@pytest.mark.parametrize("kind", list(CycleEvent.Kind))
def test_each_cycle_event_kind_has_a_dutch_label(kind):
    assert in_dutch(kind.label) != str(kind.label), f"{kind.value} has no Dutch label"


def test_the_history_says_what_happened_not_what_to_do():
    with translation.override("nl"):
        assert str(ReviewEvent.Kind.PLANNING_TALK_RECORDED.label) == "Planningsgesprek vastgelegd"
        assert str(ReviewEvent.Kind.PLAN_SIGNED.label) == "Plan ondertekend"
    assert str(ReviewEvent.Kind.PLANNING_TALK_RECORDED.label) == "Planning talk recorded"


def test_record_refuses_what_is_not_a_kind(review):
    for wrong in ("forged", "sign", None):
        with pytest.raises(ValueError, match="not a kind"):
            ReviewEvent.record(review=review, actor=None, kind=wrong)
    event = ReviewEvent.record(review=review, actor=None, kind=ReviewEvent.Kind.FLAGGED_FOR_HR)
    assert (event.kind, event.transition) == (ReviewEvent.Kind.FLAGGED_FOR_HR, "flag_for_hr")


def test_cycle_events_refuse_what_is_not_a_kind(cycle):
    with pytest.raises(ValueError, match="not a kind"):
        CycleEvent.record(cycle=cycle, actor=None, kind="forged")
    assert CycleEvent.record(cycle=cycle, actor=None, kind=CycleEvent.Kind.CLOSED).kind == "close"


def test_the_database_refuses_an_unknown_kind_from_a_bulk_write(review, cycle):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewEvent.objects.bulk_create([ReviewEvent(review=review, transition="to_planning")])
    with pytest.raises(IntegrityError), transaction.atomic():
        CycleEvent.objects.bulk_create([CycleEvent(cycle=cycle, action="forged")])


def test_every_event_stored_by_opening_a_cycle_is_a_kind(review, cycle):
    assert set(review.events.values_list("transition", flat=True)) == {"open"}
    assert set(cycle.events.values_list("action", flat=True)) == {"create", "open"}
    assert [event.kind for event in cycle.events.all()] == [CycleEvent.Kind.CREATED, CycleEvent.Kind.OPENED]
