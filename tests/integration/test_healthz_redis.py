import json
import sys
import urllib.error
import urllib.request
import uuid

import pytest

from tests.integration.conftest import ManagedProcess, free_port, start_worker, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def get_health(port: int) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
    except OSError:
        return 0, {}


def test_healthz_reports_the_broker_down_while_redis_is_stopped_and_recovers(
    services_env, redis_server, tmp_path
):
    env = {**services_env, "REDIS_URL": redis_server.url, "CELERY_QUEUE": f"health-{uuid.uuid4().hex[:6]}"}
    hostname = f"healthworker-{uuid.uuid4().hex[:8]}@localhost"
    worker = start_worker(env, tmp_path, hostname=hostname)
    web_port = free_port()
    web = ManagedProcess(
        "web",
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{web_port}",
            "--workers",
            "1",
            "--timeout",
            "30",
        ],
        {**env, "ALLOWED_HOSTS": "127.0.0.1"},
        tmp_path,
    ).start()
    try:
        status, body = wait_until(
            lambda: (lambda r: r if r[0] == 200 else None)(get_health(web_port)),
            timeout=60,
            what=f"healthz 200\nweb:\n{web.log_tail()}\nworker:\n{worker.log_tail()}",
        )
        assert body["status"] == "ok"
        assert body["checks"]["worker"]["workers"] == [hostname]

        redis_server.stop()
        status, body = get_health(web_port)
        assert status == 503
        assert "broker" in body["down"]
        assert body["checks"]["database"]["ok"] is True
        assert body["checks"]["broker"]["ok"] is False

        redis_server.start()
        wait_until(redis_server.is_up, timeout=10, what="redis restart")
        status, body = wait_until(
            lambda: (lambda r: r if r[0] == 200 else None)(get_health(web_port)),
            timeout=90,
            what=f"healthz back to 200\nworker:\n{worker.log_tail()}",
        )
        assert body["down"] == []
    finally:
        web.stop()
        worker.stop()
