"""Queues by kind of work (issue 24): every task of the product has a kind, and is sent to its queue."""

from django.conf import settings

from config.celery_app import app


def product_tasks() -> set[str]:
    app.loader.import_default_modules()
    return {
        name
        for name in app.tasks
        if name.split(".")[0] in {"core", "people", "reviewcycle", "notifications", "reports", "frameworks"}
    }


def test_every_task_has_a_kind_of_work():
    listed = {task for tasks in settings.CELERY_QUEUE_KINDS.values() for task in tasks}
    assert product_tasks() == listed


def test_a_task_is_sent_to_the_queue_of_its_kind():
    default = settings.CELERY_TASK_DEFAULT_QUEUE
    route = app.amqp.router.route
    assert route({}, "notifications.tasks.deliver_notifications_task")["queue"].name == f"{default}.mail"
    assert route({}, "reports.tasks.export_review_forms_task")["queue"].name == f"{default}.documents"
    assert route({}, "reviewcycle.tasks.open_cycle_task")["queue"].name == f"{default}.bulk"
    assert route({}, "notifications.tasks.sweep_task")["queue"].name == f"{default}.timed"
    assert route({}, "gesprekscyclus.ping")["queue"].name == default


def test_a_worker_without_q_consumes_every_queue():
    names = (
        {queue.name for queue in app.amqp.queues.consume_from.values()}
        if app.amqp.queues.consume_from
        else set(app.amqp.queues)
    )
    default = settings.CELERY_TASK_DEFAULT_QUEUE
    assert names == {default, *(f"{default}.{kind}" for kind in settings.CELERY_QUEUE_KINDS)}
