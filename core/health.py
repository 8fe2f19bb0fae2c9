"""Health per node type, for a load balancer or an orchestrator.

- ``/healthz``: the whole installation: the database, the broker and at least one Celery worker.
- ``/healthz/ready``: may this web node take requests? The database and the broker (a web node
  with every worker down still serves pages; taking it out of the balancer would not help).
- ``/healthz/live``: is this web process alive at all? No dependency is asked (an orchestrator
  restarts a node that fails it; a database outage must not restart every web node).
- A worker answers ``celery -A config inspect ping -d celery@HOST``; beat is alive while its process runs.

The Celery app is the current one (``config.celery_app`` makes itself current when ``config`` loads),
so core does not import the project's configuration."""

from celery import current_app as celery_app
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

CHECK_TIMEOUT_SECONDS = 2.0


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True}


def check_broker() -> dict:
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=CHECK_TIMEOUT_SECONDS)
        # A connect alone can succeed lazily; a channel round trip proves the broker answers.
        conn.default_channel.queue_declare(queue=celery_app.conf.task_default_queue, passive=False)
    return {"ok": True, "transport": conn.transport_cls}


def check_worker() -> dict:
    replies = celery_app.control.ping(timeout=CHECK_TIMEOUT_SECONDS / 2)
    workers = sorted(name for reply in replies for name in reply)
    if not workers:
        return {"ok": False, "error": "no worker answered a ping"}
    return {"ok": True, "workers": workers}


CHECKS = {"database": check_database, "broker": check_broker, "worker": check_worker}


def run_checks(names=tuple(CHECKS)) -> dict[str, dict]:
    results = {}
    for name in names:
        check = CHECKS[name]
        if name == "worker" and not results["broker"]["ok"]:
            results[name] = {"ok": False, "error": "broker unreachable"}
            continue
        try:
            results[name] = check()
        except Exception as exc:  # noqa: BLE001 - any failure means "down", reported by name
            results[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    return results


def _answer(results: dict[str, dict]) -> JsonResponse:
    down = [name for name, result in results.items() if not result["ok"]]
    body = {"status": "down" if down else "ok", "down": down, "checks": results}
    return JsonResponse(body, status=503 if down else 200)


@never_cache
@require_GET
def healthz(request):
    return _answer(run_checks())


@never_cache
@require_GET
def ready(request):
    return _answer(run_checks(("database", "broker")))


@never_cache
@require_GET
def live(request):
    return _answer({})
