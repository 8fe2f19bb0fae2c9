"""Several machines, no shared disk (issue 24): two web nodes (gunicorn) behind a load balancer (Debian's
haproxy, round robin), two Celery workers, each node with a VAR_DIR of its own; PgBouncer in transaction
mode between all of them and PostgreSQL; files in an S3-compatible server (moto). Through the balancer only,
one review walks to final and HR makes a bulk PDF export: a worker killed in the middle of it (every form
rendered, the zip being stored) is survived without anyone starting it again (the sweeper queues it again
once the lease ran out and the other worker makes it: one complete zip), the zip is built by a worker and
streamed by the other web node, and every "your turn" mail goes out exactly once.

README, "Production: the scaled form"; docs/deployment.md."""

import collections
import io
import os
import re
import shutil
import signal
import sys
import time
import uuid
import zipfile
from pathlib import Path

import psycopg
import pytest
import requests
from django.db import connection
from django.utils import timezone

from config.celery_app import app as celery_app
from core.tasks import sweep_jobs_task
from notifications.models import Notification
from reports.models import ReviewFormExport
from reviewcycle.models import Review
from tests.integration.conftest import (
    ManagedProcess,
    _unavailable,
    database_url_for,
    delivered_notification_ids,
    draft_cycle,
    free_port,
    start_worker,
    through_pgbouncer,
    wait_until,
    worker_answers,
)

pytestmark = pytest.mark.django_db(transaction=True)

# A worker's log line for an export task it took (its banner lists the task's name too).
EXPORT_RECEIVED = re.compile(r"export_review_forms_task\[[0-9a-f-]+\] received")
LEASE = 3  # seconds (JOB_LEASE_SECONDS of the workers): a killed worker's export is queued again this soon


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def _node_env(env: dict, var_dir: Path) -> dict:
    """A machine of its own: its VAR_DIR, and its mail written to a folder under it."""
    return {**env, "VAR_DIR": str(var_dir), "EMAIL_FILE_PATH": str(var_dir / "mail")}


def start_web_node(name: str, env: dict, var_dir: Path) -> ManagedProcess:
    port = free_port()
    node = ManagedProcess(
        name,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--graceful-timeout",
            "5",
            "--access-logfile",
            str(var_dir / "access.log"),
        ],
        _node_env(env, var_dir),
        var_dir,
    ).start()
    node.port, node.access_log = port, var_dir / "access.log"
    return node


def start_balancer(ports: list[int], folder: Path) -> ManagedProcess:
    binary = shutil.which("haproxy") or ("/usr/sbin/haproxy" if os.path.exists("/usr/sbin/haproxy") else None)
    if binary is None:
        _unavailable("haproxy is not installed (apt-get install haproxy)")
    port = free_port()
    servers = "".join(f"  server web{n} 127.0.0.1:{p}\n" for n, p in enumerate(ports, start=1))
    (folder / "haproxy.cfg").write_text(
        "defaults\n  mode http\n  option forwardfor\n"
        "  timeout connect 5s\n  timeout client 60s\n  timeout server 60s\n"
        f"frontend balancer\n  bind 127.0.0.1:{port}\n  default_backend web\n"
        f"backend web\n  balance roundrobin\n{servers}"
    )
    balancer = ManagedProcess(
        "haproxy", [binary, "-db", "-f", str(folder / "haproxy.cfg")], os.environ, folder
    )
    balancer.start()
    balancer.url = f"http://127.0.0.1:{port}"
    return balancer


class Api:
    """Someone using the API through the balancer, with a token from the token endpoint."""

    def __init__(self, base: str, username: str):
        self.base = base
        answer = requests.post(
            f"{base}/api/v1/auth/token/",
            json={"username": username, "password": "demo-wachtwoord"},
            timeout=30,
        )
        assert answer.status_code == 200, answer.text
        self.headers = {"Authorization": f"Token {answer.json()['token']}", "Accept-Language": "en"}

    def call(self, method: str, path: str, body=None, status: int = 200):
        answer = requests.request(
            method, f"{self.base}/api/v1/{path}", json=body, headers=self.headers, timeout=60
        )
        assert answer.status_code == status, f"{method} {path}: {answer.status_code} {answer.text[:2000]}"
        return answer


def walk_to_final(
    hr: Api, manager: Api, employee: Api, second: Api, cycle_id: int, employee_name: str
) -> int:
    """The review of ``employee_name`` from planning to final, every step through the API. The cycle asks
    for no progress talk and no minimum period, so no step waits for a date."""
    assert hr.call("POST", f"cycles/{cycle_id}/open/").json()["created"] == 4  # the director has none
    mine = manager.call("GET", f"reviews/?cycle={cycle_id}&role=manager").json()["results"]
    review = next(r["id"] for r in mine if r["employee"]["name"] == employee_name)
    url, today = f"reviews/{review}", timezone.localdate().isoformat()
    manager.call("POST", f"{url}/goals/", {"title": "Wachttijd balie onder 10 minuten", "weight": 100}, 201)
    assert manager.call("POST", f"{url}/record-planning-talk/", {"talk_date": today}).json()["state"] == (
        "plan_signoff"
    )
    assert (
        employee.call("POST", f"{url}/sign-plan/", {"signature": "agreed"}).json()["state"] == "in_progress"
    )
    assert manager.call("POST", f"{url}/start-appraisal/").json()["state"] == "self_assessment"
    detail = employee.call("GET", f"{url}/").json()
    for item in detail["assessments"]:
        if item["in_focus"]:
            employee.call(
                "PUT", f"{url}/assessments/{item['id']}/self-assessment/", {"rating": 4, "remark": "Goed"}
            )
    ratings = [{"goal": goal["id"], "rating": 3} for goal in detail["goals"]]
    assert employee.call("POST", f"{url}/submit-self-assessment/", {"ratings": ratings}).json()["state"] == (
        "scoring"
    )
    for item in manager.call("GET", f"{url}/").json()["assessments"]:
        if item["in_focus"]:
            marks = {mark["id"]: "fully" for mark in item["indicators"] if not mark["is_next_level"]}
            manager.call("PUT", f"{url}/assessments/{item['id']}/score/", {"marks": marks, "rating": 3})
    for goal in detail["goals"]:
        manager.call("PUT", f"{url}/goals/{goal['id']}/score/", {"rating": 3, "result_note": "Behaald"})
    assert manager.call("POST", f"{url}/submit-scores/").json()["state"] == "appraisal_talk"
    talk = {"talk_date": today, "summary": "Besproken."}
    assert manager.call("POST", f"{url}/record-appraisal-talk/", talk).json()["state"] == "employee_response"
    signed = employee.call("POST", f"{url}/sign/", {"signature": "agreed", "response": "Akkoord."}).json()
    assert signed["state"] == "second_review"
    assert second.call("POST", f"{url}/finalise/").json()["state"] == "final"
    return review


def served(node: ManagedProcess) -> list[str]:
    """The requests (method and path) a web node's access log shows, in order."""
    if not node.access_log.exists():
        return []
    return re.findall(r'"(?:GET|POST|PUT|PATCH) (\S+) HTTP', node.access_log.read_text())


def settled_counts(webs: list[ManagedProcess]) -> list[int]:
    """How many requests each web node logged, once the last request's line is written."""
    counts = [len(served(node)) for node in webs]
    while True:
        time.sleep(0.3)
        again = [len(served(node)) for node in webs]
        if again == counts:
            return counts
        counts = again


def node_that_served(webs: list[ManagedProcess], counts: list[int]) -> int:
    """Which web node took the one request made since its access log had ``counts`` lines (a node logs a
    request once it answered it in full: a moment after the client has it)."""
    grown = wait_until(
        lambda: [n for n, node in enumerate(webs) if len(served(node)) > counts[n]],
        timeout=10,
        what="the request in a node's access log",
    )
    assert len(grown) == 1, grown
    return grown[0]


def _files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def test_two_web_nodes_and_two_workers_without_a_shared_disk_behind_a_balancer_and_pgbouncer(
    services_env, pgbouncer, s3_server, tmp_path_factory
):
    made = draft_cycle("Knooppunten", staff=3)
    made["cycle"].min_progress_talks = made["cycle"].min_review_period_days = 0
    made["cycle"].save(update_fields=["min_progress_talks", "min_review_period_days"])
    employee = made["staff"][0]

    direct = database_url_for(connection.settings_dict)
    env = {
        **services_env,
        **s3_server["env"],
        "DATABASE_URL": through_pgbouncer(direct, pgbouncer),
        "DATABASE_TRANSACTION_POOLER": "1",
        "CELERY_QUEUE": f"nodes-{uuid.uuid4().hex[:6]}",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "JOB_LEASE_SECONDS": str(LEASE),
        "TRUSTED_PROXY_COUNT": "1",
    }
    machines = {name: tmp_path_factory.mktemp(name) for name in ("web1", "web2", "worker1", "worker2", "lb")}
    celery_app.control.purge()
    webs = [start_web_node(name, env, machines[name]) for name in ("web1", "web2")]
    workers = {
        name: start_worker(
            _node_env(env, machines[name]),
            machines[name],
            hostname=f"{name}-{uuid.uuid4().hex[:6]}@localhost",
            pool="solo",
        )
        for name in ("worker1", "worker2")
    }
    lock = None
    processes = [*webs, *workers.values()]
    try:
        for node in webs:
            wait_until(
                lambda node=node: _answers(f"http://127.0.0.1:{node.port}/healthz/ready"),
                timeout=60,
                what=lambda node=node: f"{node.name}\n{node.log_tail()}",
            )
        for worker in workers.values():
            name = worker.args[worker.args.index("--hostname") + 1]
            wait_until(lambda name=name: worker_answers(name), timeout=60, what=lambda w=worker: w.log_tail())
        balancer = start_balancer([node.port for node in webs], machines["lb"])
        processes.append(balancer)
        wait_until(lambda: _answers(f"{balancer.url}/healthz/live"), timeout=20, what=balancer.log_tail)

        # Round robin: request after request, the next web node.
        for probe in range(6):
            assert requests.get(f"{balancer.url}/healthz/live?probe={probe}", timeout=10).status_code == 200
        probes = wait_until(
            lambda: (
                [[int(path.rsplit("=", 1)[1]) for path in served(node) if "probe=" in path] for node in webs]
                if sum("probe=" in path for node in webs for path in served(node)) == 6
                else None
            ),
            timeout=10,
            what="six probes in the access logs",
        )
        assert sorted(probes) == [[0, 2, 4], [1, 3, 5]], probes

        # One review to final, through the balancer, both nodes serving it.
        before = settled_counts(webs)
        hr = Api(balancer.url, made["hr"].username)
        manager, second = (
            Api(balancer.url, made["manager"].user.username),
            Api(balancer.url, made["boss"].user.username),
        )
        review = walk_to_final(
            hr, manager, Api(balancer.url, employee.user.username), second, made["cycle"].pk, employee.name
        )
        assert Review.objects.get(pk=review).state == "final"
        walked = [after - count for after, count in zip(settled_counts(webs), before, strict=True)]
        assert min(walked) >= 10, walked
        assert abs(walked[0] - walked[1]) <= 1, walked  # half each

        # Every "your turn" mail of the walk goes out, each once, from one worker or the other.
        def mail_settled() -> bool:
            return not Notification.objects.filter(
                channel="email", sent_at__isnull=True, created_at__lte=timezone.now()
            ).exists()

        wait_until(mail_settled, timeout=60, what=lambda: "\n".join(w.log_tail() for w in workers.values()))

        # A bulk export asked for through one web node, held (no worker may read the reviews until the
        # lock goes) until the bucket stops answering (SIGSTOP): its worker renders every form, then hangs
        # storing the zip, and is killed there.
        lock = psycopg.connect(direct)
        lock.execute("LOCK TABLE reviewcycle_review IN ACCESS EXCLUSIVE MODE")
        counts = settled_counts(webs)
        request = {"cycle": made["cycle"].pk, "org_unit": made["boss"].org_unit_id}
        export = hr.call("POST", "exports/", request, 202).json()["id"]
        started_on = node_that_served(webs, counts)

        def export_row() -> dict:
            return ReviewFormExport.objects.values("status", "done", "total", "attempts", "error").get(
                pk=export
            )

        wait_until(
            lambda: export_row()["status"] == "running",
            timeout=30,
            what=lambda: "the export running\n" + "\n".join(w.log_tail() for w in workers.values()),
        )
        doomed = next(
            name for name, worker in workers.items() if EXPORT_RECEIVED.search(worker.log_path.read_text())
        )
        (survivor,) = set(workers) - {doomed}
        bucket = s3_server["process"].process
        bucket.send_signal(signal.SIGSTOP)
        try:
            lock.close()
            wait_until(
                lambda: export_row()["done"] == export_row()["total"] == 4,
                timeout=60,
                what=lambda: f"every form rendered: {export_row()}\n{workers[doomed].log_tail()}",
            )
            time.sleep(0.5)  # storing the zip, in a bucket that does not answer
            workers[doomed].process.send_signal(signal.SIGKILL)
            workers[doomed].process.wait(10)
        finally:
            bucket.send_signal(signal.SIGCONT)
        assert export_row()["status"] == "running"
        # Beat's sweeper (its task here sent every second, not every minute) queues it again on the
        # surviving worker once the lease ran out, and that worker makes it: nobody starts it again, and
        # HR never sees it failed.
        timed = f"{env['CELERY_QUEUE']}.timed"
        wait_until(
            lambda: (sweep_jobs_task.apply_async(queue=timed), export_row()["status"] != "running")[1],
            timeout=LEASE * 4,
            interval=1,
            what=lambda: f"the sweeper queueing the killed worker's export again: {export_row()}",
        )
        wait_until(
            lambda: export_row()["status"] in ("done", "failed"),
            timeout=90,
            what=lambda: f"the export done: {export_row()}\n{workers[survivor].log_tail()}",
        )
        assert export_row() == {"status": "done", "done": 4, "total": 4, "attempts": 2, "error": ""}
        assert len(EXPORT_RECEIVED.findall(workers[survivor].log_path.read_text())) == 1
        counts = settled_counts(webs)
        download = requests.get(
            f"{balancer.url}/api/v1/exports/{export}/download/", headers=hr.headers, timeout=60
        )
        assert download.status_code == 200, download.text[:2000]
        downloaded_on = node_that_served(webs, counts)
        # Asked for on one web node, built on a worker, downloaded through the other web node.
        assert downloaded_on != started_on
        assert served(webs[downloaded_on])[-1] == f"/api/v1/exports/{export}/download/"
        assert hr.call("GET", f"exports/{export}/").json()["status"] == "done"
        with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
            names = archive.namelist()
            assert len(names) == 4
            assert all(archive.read(name).startswith(b"%PDF") for name in names)
        # One zip: what the killed worker may have stored after all was replaced, not kept beside it.
        stored = s3_server["client"].list_objects_v2(Bucket=s3_server["bucket"])["Contents"]
        assert [item["Key"] for item in stored] == [
            f"gesprekscyclus/{ReviewFormExport.objects.get(pk=export).file.name}"
        ]
        wait_until(mail_settled, timeout=60, what=lambda: workers[survivor].log_tail())
    finally:
        if lock is not None:
            lock.close()
        for process in processes:
            process.stop()

    # No shared disk: no node kept a file of the export (the zip is in the bucket only).
    for name in ("web1", "web2", "worker1", "worker2"):
        assert _files_under(machines[name] / "media") == [], name
    # Both web nodes served the walk and the export; each e-mail notification was sent exactly once.
    assert all(served(node) for node in webs)
    delivered = collections.Counter(
        id
        for name in ("web1", "web2", "worker1", "worker2")
        for id in delivered_notification_ids(machines[name] / "mail")
    )
    sent = set(
        Notification.objects.filter(channel="email", sent_at__isnull=False).values_list("id", flat=True)
    )
    assert sent, "the walk sent no e-mail"
    assert set(delivered) == sent
    assert [id for id, times in delivered.items() if times != 1] == []
