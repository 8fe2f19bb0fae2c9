"""The Celery application; tasks are discovered in every app's ``tasks.py``."""

import os

from celery import Celery

# Unset means production (which refuses to start without SECRET_KEY and ALLOWED_HOSTS), never the
# local debug and demo settings: bin/demo and bin/test set theirs.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("gesprekscyclus")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="gesprekscyclus.ping", acks_late=True)
def ping() -> dict:
    """Round trip through broker, worker, database and result backend (used by health checks and tests)."""
    from django.db import connection

    from people.models import OrgUnit

    return {"pong": True, "database": connection.settings_dict["NAME"], "org_units": OrgUnit.objects.count()}
