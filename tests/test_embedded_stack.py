"""The embedded default (no DATABASE_URL, no REDIS_URL) runs a real worker on the filesystem broker."""

import json
import os
import subprocess
import sys

import pytest

from tests.integration.conftest import REPO_ROOT, start_worker, wait_until

pytestmark = pytest.mark.embedded  # the same in either run of .ci/run: it runs once, in the embedded one

CHECK_SCRIPT = """
import json
from config.celery_app import ping
from core.health import run_checks
import time
result = ping.delay().get(timeout=60)
# The worker polls the filesystem broker; on a busy machine one ping may miss its 1-s window, as a
# load balancer's single probe can: ask up to ten times, as a load balancer does before it decides.
for _ in range(10):
    health = run_checks()
    if health["worker"]["ok"]:
        break
    time.sleep(1)
print(json.dumps({"ping": result, "health": health}))
"""


def test_worker_on_the_filesystem_broker_runs_tasks_and_answers_health_checks(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local", VAR_DIR=str(tmp_path / "var"), CELERY_QUEUE="celery"
    )
    manage = [sys.executable, str(REPO_ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--verbosity", "0"], env=env, check=True, cwd=REPO_ROOT)
    worker = start_worker(env, tmp_path, hostname="embedded@localhost", concurrency=1)
    try:
        wait_until(
            lambda: "ready" in worker.log_tail(), timeout=60, what=f"worker ready\n{worker.log_tail()}"
        )
        completed = subprocess.run(
            [*manage, "shell", "-c", CHECK_SCRIPT],
            env=env,
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert completed.returncode == 0, completed.stderr + worker.log_tail()
        report = json.loads(completed.stdout.strip().splitlines()[-1])
    finally:
        worker.stop()
    assert report["ping"] == {"pong": True, "database": str(tmp_path / "var" / "db.sqlite3"), "org_units": 0}
    assert report["health"]["broker"]["ok"] is True
    assert report["health"]["worker"]["workers"] == ["embedded@localhost"]
    assert (tmp_path / "var" / "celery" / "queue").is_dir()
