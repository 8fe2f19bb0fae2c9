"""Webhook events are written in the event's own transaction, once per endpoint, with ids and links only."""

import json

import pytest
from django.db import transaction

from notifications.models import WebhookDelivery, WebhookEndpoint
from notifications.webhooks.events import webhook_event
from people.importers import import_people, write_csv
from people.services import employee_create
from reviewcycle.models import Review
from reviewcycle.services import cycle_close, review_decide_objection, review_finalise, review_object
from reviewcycle.signals import review_transitioned
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db

Event = WebhookEndpoint.Event


def endpoint(*events, active=True, name="Personeelsdossier"):
    return WebhookEndpoint.objects.create(
        name=name, url="https://dossier.example.org/hooks", events=list(events), active=active
    )


def bodies(event_type):
    return [json.loads(row.body) for row in WebhookDelivery.objects.filter(event_type=event_type)]


def test_a_new_endpoint_gets_a_standard_webhooks_secret():
    import base64

    secret = endpoint(Event.REVIEW_FINALISED).secret
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    assert endpoint(Event.REVIEW_FINALISED, name="Tweede").secret != secret


def test_finalising_queues_one_delivery_per_subscribed_endpoint_with_links_and_no_scores(
    review, org, traveller
):
    dossier = endpoint(Event.REVIEW_FINALISED, Event.REVIEW_SIGNED)
    also = endpoint(Event.REVIEW_FINALISED, name="AFAS")
    endpoint(Event.CYCLE_OPENED, name="Alleen cycli")
    endpoint(Event.REVIEW_FINALISED, active=False, name="Uitgezet")
    review = advance(review, org, "second_review", traveller)
    assert [body["type"] for body in bodies(Event.REVIEW_SIGNED)] == ["review.signed"]
    review = review_finalise(review=review, actor=org.director.user)

    rows = WebhookDelivery.objects.filter(event_type=Event.REVIEW_FINALISED)
    assert sorted(rows.values_list("endpoint", flat=True)) == sorted([dossier.pk, also.pk])
    assert len(set(rows.values_list("event_id", flat=True))) == 1  # one event, one webhook-id
    assert all(row.status == "pending" and row.attempts == 0 for row in rows)
    body = json.loads(rows.first().body)
    assert body["type"] == "review.finalised"
    assert body["timestamp"].endswith("Z")
    assert body["data"]["review"] == {
        "id": review.pk,
        "cycle_id": review.cycle_id,
        "employee_id": org.employee.pk,
        "employee_number": org.employee.employee_number,
        "state": "final",
    }
    assert body["data"]["links"] == {
        "review": f"http://127.0.0.1:8000/api/v1/reviews/{review.pk}/",
        "pdf": f"http://127.0.0.1:8000/api/v1/reviews/{review.pk}/pdf/",
    }
    text = rows.first().body
    assert "rating" not in text
    assert "score" not in text
    assert "Goed jaar" not in text


def test_the_same_event_announced_again_is_not_queued_twice(review, org, traveller):
    endpoint(Event.REVIEW_SIGNED)
    review = advance(review, org, "second_review", traveller)
    assert WebhookDelivery.objects.count() == 1
    # A receiver that runs twice for the same step (the same audit row) adds nothing.
    review_transitioned.send(
        sender=Review, review=review, transition="sign", actor=None, from_state="employee_response"
    )
    webhook_event(event_type=Event.REVIEW_SIGNED, key=f"review.signed:{review.pk}:x", data={})
    webhook_event(event_type=Event.REVIEW_SIGNED, key=f"review.signed:{review.pk}:x", data={})
    assert WebhookDelivery.objects.count() == 2


def test_the_event_rolls_back_with_the_change(review, org, traveller):
    endpoint(Event.REVIEW_SIGNED)

    def step_then_fail():
        with transaction.atomic():
            advance(review, org, "second_review", traveller)
            assert WebhookDelivery.objects.count() == 1
            raise RuntimeError("the request failed after the step")

    with pytest.raises(RuntimeError, match="failed after the step"):
        step_then_fail()
    assert not WebhookDelivery.objects.exists()


@pytest.mark.parametrize("decision", ["upheld", "rejected"])
def test_an_objection_decided(review, org, traveller, decision):
    endpoint(Event.OBJECTION_DECIDED)
    review = advance(review, org, "employee_response", traveller)
    review = review_object(review=review, actor=org.employee.user, grounds="Oneens.")
    review_decide_objection(
        review=review, actor=org.hr, decision=decision, reason="Zo is het besloten, na overleg."
    )
    (body,) = bodies(Event.OBJECTION_DECIDED)
    assert body["data"]["review"]["objection_decision"] == decision
    assert body["data"]["review"]["decided_by"] == "hr"  # who decided, as the regeling's route says
    assert "Oneens" not in json.dumps(body)
    assert "Zo is het besloten" not in json.dumps(body)


def test_cycle_opened_and_closed(cycle, org, django_capture_on_commit_callbacks):
    from reviewcycle.services import cycle_create, cycle_open
    from tests.reviewcycle.fixtures import cycle_fields

    endpoint(Event.CYCLE_OPENED, Event.CYCLE_CLOSED)
    cycle_close(cycle=cycle, actor=org.hr, force_reason="Proef afgebroken.")
    (closed,) = bodies(Event.CYCLE_CLOSED)
    assert closed["data"]["cycle"] == {"id": cycle.pk, "name": cycle.name, "state": "closed"}
    assert closed["data"]["links"]["cycle"] == f"http://127.0.0.1:8000/api/v1/cycles/{cycle.pk}/"
    following = cycle_create(
        actor=org.hr,
        scope=[org.root],
        framework_version=cycle.framework_version,
        rating_scale=cycle.rating_scale,
        **cycle_fields(2027, name="Gesprekscyclus 2027"),
    )
    cycle_open(cycle=following, actor=org.hr)
    assert [body["data"]["cycle"]["id"] for body in bodies(Event.CYCLE_OPENED)] == [following.pk]


def test_people_added_by_hand_and_by_the_import_are_announced(org):
    endpoint(Event.PERSON_PROVISIONED)
    added = employee_create(employee_number="9001", name="Nina Nieuw", org_unit=org.team)
    header = ["Personeelsnummer", "Naam", "E-mailadres", "Organisatie-eenheid", "Leidinggevende"]
    rows = [
        [str(number), f"Medewerker {number}", f"m{number}@proef.nl", "Gemeente Proef / Burgerzaken", ""]
        for number in (9002, 9003)
    ]
    report = import_people(content=write_csv(header, rows), filename="mensen.csv")
    assert not report.errors, report.errors
    numbers = sorted(body["data"]["person"]["employee_number"] for body in bodies(Event.PERSON_PROVISIONED))
    assert numbers == ["9001", "9002", "9003"]
    (first,) = [b for b in bodies(Event.PERSON_PROVISIONED) if b["data"]["person"]["id"] == added.pk]
    assert first["data"]["person"] == {"id": added.pk, "employee_number": "9001", "org_unit_id": org.team.pk}
    # A dry run announces nothing: it rolls back with the import.
    dry = [["9004", "Droog", "", "Gemeente Proef / Burgerzaken", ""]]
    assert not import_people(content=write_csv(header, dry), filename="x.csv", dry_run=True).errors
    assert WebhookDelivery.objects.count() == 3


def test_nothing_is_written_when_nobody_subscribed(review, org, traveller):
    endpoint(Event.CYCLE_OPENED)
    advance(review, org, "second_review", traveller)
    assert not WebhookDelivery.objects.exists()
    with pytest.raises(ValueError, match="Unknown webhook event"):
        webhook_event(event_type="review.unknown", key="x", data={})


def test_delivery_is_queued_after_commit(review, org, traveller, django_capture_on_commit_callbacks):
    endpoint(Event.REVIEW_SIGNED)
    with django_capture_on_commit_callbacks() as callbacks:
        advance(review, org, "second_review", traveller)
    assert any(getattr(callback, "__name__", "") == "enqueue_pending" for callback in callbacks)
