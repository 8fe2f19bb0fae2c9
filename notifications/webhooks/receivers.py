"""Turn the apps' announcements into webhook events, inside the transaction that made the change."""

from django.dispatch import receiver

from notifications.webhooks.events import (
    Event,
    cycle_data,
    person_data,
    review_data,
    webhook_event,
    webhook_events,
)
from people.signals import employees_provisioned
from reviewcycle.models import Review, ReviewEvent
from reviewcycle.rules import objection_decider_role
from reviewcycle.signals import cycle_closed, cycle_opened, review_transitioned


@receiver(review_transitioned)
def announce_review_events(sender, review, transition, from_state, **kwargs):
    """Signed, objection decided, finalised: each keyed by the audit row the step wrote (one event
    per step taken, however often it is announced)."""
    happened = []
    if transition == "sign":
        happened.append((Event.REVIEW_SIGNED, {"signature": review.signature}))
    if transition == "decide_objection":
        decided = {
            "objection_decision": review.objection_decision,
            "decided_by": str(objection_decider_role(review)),
        }
        happened.append((Event.OBJECTION_DECIDED, decided))
    if review.state == Review.State.FINAL and from_state != Review.State.FINAL:
        happened.append((Event.REVIEW_FINALISED, {}))
    if not happened:
        return
    event = ReviewEvent.objects.filter(review=review).order_by("-id").values_list("id", flat=True).first()
    for event_type, extra in happened:
        webhook_event(
            event_type=event_type, key=f"{event_type}:{review.pk}:{event}", data=review_data(review, **extra)
        )


@receiver(cycle_opened)
def announce_cycle_opened(sender, cycle, **kwargs):
    webhook_event(
        event_type=Event.CYCLE_OPENED, key=f"{Event.CYCLE_OPENED}:{cycle.pk}", data=cycle_data(cycle)
    )


@receiver(cycle_closed)
def announce_cycle_closed(sender, cycle, **kwargs):
    webhook_event(
        event_type=Event.CYCLE_CLOSED, key=f"{Event.CYCLE_CLOSED}:{cycle.pk}", data=cycle_data(cycle)
    )


@receiver(employees_provisioned)
def announce_people_provisioned(sender, employees, **kwargs):
    webhook_events(
        event_type=Event.PERSON_PROVISIONED,
        items=[
            (f"{Event.PERSON_PROVISIONED}:{employee.pk}", person_data(employee)) for employee in employees
        ],
    )
