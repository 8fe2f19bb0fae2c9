"""Queues by kind of work on a real broker (issue 24): a worker that only sends mail delivers a "your turn"
message while an export waits in the documents queue, which no worker of that kind has taken yet."""

import uuid

import pytest
import redis
from django.conf import settings

from config.celery_app import app as celery_app
from notifications.models import Notification
from notifications.tasks import deliver_notifications_task
from reports.tasks import export_review_forms_task
from tests.integration.conftest import delivered_notification_ids, start_worker, wait_until, worker_answers

pytestmark = pytest.mark.django_db(transaction=True)


def test_mail_goes_out_while_an_export_waits_in_its_own_queue(services_env, small_cycle, tmp_path):
    celery_app.control.purge()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **services_env,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    default = settings.CELERY_TASK_DEFAULT_QUEUE
    hostname = f"mail-{uuid.uuid4().hex[:6]}@localhost"
    worker = start_worker(env, tmp_path, hostname=hostname, queues=[f"{default}.mail"])
    try:
        wait_until(
            lambda: worker_answers(hostname), timeout=60, what=f"worker {hostname}\n{worker.log_tail()}"
        )
        export_review_forms_task.delay(0)  # for the documents queue: no worker of that kind runs
        review = small_cycle["cycle"].reviews.select_related("employee__user").first()
        notification = Notification.objects.create(
            recipient=review.employee.user,
            review=review,
            kind=Notification.Kind.YOUR_TURN,
            channel=Notification.Channel.EMAIL,
            dedupe_key=f"queues-{uuid.uuid4().hex}",
            subject="Je bent aan de beurt",
            body="Je planningsgesprek staat klaar.",
        )
        deliver_notifications_task.delay([notification.pk])
        wait_until(
            lambda: notification.pk in delivered_notification_ids(mail_dir),
            timeout=30,
            what=f"the mail, delivered by the mail worker\n{worker.log_tail()}",
        )
        waiting = redis.Redis.from_url(settings.REDIS_URL).llen(f"{default}.documents")
        assert waiting == 1  # the export is still queued: the mail did not wait for it
    finally:
        worker.stop()
        celery_app.control.purge()
