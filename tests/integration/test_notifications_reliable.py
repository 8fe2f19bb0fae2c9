"""Notifications on a real broker: exactly once, none lost while Redis is down, none doubled when a worker dies."""

import os
import signal
import sys
import threading
import time
import uuid

import pytest
from django.db import connections
from django.utils import timezone

from notifications.models import Notification
from notifications.services import reminders_sweep
from reviewcycle.models import Review
from tests.integration.conftest import (
    ManagedProcess,
    delivered_notification_ids,
    run_django,
    start_worker,
    wait_until,
)

pytestmark = pytest.mark.django_db(transaction=True)


def private_env(services_env, tmp_path, **extra) -> dict:
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir(exist_ok=True)
    return {
        **services_env,
        "CELERY_QUEUE": f"q-{uuid.uuid4().hex[:8]}",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        **extra,
    }


def pending_email():
    return Notification.objects.filter(channel="email", sent_at__isnull=True)


def test_a_due_reminder_goes_out_exactly_once_with_concurrent_sweeps_and_two_beats(
    services_env, small_cycle, tmp_path
):
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    PeriodicTask.objects.all().delete()
    every_second, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(name="sweep", task="notifications.tasks.sweep_task", interval=every_second)
    PeriodicTask.objects.create(
        name="flush", task="notifications.tasks.flush_outbox_task", interval=every_second
    )
    env = private_env(services_env, tmp_path)
    worker = start_worker(env, tmp_path, hostname=f"once-{uuid.uuid4().hex[:6]}@localhost")
    beats = [
        ManagedProcess(
            f"beat{n}",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "beat",
                "--loglevel=INFO",
                "--pidfile=",
                "--schedule",
                str(tmp_path / f"beat{n}"),
            ],
            env,
            tmp_path,
        ).start()
        for n in (1, 2)
    ]
    try:
        # Meanwhile, two sweeps in this process at the same moment.
        barrier = threading.Barrier(2)

        def sweep():
            barrier.wait(timeout=30)
            reminders_sweep()
            connections.close_all()

        threads = [threading.Thread(target=sweep) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        reminders = Notification.objects.filter(kind="reminder")
        due = Review.objects.filter(cycle=small_cycle["cycle"]).count()  # the manager's own review too
        wait_until(
            lambda: (
                reminders.filter(channel="email").count() == due
                and not pending_email().filter(kind="reminder").exists()
            ),
            timeout=60,
            what=lambda: f"reminders delivered\n{worker.log_tail()}",
        )
        time.sleep(4)  # several more beat ticks: nothing new may appear
    finally:
        for process in (*beats, worker):
            process.stop()
    manager, boss = small_cycle["manager"].user, small_cycle["boss"].user
    assert reminders.filter(channel="in_app").count() == due == 4
    assert sorted(reminders.filter(channel="in_app").values_list("recipient", flat=True)) == sorted(
        [manager.pk] * 3 + [boss.pk]
    )
    assert all(beat.log_tail() for beat in beats)
    delivered = delivered_notification_ids(tmp_path / "mail")
    reminder_ids = set(reminders.filter(channel="email").values_list("pk", flat=True))
    assert sorted(pk for pk in delivered if pk in reminder_ids) == sorted(reminder_ids)
    assert len(set(delivered)) == len(delivered)  # no e-mail was sent twice


def test_transitions_commit_while_redis_is_down_and_every_email_goes_out_once_it_is_back(
    services_env, small_cycle, redis_server, tmp_path
):
    redis_server.stop()
    env = private_env(services_env, tmp_path, REDIS_URL=redis_server.url)
    reviews = list(Review.objects.filter(cycle=small_cycle["cycle"], manager=small_cycle["manager"]))
    manager_username = small_cycle["manager"].user.username
    script = f"""
import datetime
from django.contrib.auth import get_user_model
from django.utils import timezone
from reviewcycle.models import Review
from reviewcycle.services import goal_create, review_record_planning_talk
manager = get_user_model().objects.get(username={manager_username!r})
for review in Review.objects.filter(pk__in={[r.pk for r in reviews]!r}):
    goal_create(review=review, actor=manager, title="Doel")
    review_record_planning_talk(review=review, actor=manager, talk_date=timezone.localdate())
print("committed")
"""
    started = time.monotonic()
    assert "committed" in run_django(script, env).stdout
    assert time.monotonic() - started < 60  # a broker that is down does not hang the request
    assert set(Review.objects.filter(pk__in=[r.pk for r in reviews]).values_list("state", flat=True)) == {
        "plan_signoff"
    }
    waiting = list(pending_email().filter(kind="your_turn").values_list("pk", flat=True))
    assert len(waiting) == 3  # one "sign the plan" e-mail per employee, still in the outbox

    redis_server.start()
    wait_until(redis_server.is_up, timeout=10, what="redis back")
    worker = start_worker(env, tmp_path, hostname=f"back-{uuid.uuid4().hex[:6]}@localhost")
    try:
        run_django("from notifications.tasks import sweep_task; sweep_task.delay()", env)
        wait_until(
            lambda: not pending_email().exists(),
            timeout=60,
            what=lambda: f"outbox empty\n{worker.log_tail()}",
        )
    finally:
        worker.stop()
    assert Notification.objects.filter(pk__in=waiting, sent_at__isnull=False).count() == 3
    delivered = delivered_notification_ids(tmp_path / "mail")
    assert set(waiting) <= set(delivered)
    assert len(delivered) == len(set(delivered))  # none doubled


def test_a_worker_killed_while_delivering_is_replaced_and_the_email_goes_out_once(
    services_env, small_cycle, tmp_path
):
    markers = tmp_path / "markers"
    env = private_env(services_env, tmp_path, CELERY_VISIBILITY_TIMEOUT="3")
    slow = {
        **env,
        "EMAIL_BACKEND": "tests.integration.email_backends.SlowFileBackend",
        "SLOW_EMAIL_MARKERS": str(markers),
        "SLOW_EMAIL_SECONDS": "60",
    }
    # A pending e-mail that nothing has queued yet (the cycle's own e-mails may already be out).
    manager = small_cycle["manager"].user
    target = Notification.objects.create(
        recipient=manager,
        kind=Notification.Kind.YOUR_TURN,
        channel=Notification.Channel.EMAIL,
        dedupe_key=f"killed-worker:{uuid.uuid4().hex}",
        subject="Plan the talks",
        body="Your team's reviews are waiting.",
        next_attempt_at=timezone.now(),
    )
    doomed = start_worker(slow, tmp_path, hostname=f"doomed-{uuid.uuid4().hex[:6]}@localhost", pool="solo")
    try:
        run_django(
            f"from notifications.tasks import deliver_notifications_task as t; t.delay([{target.pk}])", env
        )
        wait_until(
            lambda: markers.exists() and any(markers.iterdir()),
            timeout=60,
            what=lambda: f"delivery started\n{doomed.log_tail()}",
        )
        os.kill(doomed.process.pid, signal.SIGKILL)
        doomed.process.wait(10)
    finally:
        doomed.stop()
    assert pending_email().filter(pk=target.pk).exists()  # the killed attempt left nothing behind

    worker = start_worker(env, tmp_path, hostname=f"after-{uuid.uuid4().hex[:6]}@localhost")
    try:
        run_django("from notifications.tasks import flush_outbox_task as t; t.delay()", env)
        wait_until(
            lambda: not pending_email().filter(pk=target.pk).exists(),
            timeout=60,
            what=lambda: f"delivered after restart\n{worker.log_tail()}",
        )
        time.sleep(5)  # the redelivered original message arrives too: it must not send again
    finally:
        worker.stop()
    target.refresh_from_db()
    assert target.sent_at is not None
    assert target.attempts == 1
    assert delivered_notification_ids(tmp_path / "mail").count(target.pk) == 1
