"""Celery tasks of core: small, each calling a service."""

from celery import shared_task

from core.jobs import jobs_sweep


@shared_task(acks_late=True, ignore_result=True)
def sweep_jobs_task() -> dict:
    """Every minute: fail background jobs whose worker died, queue again those whose message was lost."""
    return jobs_sweep()
