"""Behind PgBouncer in transaction mode (issue 24): with DATABASE_TRANSACTION_POOLER the product keeps
nothing on a server connection across transactions, so the streamed exports (which read in chunks), the
reminder sweep and statements used again all work while every transaction may land on another server
connection. PgBouncer is a real process (Debian's package, which .ci/run installs)."""

import uuid

import pytest

from tests.integration.conftest import (
    database_url_for,
    run_django,
    through_pgbouncer,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_exports_sweeps_and_repeated_statements_work_through_a_transaction_pooler(
    services_env, small_cycle, pgbouncer
):
    from django.db import connection

    through = through_pgbouncer(database_url_for(connection.settings_dict), pgbouncer)
    env = {
        **services_env,
        "DATABASE_URL": through,
        "DATABASE_TRANSACTION_POOLER": "1",
        "CELERY_QUEUE": f"pgb-{uuid.uuid4().hex[:6]}",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    code = f"""
from concurrent.futures import ThreadPoolExecutor
from django.db import connection
from reports.exports import review_export_rows
from people.importers.export import export_rows
from people.models import Employee
from notifications.services import reminders_sweep
from reviewcycle.models import Review, ReviewCycle
from django.contrib.auth import get_user_model

assert connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"]
hr = get_user_model().objects.get(pk={small_cycle["hr"].pk})
cycle = ReviewCycle.objects.get(pk={small_cycle["cycle"].pk})

def work(_):
    header, rows = review_export_rows(cycle.reviews.order_by("id"), user=hr)
    reviews = sum(1 for _ in rows)
    header, rows = export_rows(Employee.objects.order_by("id"))
    people = sum(1 for _ in rows)
    for _ in range(8):  # used again and again: would be prepared without the pooler setting
        Review.objects.filter(cycle_id=cycle.pk).count()
    connection.close()
    return reviews, people

with ThreadPoolExecutor(4) as pool:  # four clients on two server connections
    results = list(pool.map(work, range(8)))
reminders_sweep()
print("RESULTS", sorted(set(results)))
"""
    completed = run_django(code, env)
    expected_reviews = small_cycle["cycle"].reviews.count()
    assert f"RESULTS [({expected_reviews}, " in completed.stdout, completed.stdout[-2000:]
