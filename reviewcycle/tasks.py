"""Celery tasks of the review cycle: small, taking ids, each calling a service."""

from celery import shared_task

from reviewcycle.informants.services import informants_expire
from reviewcycle.services.opening import cycle_open_in_background
from reviewcycle.services.timed import reviews_expire_responses_due, reviews_start_appraisal_due


@shared_task(acks_late=True, ignore_result=True)
def open_cycle_task(opening_id: int) -> dict:
    # A redelivered message finds the attempt taken or finished and does nothing (core.jobs.job_claim).
    result = cycle_open_in_background(opening_id=opening_id)
    return {"status": result["status"], "created": result.get("report", {}).get("created")}


@shared_task(acks_late=True)
def reviews_expire_responses_due_task() -> int:
    """Every hour: responses whose term has passed go on unsigned. Idempotent: an expired review has moved on."""
    return reviews_expire_responses_due()


@shared_task(acks_late=True)
def reviews_start_appraisal_due_task() -> int:
    """Every hour: appraisals start by themselves where the cycle asks and the conditions hold (idempotent)."""
    return reviews_start_appraisal_due()


@shared_task(acks_late=True)
def informants_expire_task() -> int:
    """Every hour: requests for input past their due date expire (idempotent)."""
    return informants_expire()
