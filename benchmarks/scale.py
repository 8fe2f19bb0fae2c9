"""Benchmarks at organisation size, each against a baseline measured in the same run.

    DATABASE_URL=postgres://…/gesprekscyclus_bench python -m benchmarks.scale [--open 20000] [--reviews 100000]

Every part runs in a process of its own, so its peak memory is its own:

1. ``open``: opening a cycle for ``--open`` employees (the service: reviews, snapshots of every
   competency and indicator, audit events, the managers' notifications) vs a raw ``COPY`` of the
   same review, assessment, indicator and event rows. Target ≤ 3×.
2. ``generate``: ``--reviews`` reviews spread over every state (not timed against a target).
3. ``dashboard``: counting the HR dashboard anew (``count_dashboard``, as after a change) over those
   reviews vs hand-written SQL for the same numbers (median of 5 warm runs each), and its query count. Target ≤ 2×, the query count as at 10 reviews.
4. ``sweep``: the reminder sweep over ``--reviews`` open reviews, then once more (nothing new). Target < 5 s.
5. ``load``: the review list and detail APIs on gunicorn under locust, 20 users (see benchmarks/load.py).

Results go to benchmarks/results/scale.json.
"""

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import time

from benchmarks.common import RESULTS_DIR, peak_memory_mb, write_results

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "False")
os.environ.setdefault("LOG_LEVEL", "WARNING")

COPIED_TABLES = {
    "reviewcycle_review": "cycle_id = %(cycle)s",
    "reviewcycle_competencyassessment": "review_id IN (SELECT id FROM reviewcycle_review WHERE cycle_id = %(cycle)s)",
    "reviewcycle_indicatormark": (
        "assessment_id IN (SELECT a.id FROM reviewcycle_competencyassessment a "
        "JOIN reviewcycle_review r ON r.id = a.review_id WHERE r.cycle_id = %(cycle)s)"
    ),
    "reviewcycle_reviewevent": "review_id IN (SELECT id FROM reviewcycle_review WHERE cycle_id = %(cycle)s)",
}


def setup() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("Benchmarks run on PostgreSQL: set DATABASE_URL (see README, Benchmarks).")
    call_command("migrate", verbosity=0)


def reset() -> None:
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)  # TRUNCATE: the audit triggers do not fire


class RollbackError(Exception):
    pass


def part_open(employees: int) -> dict:
    from django.db import connection, transaction

    from frameworks.models import Framework
    from frameworks.selectors import current_version
    from reviewcycle.generator import cycle_for, generate_org
    from reviewcycle.services.opening import cycle_open

    reset()
    made = generate_org(employees=employees, open_cycle=False, name="Gemeente Opening")
    version = current_version(framework=Framework.objects.get(slug="kempen-competenties"))
    cycle = cycle_for(root=made.root, hr=made.hr, version=version)
    result = {"employees": employees}
    dumps = {}
    try:
        with transaction.atomic():
            started = time.perf_counter()
            report = cycle_open(cycle=cycle, actor=made.hr)
            result["open_s"] = round(time.perf_counter() - started, 3)
            result["reviews"] = report["created"]
            with connection.cursor() as cursor:
                for table, where in COPIED_TABLES.items():
                    buffer = io.BytesIO()
                    query = f"COPY (SELECT * FROM {table} WHERE {where % {'cycle': cycle.pk}}) TO STDOUT"
                    with cursor.copy(query) as copy:
                        for chunk in copy:
                            buffer.write(chunk)
                    dumps[table] = buffer.getvalue()
            result["rows"] = {table: data.count(b"\n") for table, data in dumps.items()}
            raise RollbackError
    except RollbackError:
        pass
    try:
        with transaction.atomic():
            started = time.perf_counter()
            with connection.cursor() as cursor:
                for table, data in dumps.items():
                    with cursor.copy(f"COPY {table} FROM STDIN") as copy:
                        copy.write(data)
            result["baseline_copy_s"] = round(time.perf_counter() - started, 3)
            raise RollbackError
    except RollbackError:
        pass
    result["ratio"] = round(result["open_s"] / result["baseline_copy_s"], 2)
    result["target"] = "ratio ≤ 3"
    return result


def part_generate(reviews: int) -> dict:
    from reviewcycle.generator import generate_org

    reset()
    started = time.perf_counter()
    made = generate_org(employees=reviews + 1, name="Gemeente Groot")  # the top has no manager
    generated_s = round(time.perf_counter() - started, 1)
    analyze()
    return {"reviews": made.reviews, "generate_s": generated_s}


def analyze() -> None:
    """Fresh planner statistics, as autovacuum would have them by the time HR looks at a day-old cycle."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


DASHBOARD_SQL = [
    # 1. states per unit
    "SELECT org_unit_id, state, count(*) FROM reviewcycle_review WHERE cycle_id = %(c)s GROUP BY 1, 2",
    # 2. the tree
    "SELECT id, name, parent_id FROM people_orgunit",
    # 3. per manager, with overdue
    """SELECT r.manager_id, e.name, r.state, count(*),
              count(*) FILTER (WHERE r.due_date < %(today)s AND r.state = ANY(%(open)s))
       FROM reviewcycle_review r JOIN people_employee e ON e.id = r.manager_id
       WHERE r.cycle_id = %(c)s GROUP BY 1, 2, 3""",
    # 4. the oldest overdue reviews with who must act
    """SELECT r.id, e.name, u.name, r.state, r.due_date, m.name, s.name
       FROM reviewcycle_review r JOIN people_employee e ON e.id = r.employee_id
       JOIN people_orgunit u ON u.id = r.org_unit_id JOIN people_employee m ON m.id = r.manager_id
       LEFT JOIN people_employee s ON s.id = r.second_reviewer_id
       WHERE r.cycle_id = %(c)s AND r.due_date < %(today)s AND r.state = ANY(%(open)s)
       ORDER BY r.due_date, r.id LIMIT 50""",
    # 5. burn-down: moves into and out of the done states per day
    """SELECT date(ev.created_at AT TIME ZONE 'Europe/Amsterdam'),
              sum(CASE WHEN ev.to_state = ANY(%(done)s) THEN 1 ELSE -1 END)
       FROM reviewcycle_reviewevent ev JOIN reviewcycle_review r ON r.id = ev.review_id
       WHERE r.cycle_id = %(c)s AND (ev.to_state = ANY(%(done)s) OR ev.from_state = ANY(%(done)s))
         AND NOT (ev.to_state = ANY(%(done)s) AND ev.from_state = ANY(%(done)s))
       GROUP BY 1 ORDER BY 1""",
    # 6. the scale, ratings per unit and per manager
    "SELECT value, label, meets_norm FROM frameworks_ratingoption WHERE scale_id = %(scale)s ORDER BY value",
    """SELECT r.org_unit_id, o.value, count(*) FROM reviewcycle_review r
       JOIN frameworks_ratingoption o ON o.id = r.overall_rating_id
       WHERE r.cycle_id = %(c)s AND r.scores_submitted_at IS NOT NULL AND r.state <> ALL(%(unrated)s) GROUP BY 1, 2""",
    """SELECT r.manager_id, e.name, o.value, count(*) FROM reviewcycle_review r
       JOIN frameworks_ratingoption o ON o.id = r.overall_rating_id JOIN people_employee e ON e.id = r.manager_id
       WHERE r.cycle_id = %(c)s AND r.scores_submitted_at IS NOT NULL AND r.state <> ALL(%(unrated)s) GROUP BY 1, 2, 3""",
    # 7. competency gap per competency and role family
    """SELECT a.name, coalesce(rt.family, jp.family), count(*), count(*) FILTER (WHERE o.meets_norm)
       FROM reviewcycle_competencyassessment a JOIN reviewcycle_review r ON r.id = a.review_id
       JOIN frameworks_ratingoption o ON o.id = a.rating_id JOIN people_employee e ON e.id = r.employee_id
       LEFT JOIN frameworks_roletype rt ON rt.id = e.role_type_id
       LEFT JOIN frameworks_jobprofile jp ON jp.id = e.job_profile_id
       WHERE r.cycle_id = %(c)s AND r.scores_submitted_at IS NOT NULL AND r.state <> ALL(%(unrated)s) AND r.overall_rating_id IS NOT NULL
         AND a.in_focus GROUP BY 1, 2 ORDER BY 1, 2""",
]


def _median_time(function, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 3)


def part_dashboard() -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from reports.dashboard import count_dashboard
    from reviewcycle.models import Review, ReviewCycle
    from reviewcycle.rated import unrated_states

    cycle = ReviewCycle.objects.get(state="open")
    hr = get_user_model().objects.get(username__startswith="hr-generated")
    params = {
        "c": cycle.pk,
        "today": timezone.localdate(),
        "open": list(Review.OPEN_STATES),
        "done": list(Review.DONE_STATES),
        "unrated": [str(state) for state in unrated_states()],  # reviewcycle.rated.is_rated
        "scale": cycle.rating_scale_id,
    }

    def hand_sql():
        with connection.cursor() as cursor:
            for query in DASHBOARD_SQL:
                cursor.execute(query, params)
                cursor.fetchall()

    count_dashboard(cycle=cycle, user=hr)  # warm the caches both use
    hand_sql()
    with CaptureQueriesContext(connection) as queries:
        data = count_dashboard(cycle=cycle, user=hr)
    result = {
        "reviews": data["total"],
        "queries": len(queries),
        "dashboard_s": _median_time(lambda: count_dashboard(cycle=cycle, user=hr)),
        "baseline_sql_s": _median_time(hand_sql),
        "baseline_queries": len(DASHBOARD_SQL),
    }
    result["ratio"] = round(result["dashboard_s"] / result["baseline_sql_s"], 2)
    result["target"] = "ratio ≤ 2, queries as at 10 reviews (tests/reports/test_dashboard.py)"
    return result


def part_sweep() -> dict:
    from django.utils import timezone

    from notifications.models import Notification
    from notifications.services import reminders_sweep
    from reviewcycle.models import Review, ReviewCycle

    cycle = ReviewCycle.objects.get(state="open")
    # Every review open and due in three days: each one is due a reminder to whoever must act.
    Review.objects.filter(cycle=cycle).update(
        state=Review.State.PLANNING, due_date=timezone.localdate() + timezone.timedelta(days=3)
    )
    Notification.objects.filter(kind="reminder").delete()
    open_reviews = Review.objects.filter(cycle=cycle, state__in=Review.OPEN_STATES).count()
    started = time.perf_counter()
    first = reminders_sweep()
    first_s = round(time.perf_counter() - started, 3)
    started = time.perf_counter()
    second = reminders_sweep()
    second_s = round(time.perf_counter() - started, 3)
    return {
        "open_reviews": open_reviews,
        "sweep_s": first_s,
        "created": first.get("created"),
        "repeat_sweep_s": second_s,
        "repeat_created": second.get("created"),
        "target": "sweep_s < 5",
    }


PARTS = {"open", "generate", "dashboard", "sweep"}


def run_part(name: str, arguments) -> dict:
    setup()
    if name == "open":
        result = part_open(arguments.open)
    elif name == "generate":
        result = part_generate(arguments.reviews)
    elif name == "dashboard":
        result = part_dashboard()
    else:
        result = part_sweep()
    result["peak_memory_mb"] = peak_memory_mb()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--open", type=int, default=20_000, help="employees for the opening benchmark")
    parser.add_argument("--reviews", type=int, default=100_000, help="reviews for dashboard and sweep")
    parser.add_argument("--part", choices=sorted(PARTS), help="run one part in this process (internal)")
    parser.add_argument("--parts", nargs="+", default=["open", "generate", "dashboard", "sweep"])
    arguments = parser.parse_args()
    if arguments.part:
        print(json.dumps(run_part(arguments.part, arguments)))
        return
    results = {}
    for name in arguments.parts:
        command = [
            sys.executable,
            "-m",
            "benchmarks.scale",
            "--part",
            name,
            "--open",
            str(arguments.open),
            "--reviews",
            str(arguments.reviews),
        ]
        started = time.perf_counter()
        completed = subprocess.run(command, capture_output=True, text=True)
        if completed.returncode != 0:
            raise SystemExit(f"part {name} failed:\n{completed.stderr[-4000:]}")
        results[name] = json.loads(completed.stdout.strip().splitlines()[-1])
        print(f"{name:>9} ({time.perf_counter() - started:6.1f}s): {json.dumps(results[name])}", flush=True)
    # Parts run separately add to the results of the others (benchmarks/load.py adds "load").
    previous = RESULTS_DIR / "scale.json"
    if previous.exists():
        results = {**json.loads(previous.read_text()).get("results", {}), **results}
    path = write_results("scale", results)
    print(f"Results: {path}")


if __name__ == "__main__":
    main()
