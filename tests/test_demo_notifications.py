"""The demo, without Redis: reminders arrive in the inbox and as e-mail through the embedded broker."""

import os
import subprocess
import sys

import pytest

from tests.integration.conftest import REPO_ROOT, start_worker, wait_until

pytestmark = pytest.mark.embedded  # the same in either run of .ci/run: it runs once, in the embedded one

CHECK = """
import json
from django_celery_beat.models import PeriodicTask
from notifications.models import Notification
print(json.dumps({
    "reminders_in_app": Notification.objects.filter(kind="reminder", channel="in_app").count(),
    "reminders_email_sent": Notification.objects.filter(kind="reminder", channel="email", sent_at__isnull=False).count(),
    "opened_email_sent": Notification.objects.filter(kind="cycle_opened", channel="email", sent_at__isnull=False).count(),
    "email_waiting": Notification.objects.filter(channel="email", sent_at__isnull=True, failed_at__isnull=True).count(),
    "schedules": sorted(PeriodicTask.objects.values_list("task", flat=True)),
}))
"""


def test_demo_reminders_reach_inbox_and_mail_on_the_embedded_broker(tmp_path):
    import json

    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        VAR_DIR=str(tmp_path / "var"),
        CELERY_QUEUE="celery",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(tmp_path / "mail"),
    )
    manage = [sys.executable, str(REPO_ROOT / "manage.py")]
    for command in (["migrate", "--verbosity", "0"], ["load_demo"]):
        subprocess.run([*manage, *command], env=env, check=True, cwd=REPO_ROOT, capture_output=True)
    worker = start_worker(env, tmp_path, hostname="demo@localhost", concurrency=1)
    try:
        wait_until(lambda: "ready" in worker.log_tail(), timeout=60, what=lambda: worker.log_tail())
        subprocess.run(
            [*manage, "shell", "-c", "from notifications.tasks import sweep_task; sweep_task.delay()"],
            env=env,
            check=True,
            cwd=REPO_ROOT,
            capture_output=True,
        )

        def report():
            out = subprocess.run(
                [*manage, "shell", "-c", CHECK],
                env=env,
                cwd=REPO_ROOT,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            result = json.loads(out.strip().splitlines()[-1])
            # Done when the reminders exist and no e-mail waits any more (the worker delivers in batches).
            done = result["reminders_in_app"] and not result["email_waiting"]
            return result if done else None

        result = wait_until(report, timeout=90, interval=2, what=lambda: worker.log_tail())
    finally:
        worker.stop()
    # Every demo manager has planning talks due within 14 days: one reminder per review, in the inbox.
    assert result["reminders_in_app"] == 39
    assert result["reminders_email_sent"] == 39
    assert result["opened_email_sent"] == 11  # the gemeentesecretaris, 3 directors and 7 heads of department
    assert result["schedules"] == [
        "core.tasks.sweep_jobs_task",
        "notifications.tasks.flush_outbox_task",
        "notifications.tasks.flush_webhooks_task",
        "notifications.tasks.send_digests_task",
        "notifications.tasks.sweep_task",
        "people.tasks.employees_leave_due_task",
        "reviewcycle.tasks.informants_expire_task",
        "reviewcycle.tasks.reviews_expire_responses_due_task",
        "reviewcycle.tasks.reviews_start_appraisal_due_task",
    ]
    mails = "".join(path.read_text() for path in (tmp_path / "mail").glob("*.log"))
    assert "Herinnering" in mails or "Reminder" in mails
