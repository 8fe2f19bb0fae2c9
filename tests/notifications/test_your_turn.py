"""'Your turn' messages on every transition, written in the transition's transaction."""

import datetime

import pytest
from django.core import mail
from django.db import transaction

from notifications.models import Notification
from reviewcycle.services import goal_create, review_record_planning_talk
from tests.reviewcycle.helpers import PLANNING_TALK, advance

pytestmark = pytest.mark.django_db


def inbox(user):
    return list(Notification.objects.filter(recipient=user, channel="in_app").order_by("id"))


def test_opening_a_cycle_tells_each_manager_once(cycle, org):
    opened = Notification.objects.filter(kind="cycle_opened", channel="in_app")
    assert sorted(n.recipient.username for n in opened) == sorted(
        [org.manager.user.username, org.director.user.username, org.other_manager.user.username]
    )
    max_message = opened.get(recipient=org.manager.user)
    assert "open for 2 of your reports" in max_message.body


def test_each_transition_tells_whoever_must_act_next(review, org, traveller):
    review = advance(review, org, "plan_signoff", traveller)
    turn = inbox(org.employee.user)[-1]
    assert (turn.kind, turn.subject) == ("your_turn", "Your review: sign the plan")
    assert turn.link.endswith(f"/reviews/{review.pk}/")
    review = advance(review, org, "second_review", traveller)
    assert inbox(org.director.user)[-1].subject == "Eva Employee: finalise the appraisal or return it"
    from reviewcycle.services import review_finalise

    # Signed "voor gezien": finalising waits until the employee's term to object has ended.
    traveller.move_to(datetime.datetime(2026, 11, 25, 9, tzinfo=datetime.UTC))

    review_finalise(review=review, actor=org.director.user)
    final = inbox(org.employee.user)[-1]
    assert (final.kind, final.subject) == ("final", "Your appraisal for Gesprekscyclus 2026 is final")


def test_an_objection_goes_to_hr_of_the_unit(review, org, traveller):
    from reviewcycle.services import review_object

    review = advance(review, org, "employee_response", traveller)
    review_object(review=review, actor=org.employee.user, grounds="Oneens")
    # HR has no employee record, so no preferred language: the default, Dutch.
    assert inbox(org.hr)[-1].subject == "Eva Employee: beslis over de bedenkingen"
    assert not Notification.objects.filter(recipient=org.hr_elsewhere).exists()


def test_email_goes_out_after_commit_in_the_recipients_language(
    review, org, traveller, django_capture_on_commit_callbacks
):
    org.manager.preferred_language = "en"
    org.manager.save()
    goal_create(review=review, actor=org.employee.user, title="Voorstel")
    with django_capture_on_commit_callbacks() as callbacks:
        goal_create(review=review, actor=org.manager.user, title="Doel")
        review_record_planning_talk(review=review, actor=org.manager.user, talk_date=PLANNING_TALK)
    assert callbacks  # delivery is queued only on commit
    pending = Notification.objects.get(channel="email", recipient=org.employee.user, kind="your_turn")
    assert pending.sent_at is None
    from notifications.services import deliver

    assert deliver(pending.pk) == "sent"
    assert deliver(pending.pk) == "skipped"  # never twice
    (message,) = mail.outbox
    assert message.to == [org.employee.user.email]
    assert message.subject == "Your review: sign the plan"
    assert f"/reviews/{review.pk}/" in message.body
    assert message.alternatives[0][1] == "text/html"


def test_a_transition_that_rolls_back_leaves_no_notification(review, org):
    goal_create(review=review, actor=org.manager.user, title="Doel")
    before = Notification.objects.count()
    written = []

    def step_then_fail():
        with transaction.atomic():
            review_record_planning_talk(review=review, actor=org.manager.user, talk_date=PLANNING_TALK)
            written.append(Notification.objects.count())
            raise RuntimeError("something later in the same request failed")

    with pytest.raises(RuntimeError):
        step_then_fail()
    assert written[0] > before  # they were written inside the transaction …
    assert Notification.objects.count() == before  # … and left with it
    assert review.__class__.objects.get(pk=review.pk).state == "planning"


def test_a_refused_transition_leaves_no_notification(review, org):
    from reviewcycle.services import TransitionBlocked

    before = Notification.objects.count()
    with pytest.raises(TransitionBlocked):
        review_record_planning_talk(review=review, actor=org.manager.user, talk_date=PLANNING_TALK)
    assert Notification.objects.count() == before


def test_a_second_reviewer_named_while_the_appraisal_waits_is_told_it_is_their_turn(review, org, traveller):
    from reviewcycle.services import review_set_second_reviewer

    review_set_second_reviewer(review=review, actor=org.hr, second_reviewer=org.other_manager)
    # In planning a second reviewer has nothing to do yet.
    assert not [n for n in inbox(org.other_manager.user) if n.review_id == review.pk]

    review = advance(review, org, "second_review", traveller)
    before = len(inbox(org.director.user))
    review_set_second_reviewer(review=review, actor=org.hr, second_reviewer=org.director)
    told = inbox(org.director.user)[before:]
    assert [(n.kind, n.review_id) for n in told] == [("your_turn", review.pk)]


def test_after_signing_as_seen_the_second_reviewer_is_told_when_they_can_finalise(review, org, traveller):
    """Signed "voor gezien", the employee may object until the term ends: the second reviewer's message
    says so, and their days run from the end of the term."""
    review = advance(review, org, "second_review", traveller, signature="seen")  # on 10 November
    turn = inbox(org.director.user)[-1]
    assert "The employee can still object until 24 November 2026; you can finalise after that." in turn.body
    due = datetime.date(2026, 11, 24) + datetime.timedelta(days=review.cycle.second_review_days)
    assert turn.due_date == due
