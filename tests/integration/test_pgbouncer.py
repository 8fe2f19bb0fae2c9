"""Behind PgBouncer in transaction mode (issue 24): with DATABASE_TRANSACTION_POOLER the product keeps
nothing on a server connection across transactions, so the streamed exports (which read in chunks), the
reminder sweep and statements used again all work while every transaction may land on another server
connection. PgBouncer is a real process (Debian's package, which .ci/run installs)."""

import os
import shutil
import uuid

import pytest

from tests.integration.conftest import (
    REQUIRE_SERVICES,
    ManagedProcess,
    database_url_for,
    free_port,
    run_django,
    wait_until,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pgbouncer(services_env, tmp_path):
    binary = shutil.which("pgbouncer") or (
        "/usr/sbin/pgbouncer" if os.path.exists("/usr/sbin/pgbouncer") else None
    )
    if binary is None:
        if REQUIRE_SERVICES:
            pytest.fail("pgbouncer is not installed (apt-get install pgbouncer)", pytrace=False)
        pytest.skip("pgbouncer is not installed")
    port = free_port()
    tmp_path.chmod(0o755)  # PgBouncer drops root for the postgres user, who must read its files
    (tmp_path / "users.txt").write_text('"gesprekscyclus" ""\n"gesprekscyclus_owner" ""\n')
    (tmp_path / "pgbouncer.ini").write_text(
        "[databases]\n* = host=127.0.0.1 port=5432\n"
        "[pgbouncer]\nlisten_addr = 127.0.0.1\n"
        f"listen_port = {port}\nauth_type = trust\nauth_file = {tmp_path / 'users.txt'}\n"
        # Two server connections for many clients: transactions really move between connections.
        "pool_mode = transaction\ndefault_pool_size = 2\nunix_socket_dir =\n"
        "ignore_startup_parameters = extra_float_digits,options\n"
    )
    for name in ("users.txt", "pgbouncer.ini"):
        (tmp_path / name).chmod(0o644)
    user = ["-u", "postgres"] if os.geteuid() == 0 else []
    process = ManagedProcess(
        "pgbouncer", [binary, *user, str(tmp_path / "pgbouncer.ini")], services_env, tmp_path
    )
    process.start()
    try:
        import psycopg

        def answers() -> bool:
            try:
                with psycopg.connect(f"host=127.0.0.1 port={port} user=gesprekscyclus dbname=postgres"):
                    return True
            except psycopg.Error:
                return False

        wait_until(answers, timeout=20, what=lambda: f"pgbouncer on {port}\n{process.log_tail()}")
        yield port
    finally:
        process.stop()


def test_exports_sweeps_and_repeated_statements_work_through_a_transaction_pooler(
    services_env, small_cycle, pgbouncer
):
    from django.db import connection

    direct = database_url_for(connection.settings_dict)
    through = direct.replace("@127.0.0.1:5432/", f"@127.0.0.1:{pgbouncer}/").replace(
        "127.0.0.1:5432", f"127.0.0.1:{pgbouncer}"
    )
    assert f":{pgbouncer}/" in through
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
