"""Real services for integration tests: PostgreSQL, Redis and Celery worker processes.

Integration tests run when ``DATABASE_URL`` points at PostgreSQL and ``REDIS_URL`` is
set. ``REQUIRE_SERVICES=1`` (set by ``.ci/run``) turns a missing or unreachable
service into a failure instead of a skip.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import boto3
import pytest
from django.conf import settings
from django.db import connection

from config.celery_app import app as celery_app

REPO_ROOT = Path(__file__).resolve().parents[2]
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/integration" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


def _unavailable(reason: str):
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1)", pytrace=False)
    pytest.skip(reason)


def database_url_for(settings_dict: dict) -> str:
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, *, timeout: float, interval: float = 0.25, what):
    """Poll until ``predicate()`` is truthy; ``what`` (a string or a callable giving one) explains a timeout."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    description = what() if callable(what) else what
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {description} (last: {last!r})")


class ManagedProcess:
    """A child process with its output in a log file, shown when something fails."""

    def __init__(self, name: str, args: list[str], env: dict, log_dir: Path):
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self.args = args
        self.env = env
        self.process = None

    def start(self) -> "ManagedProcess":
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.args, env=self.env, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT
        )
        return self

    def stop(self, timeout: float = 15) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


@pytest.fixture(scope="session")
def services_env(django_db_setup, tmp_path_factory) -> dict:
    """Environment for child processes: same settings, pointed at the test database."""
    if connection.vendor != "postgresql":
        _unavailable("integration tests need DATABASE_URL on PostgreSQL")
    if not settings.REDIS_URL:
        _unavailable("integration tests need REDIS_URL")
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as exc:
        _unavailable(f"Redis at {settings.REDIS_URL} is unreachable: {exc}")
    env = os.environ.copy()
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=database_url_for(connection.settings_dict),
        VAR_DIR=str(tmp_path_factory.mktemp("var")),
        PYTHONUNBUFFERED="1",
    )
    return env


def start_worker(
    env: dict,
    log_dir: Path,
    *,
    hostname: str,
    concurrency: int = 2,
    pool: str = "prefork",
    queues: list[str] | None = None,
) -> ManagedProcess:
    """A real Celery worker process with its output in ``log_dir`` (``pool="solo"``: one process to kill;
    ``queues``: only these, as ``-Q`` gives them, else every queue)."""
    return ManagedProcess(
        hostname.split("@")[0],
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--loglevel=INFO",
            f"--pool={pool}",
            f"--concurrency={concurrency}",
            "--hostname",
            hostname,
            "--without-gossip",
            "--without-mingle",
            *(["-Q", ",".join(queues)] if queues else []),
        ],
        env,
        log_dir,
    ).start()


def worker_answers(hostname: str) -> bool:
    try:
        return bool(celery_app.control.ping(destination=[hostname], timeout=0.5))
    except Exception:  # noqa: BLE001 - broker still coming up
        return False


@pytest.fixture
def celery_worker_process(services_env, tmp_path_factory):
    """A real worker on the configured Redis broker and the test database, for one test.

    Only for one test: a worker left running would pick up the tasks later tests queue
    on commit and hold locks while the next transactional test empties the database
    (a deadlock with its TRUNCATE). For the same reason the tasks earlier tests queued
    are purged first: they name rows that no longer exist.
    """
    celery_app.control.purge()
    hostname = f"testworker-{uuid.uuid4().hex[:8]}@localhost"
    worker = start_worker(services_env, tmp_path_factory.mktemp("logs"), hostname=hostname)
    try:
        wait_until(
            lambda: worker_answers(hostname), timeout=60, what=f"worker {hostname}\n{worker.log_tail()}"
        )
        yield worker
    finally:
        worker.stop()


@pytest.fixture
def redis_server(tmp_path):
    """A private Redis that a test may stop and start, without touching the shared one."""
    port = free_port()
    args = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    server = ManagedProcess(f"redis-{port}", args, os.environ.copy(), tmp_path)
    server.port = port
    server.url = f"redis://127.0.0.1:{port}/0"

    def is_up() -> bool:
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", port)) == 0

    server.is_up = is_up
    server.start()
    wait_until(is_up, timeout=10, what="private redis-server")
    yield server
    server.stop()


@pytest.fixture
def pgbouncer(services_env, tmp_path):
    """PgBouncer in transaction mode on a free port in front of PostgreSQL (yields the port; ``through_pgbouncer``
    points a database URL at it). Debian's package, which .ci/run installs."""
    binary = shutil.which("pgbouncer") or (
        "/usr/sbin/pgbouncer" if os.path.exists("/usr/sbin/pgbouncer") else None
    )
    if binary is None:
        _unavailable("pgbouncer is not installed (apt-get install pgbouncer)")
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


def through_pgbouncer(url: str, port: int) -> str:
    """``url`` (a direct PostgreSQL URL on 127.0.0.1:5432) pointed at the PgBouncer on ``port``."""
    through = url.replace("127.0.0.1:5432", f"127.0.0.1:{port}")
    assert f":{port}/" in through, url
    return through


S3_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "gesprekscyclus-test", "AWS_SECRET_ACCESS_KEY": "not-a-secret"}


@pytest.fixture
def s3_server(tmp_path):
    """An S3-compatible server process of its own (moto), with one empty private bucket."""
    port = free_port()
    server = ManagedProcess(
        f"moto-{port}",
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        os.environ.copy(),
        tmp_path,
    ).start()

    def is_up() -> bool:
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", port)) == 0

    try:
        wait_until(is_up, timeout=30, what=lambda: f"moto server\n{server.log_tail()}")
        endpoint, bucket = f"http://127.0.0.1:{port}", f"exports-{uuid.uuid4().hex[:8]}"
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id=S3_CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=S3_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )
        client.create_bucket(Bucket=bucket)
        yield {
            "process": server,
            "client": client,
            "bucket": bucket,
            "env": {
                **S3_CREDENTIALS,
                "STORAGE_URL": f"s3://{bucket}/gesprekscyclus",
                "AWS_S3_ENDPOINT_URL": endpoint,
                "AWS_S3_REGION_NAME": "us-east-1",
            },
        }
    finally:
        server.stop()


@pytest.fixture
def postgresql(db):
    """Tests whose behaviour depends on PostgreSQL (row locks, triggers)."""
    if connection.vendor != "postgresql":
        _unavailable("this test needs DATABASE_URL on PostgreSQL")


def run_django(code: str, env: dict, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run Python in a Django shell of its own (its own settings and broker), as another process would."""
    completed = subprocess.run(
        [sys.executable, str(REPO_ROOT / "manage.py"), "shell", "-c", code],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return completed


def delivered_notification_ids(mail_dir: Path) -> list[int]:
    """The notification behind each e-mail the file backend wrote (Message-ID ``<….n{id}@gesprekscyclus>``)."""
    import re

    ids = []
    for path in sorted(mail_dir.glob("*.log")):
        ids += [
            int(match)
            for match in re.findall(
                r"^Message-ID: <[^>]*\.n(\d+)@gesprekscyclus>", path.read_text(errors="replace"), re.MULTILINE
            )
        ]
    return ids


def draft_cycle(name: str, staff: int) -> dict:
    """A draft cycle starting today (planning talks due tomorrow) over a director, a manager and
    ``staff`` reports, with HR for it all: for processes that live in real time."""
    import datetime

    from django.utils import timezone

    from frameworks.models import Framework, RatingScale
    from frameworks.selectors import current_version
    from frameworks.services import frameworks_load_builtin
    from people.services import hr_grant
    from reviewcycle.services import cycle_create
    from tests.factories import EmployeeFactory, OrgUnitFactory, UserFactory

    frameworks_load_builtin()
    version = current_version(framework=Framework.objects.get(slug="kempen-competenties"))
    cell = version.role_types.get(family="Dienstverlener", grade="B")
    root = OrgUnitFactory(name=f"Gemeente {name}", kind="organisation")
    boss = EmployeeFactory(org_unit=root, role_type=cell)
    manager = EmployeeFactory(org_unit=root, manager=boss, role_type=cell)
    reports = [EmployeeFactory(org_unit=root, manager=manager, role_type=cell) for _ in range(staff)]
    hr = UserFactory(username=f"hr-{name.lower()}")
    hr_grant(user=hr, org_units=[root], actor=None)
    today = timezone.localdate()
    cycle = cycle_create(
        actor=hr,
        scope=[root],
        framework_version=version,
        rating_scale=RatingScale.objects.get(slug="vijfpuntsschaal"),
        name=name,
        period_start=today - datetime.timedelta(days=30),
        period_end=today + datetime.timedelta(days=330),
        planning_due=today + datetime.timedelta(days=1),
        progress_due=today + datetime.timedelta(days=100),
        self_assessment_due=today + datetime.timedelta(days=200),
        scoring_due=today + datetime.timedelta(days=220),
        appraisal_due=today + datetime.timedelta(days=240),
    )
    return {"cycle": cycle, "manager": manager, "staff": reports, "boss": boss, "hr": hr}


@pytest.fixture
def small_cycle(db):
    """A cycle opened today, with the planning talks due tomorrow."""
    from reviewcycle.services import cycle_open

    made = draft_cycle("Integratie", staff=3)
    cycle_open(cycle=made["cycle"], actor=made["hr"])
    return made
