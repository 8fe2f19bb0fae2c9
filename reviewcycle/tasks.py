"""Celery tasks of the review cycle: small, taking ids, each calling a service."""

from celery import shared_task
from django.contrib.auth import get_user_model

from reviewcycle.services.cycles import cycle_open_in_background


@shared_task(acks_late=True)
def open_cycle_task(cycle_id: int, actor_id: int | None) -> dict:
    # A redelivered message finds the cycle open and does nothing: opening is one transaction.
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    result = cycle_open_in_background(cycle_id=cycle_id, actor=actor)
    return {"status": result["status"], "created": result.get("report", {}).get("created")}
