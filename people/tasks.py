from celery import shared_task

from people.models import PeopleImport
from people.services import employees_leave_due, people_import_run


@shared_task(acks_late=True, ignore_result=True)
def run_people_import_task(import_id: int) -> dict:
    """Run an uploaded import; its heartbeat writes the progress on the import's row."""
    upload = people_import_run(upload=PeopleImport.objects.get(pk=import_id))
    return {"status": upload.status}


@shared_task(acks_late=True)
def employees_leave_due_task() -> int:
    """Daily (beat): everyone whose end date has passed leaves; a second run the same day finds no one."""
    return len(employees_leave_due())
