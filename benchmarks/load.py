"""The review list and detail APIs under load: gunicorn on 127.0.0.1, locust headless, 20 users.

    DATABASE_URL=postgres://…/gesprekscyclus_bench python -m benchmarks.load [--users 20] [--seconds 30]

Needs the organisation of ``benchmarks.scale`` (its ``generate`` part) in the database. Results are
merged into benchmarks/results/scale.json under ``load``.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from benchmarks.common import RESULTS_DIR

PORT = 8765
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "benchmark-only-" + "x" * 50,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "False",
    "LOG_LEVEL": "WARNING",
}


def plan(path: Path) -> dict:
    """Tokens for 20 managers (with their reviews) and HR; a sample of review ids."""
    os.environ.update({key: value for key, value in SERVER_ENV.items() if key not in os.environ})
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count
    from rest_framework.authtoken.models import Token

    from people.models import Employee
    from reviewcycle.models import Review, ReviewCycle

    # The sweep benchmark before this one rewrote every review: clean up as autovacuum would have by
    # the time people use the application, or every read visits 100,000 dead row versions.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE reviewcycle_review, notifications_notification")
    cycle = ReviewCycle.objects.get(state="open")
    hr = get_user_model().objects.get(username__startswith="hr-generated")
    managers = Employee.objects.annotate(n=Count("managed_reviews")).filter(n__gte=5).order_by("?")[:20]
    data = {
        "cycle": cycle.pk,
        "hr_token": Token.objects.get_or_create(user=hr)[0].key,
        "managers": [
            {
                "token": Token.objects.get_or_create(user=manager.user)[0].key,
                "reviews": list(Review.objects.filter(manager=manager).values_list("id", flat=True)),
            }
            for manager in managers
        ],
        "sample": list(Review.objects.filter(cycle=cycle).order_by("?").values_list("id", flat=True)[:500]),
        "reviews": Review.objects.filter(cycle=cycle).count(),
    }
    path.write_text(json.dumps(data))
    return data


def wait_for_server(timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2)
            return
        except urllib.error.HTTPError:
            return  # it answers (a 503 says the broker is not configured, which the APIs do not need)
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer on /healthz")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=40, help="the first 10 start the users")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--spawn-rate", type=float, default=2, help="users started per second")
    parser.add_argument(
        "--without-hr-list", action="store_true", help="leave out HR paging through all 100,000 reviews"
    )
    arguments = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="gc-load-"))
    data = plan(scratch / "plan.json")
    env = {
        **os.environ,
        **SERVER_ENV,
        "LOAD_PLAN": str(scratch / "plan.json"),
        "LOAD_HR_LIST": "0" if arguments.without_hr_list else "1",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(arguments.workers),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        wait_for_server()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(Path(__file__).with_name("locustfile.py")),
                "--headless",
                "-u",
                str(arguments.users),
                "-r",
                str(arguments.spawn_rate),
                # Measured once every user is running: not the start-up burst of the ramp.
                "--reset-stats",
                "-t",
                f"{arguments.seconds}s",
                "--host",
                f"http://127.0.0.1:{PORT}",
                "--csv",
                str(scratch / "load"),
                "--only-summary",
            ],
            env=env,
            check=True,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    rows = {row["Name"]: row for row in csv.DictReader((scratch / "load_stats.csv").open())}
    result = {
        "users": arguments.users,
        "seconds": arguments.seconds,
        "gunicorn_workers": arguments.workers,
        "spawn_rate": arguments.spawn_rate,
        "measured": "after every user has started (locust --reset-stats)",
        "reviews_in_cycle": data["reviews"],
        "endpoints": {
            name: {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
                "rps": round(float(row["Requests/s"]), 1),
            }
            for name, row in rows.items()
        },
        "target": "p95 < 100 ms at 20 users",
    }
    path = RESULTS_DIR / "scale.json"
    stored = json.loads(path.read_text()) if path.exists() else {"benchmark": "scale", "results": {}}
    stored["results"]["load_without_hr_list" if arguments.without_hr_list else "load"] = result
    path.write_text(json.dumps(stored, indent=2) + "\n")
    print(json.dumps(result["endpoints"], indent=2))


if __name__ == "__main__":
    main()
