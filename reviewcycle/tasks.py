"""Celery tasks of the review cycle: small, taking ids, each calling a service."""

from celery import shared_task

from reviewcycle.services.cycles import cycle_open_in_background


@shared_task(acks_late=True, ignore_result=True)
def open_cycle_task(opening_id: int) -> dict:
    # A redelivered message finds the attempt taken or finished and does nothing (core.jobs.job_claim).
    result = cycle_open_in_background(opening_id=opening_id)
    return {"status": result["status"], "created": result.get("report", {}).get("created")}
