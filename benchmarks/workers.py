"""One worker vs two: opening a cycle and a bulk PDF export at the same time, and mail meanwhile.

    createdb -h 127.0.0.1 -U postgres -O gesprekscyclus gesprekscyclus_bench
    DATABASE_URL=postgres://gesprekscyclus@127.0.0.1:5432/gesprekscyclus_bench \\
    REDIS_URL=redis://127.0.0.1:6379/0 python -m benchmarks.workers [--open 20000] [--pdfs 2000]

Small, as a smoke test: ``--open 500 --pdfs 50``. The database is emptied; the Redis queues used are
``bench-workers.*`` (``CELERY_QUEUE``), purged first. For each number of heavy workers (``--workers``,
default 1 and 2) one run, each on fresh data:

1. ``prepare``: an organisation of ``--open`` employees with a draft cycle, and another of ``--pdfs``
   employees (plus its director) whose cycle is open with its reviews spread over every state.
2. Real ``celery worker`` processes on the Redis broker, the queues by kind as
   config/settings/queues.py has them and docs/deployment.md runs them: N *heavy* workers
   (``-Q bench-workers.documents,bench-workers.bulk``) and one *light* one for mail
   (``-Q bench-workers.mail,bench-workers``), each one process (``--pool=solo``), so each one's CPU
   is its own.
3. HR starts the bulk export of the second organisation (``--pdfs`` forms in one zip) and opens the
   first one's cycle (one job each, as the API starts them), and both are timed until done.
   Meanwhile, every ``--probe-every`` seconds while the export runs, a "your turn" notification is
   queued (``notifications.services.notify``, as a review step does): its latency is the time from
   its commit to its e-mail reaching the mail backend (``benchmarks/mail_clock.py``, a backend that
   notes the time of each message in a file, across processes).
4. CPU seconds over the run of every worker process, of all PostgreSQL processes, of Redis, of this
   process, and of the whole machine (so what others ran is visible), and the load average.

One export is one task: it runs on one worker whatever the number of workers, so the ratio comes
from running the opening beside it rather than after it. Results go to benchmarks/results/workers.json.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psutil

from benchmarks.common import write_results

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "False")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("CELERY_QUEUE", "bench-workers")
os.environ["CYCLE_OPEN_IN_BACKGROUND_FROM"] = "1"  # every opening a job, as at 20,000
REPO_ROOT = Path(__file__).resolve().parent.parent


def setup() -> None:
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("This benchmark runs real workers on Redis: set REDIS_URL.")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("Benchmarks run on PostgreSQL: set DATABASE_URL (see README, Benchmarks).")
    call_command("migrate", verbosity=0)


def prepare(employees: int, pdfs: int, probes: int) -> dict:
    """Fresh data: a draft cycle for ``employees`` and an open one of ``pdfs`` reviews to export."""
    from django.core.management import call_command

    from frameworks.models import Framework
    from frameworks.selectors import current_version
    from reviewcycle.generator import cycle_for, generate_org
    from reviewcycle.models import Review

    call_command("flush", interactive=False, verbosity=0)
    opening = generate_org(employees=employees, open_cycle=False, name="Gemeente Opening")
    version = current_version(framework=Framework.objects.get(slug="kempen-competenties"))
    draft = cycle_for(root=opening.root, hr=opening.hr, version=version)
    export = generate_org(employees=pdfs + 1, name="Gemeente Export")  # the director has no review
    # The people the "your turn" probes go to: a review each, an address to mail.
    reviews = list(Review.objects.filter(cycle=export.cycle).select_related("employee__user")[:probes])
    for review in reviews:
        review.employee.user.email = f"{review.employee.user.username}@example.org"
        review.employee.user.save(update_fields=["email"])
    return {
        "draft": draft,
        "opening_hr": opening.hr,
        "export_hr": export.hr,
        "export_cycle": export.cycle,
        "export_root": export.root,
        "probe_reviews": reviews,
    }


def start_worker(name: str, queues: list[str], env: dict, log_dir: Path) -> subprocess.Popen:
    hostname = f"{name}-{uuid.uuid4().hex[:6]}@bench"
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=WARNING", "--pool=solo",
        "--hostname", hostname, "--without-gossip", "--without-mingle", "-Q", ",".join(queues),
    ]  # fmt: skip
    log = (log_dir / f"{name}.log").open("ab")
    process = subprocess.Popen(command, env=env, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT)
    process.hostname, process.label = hostname, name
    return process


def wait_for(predicate, timeout: float, what: str, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(interval)
    raise SystemExit(f"timed out waiting for {what}")


def _cpu(process: psutil.Process) -> float:
    try:
        times = process.cpu_times()
        return times.user + times.system + times.children_user + times.children_system
    except psutil.Error:
        return 0.0


def cpu_snapshot(workers: list[subprocess.Popen]) -> dict:
    """CPU seconds so far: each worker, PostgreSQL and Redis (all their processes), this process, the
    machine (busy time over every core, and the time a hypervisor gave to other machines)."""
    named = {"postgres": 0.0, "redis": 0.0}
    for process in psutil.process_iter(["name"]):
        for prefix in named:
            if (process.info["name"] or "").startswith(prefix):
                named[prefix] += _cpu(process)
    machine = psutil.cpu_times()
    return {
        **{worker.label: _cpu(psutil.Process(worker.pid)) for worker in workers},
        **named,
        "benchmark": _cpu(psutil.Process()),
        "machine_busy": machine.user + machine.nice + machine.system + machine.irq + machine.softirq,
        "machine_steal": getattr(machine, "steal", 0.0),
    }


def probe(review, number: int) -> tuple[int, float]:
    """A "your turn" notification to the review's employee, as a review step queues one."""
    from django.db import transaction

    from notifications import messages
    from notifications.models import Notification
    from notifications.services import notify

    with transaction.atomic():
        notify(
            recipients=[review.employee.user],
            review=review,
            kind=Notification.Kind.YOUR_TURN,
            key=f"bench-probe-{number}",
            text_for=lambda user: messages.your_turn(review, user),
        )
    queued_at = time.time()  # committed, its delivery task published
    ident = Notification.objects.get(dedupe_key=f"bench-probe-{number}:{review.employee.user.pk}:mail").pk
    return ident, queued_at


def run(heavy: int, arguments, log_dir: Path) -> dict:
    from benchmarks.mail_clock import received
    from config.celery_app import app
    from reports.models import ReviewFormExport
    from reports.services import form_export_start
    from reviewcycle.models import CycleOpening
    from reviewcycle.services import cycle_open_start

    started = time.perf_counter()
    made = prepare(arguments.open, arguments.pdfs, probes=500)
    prepared_s = round(time.perf_counter() - started, 1)
    queue = os.environ["CELERY_QUEUE"]
    clock = log_dir / f"mail-{heavy}.clock"
    env = {
        **os.environ,
        "EMAIL_BACKEND": "benchmarks.mail_clock.ReceivedAtBackend",
        "MAIL_CLOCK_FILE": str(clock),
        "PYTHONUNBUFFERED": "1",
    }
    app.control.purge()
    workers = [start_worker("light", [f"{queue}.mail", queue], env, log_dir)] + [
        start_worker(f"heavy{n}", [f"{queue}.documents", f"{queue}.bulk"], env, log_dir)
        for n in range(1, heavy + 1)
    ]
    try:
        for worker in workers:
            wait_for(
                lambda w=worker: app.control.ping(destination=[w.hostname], timeout=0.5), 90, worker.label
            )
        before, load_before, t0 = cpu_snapshot(workers), os.getloadavg(), time.monotonic()
        export = form_export_start(
            actor=made["export_hr"], cycle=made["export_cycle"], org_unit=made["export_root"]
        )
        cycle_open_start(cycle=made["draft"], actor=made["opening_hr"])
        opening = CycleOpening.objects.get(cycle=made["draft"])
        jobs = {"export": (ReviewFormExport, export.pk), "open": (CycleOpening, opening.pk)}
        seen: dict[str, dict[str, float]] = {name: {} for name in jobs}
        probes: list[dict] = []
        next_probe = t0 + arguments.probe_every
        while not all("done" in seen[name] or "failed" in seen[name] for name in jobs):
            now = time.monotonic()
            for name, (model, pk) in jobs.items():
                status = model.objects.values_list("status", flat=True).get(pk=pk)
                seen[name].setdefault(status, round(now - t0, 2))
            if "running" in seen["export"] and "done" not in seen["export"] and now >= next_probe:
                review = made["probe_reviews"][len(probes) % len(made["probe_reviews"])]
                ident, queued_at = probe(review, len(probes))
                probes.append({"id": ident, "queued_at": queued_at, "at_s": round(now - t0, 2),
                               "opening_running": "running" in seen["open"] and "done" not in seen["open"]})  # fmt: skip
                next_probe = now + arguments.probe_every
            if now - t0 > arguments.timeout:
                raise SystemExit(f"jobs not done after {arguments.timeout} s: {seen}")
            time.sleep(0.1)
        wall_s = round(time.monotonic() - t0, 2)
        wait_for(lambda: all(p["id"] in received(clock) for p in probes), 120, "every probe mail")
        after, load_after = cpu_snapshot(workers), os.getloadavg()
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(60)
    times = received(clock)
    latencies = [round((times[p["id"]] - p["queued_at"]) * 1000, 1) for p in probes]
    cpu = {name: round(after[name] - before[name], 1) for name in before}
    ours = sum(value for name, value in cpu.items() if not name.startswith("machine"))
    cpu["others"] = round(max(0.0, cpu["machine_busy"] - ours), 1)  # whatever else the machine ran
    # Above a fifth, the machine was shared with other work: read the times with that in mind.
    cpu["others_share"] = round(cpu["others"] / cpu["machine_busy"], 2) if cpu["machine_busy"] else 0.0
    export.refresh_from_db()
    return {
        "heavy_workers": heavy,
        "prepare_s": prepared_s,
        "wall_s": wall_s,
        "jobs": {name: {"seconds_after_start": marks} for name, marks in seen.items()},
        "export_forms": export.total,
        "export_status": export.status,
        "cpu_s": cpu,
        "cpu_cores_busy": round(cpu["machine_busy"] / wall_s, 2),
        "load_average": {
            "before": [round(x, 2) for x in load_before],
            "after": [round(x, 2) for x in load_after],
        },
        "mail": {
            "probes": len(probes),
            "median_ms": round(statistics.median(latencies), 1) if latencies else None,
            "max_ms": max(latencies, default=None),
            "latencies_ms": latencies,
            "while_opening_runs": sum(p["opening_running"] for p in probes),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--open", type=int, default=20_000, help="employees in the cycle that is opened")
    parser.add_argument("--pdfs", type=int, default=2_000, help="forms in the bulk export")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="heavy workers, one run each")
    parser.add_argument("--probe-every", type=float, default=2.0, help="seconds between mail probes")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds a run may take")
    parser.add_argument("--no-write", action="store_true", help="print, do not write results (smoke tests)")
    arguments = parser.parse_args()
    setup()
    runs = {}
    with tempfile.TemporaryDirectory(prefix="bench-workers-") as folder:
        for heavy in arguments.workers:
            runs[str(heavy)] = run(heavy, arguments, Path(folder))
            print(f"{heavy} heavy worker(s): {runs[str(heavy)]}", flush=True)
    results = {"open_employees": arguments.open, "pdfs": arguments.pdfs, "runs": runs}
    results["summary"] = {
        heavy: {
            "wall_s": run["wall_s"],
            "export_done_s": run["jobs"]["export"]["seconds_after_start"].get("done"),
            "open_done_s": run["jobs"]["open"]["seconds_after_start"].get("done"),
            "export_worker_cpu_s": max(v for k, v in run["cpu_s"].items() if k.startswith("heavy")),
            "postgres_cpu_s": run["cpu_s"]["postgres"],
            "others_share": run["cpu_s"]["others_share"],
            "load_average_1min": run["load_average"]["before"][0],
            "mail_median_ms": run["mail"]["median_ms"],
            "mail_max_ms": run["mail"]["max_ms"],
        }
        for heavy, run in runs.items()
    }
    if "1" in runs and "2" in runs:
        results["ratio_wall_1_to_2"] = round(runs["1"]["wall_s"] / runs["2"]["wall_s"], 2)
        results["ratio_open_done_1_to_2"] = round(
            runs["1"]["jobs"]["open"]["seconds_after_start"]["done"]
            / runs["2"]["jobs"]["open"]["seconds_after_start"]["done"],
            2,
        )
    if arguments.no_write:
        print(results)
        return
    print(f"Results: {write_results('workers', results)}")


if __name__ == "__main__":
    main()
