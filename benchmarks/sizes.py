"""Size independence (issue 17): every main page and API answer at 500 and at 20,000 employees.

    DATABASE_URL=postgres://…/gesprekscyclus_bench python -m benchmarks.sizes [--sizes 500 20000]

For each size the organisation is made anew with ``generate_org`` (teams of 12, reviews spread over
every state) and the same people are measured at both: a review in second review (its employee, its
manager, its second reviewer, HR of the whole organisation), a review the manager is scoring, and
HR's lists (searched for one person by name, as HR looks someone up), dashboard and exports. Each page
is asked in this process through Django's test client (no network: what is measured is the server's
work), once to warm up and then ``--runs`` times; the result is the median time, the bytes and the
queries of one answer. For a download that streams, the
time is to its first chunk and the bytes are that chunk's. Target: nothing more than 1.5× slower or
larger at 20,000 than at 500 (the ratio column).

Results go to benchmarks/results/sizes.json and a Markdown table to stdout.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from urllib.parse import quote

from benchmarks.common import write_results

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "False")
os.environ.setdefault("LOG_LEVEL", "WARNING")

TARGET = 1.5
# (who, what, address): every main page and API answer of each role; {review} is in second review,
# {scoring} is being scored by its manager ("scorer").
PAGES = [
    ("employee", "home", "/"),
    ("employee", "review page", "/reviews/{review}/"),
    ("employee", "plan", "/reviews/{review}/plan/"),
    ("employee", "inbox", "/notifications/"),
    ("employee", "review (API)", "/api/v1/reviews/{review}/"),
    ("manager", "home", "/"),
    ("manager", "team", "/team/"),
    ("manager", "review page", "/reviews/{review}/"),
    ("manager", "review list (API)", "/api/v1/reviews/?role=manager"),
    ("scorer", "scoring", "/reviews/{scoring}/scoring/"),
    ("second reviewer", "work list", "/second-review/"),
    ("second reviewer", "review page", "/reviews/{review}/"),
    ("hr", "home", "/"),
    ("hr", "review page", "/reviews/{review}/"),
    ("hr", "review list", "/cycles/{cycle}/reviews/"),
    ("hr", "review list, searched by name", "/cycles/{cycle}/reviews/?search={name}"),
    ("hr", "objections", "/objections/"),
    ("hr", "new cycle", "/cycles/new/"),
    ("hr", "dashboard", "/reports/cycles/{cycle}/"),
    ("hr", "dashboard, a department open", "/reports/cycles/{cycle}/?unit={department}"),
    ("hr", "dashboard PDF", "/reports/cycles/{cycle}/dashboard.pdf"),
    ("hr", "progress (API)", "/api/v1/cycles/{cycle}/progress/"),
    ("hr", "progress of a department (API)", "/api/v1/cycles/{cycle}/progress/?unit={department}"),
    ("hr", "review list (API)", "/api/v1/reviews/?cycle={cycle}"),
    ("hr", "review (API)", "/api/v1/reviews/{review}/"),
    ("hr", "people search by name (API)", "/api/v1/people/?search={name}"),
    ("hr", "unit search by name (API)", "/api/v1/org-units/?search={unit}"),
    ("hr", "unit search (API)", "/api/v1/org-units/"),
    ("hr", "review export CSV, first byte", "/api/v1/reviews/export/?cycle={cycle}&role=hr"),
    ("hr", "people export CSV, first byte", "/api/v1/people/export/"),
    ("hr", "objections CSV, first byte", "/reports/objections.csv"),
]


def subjects() -> dict:
    """The people and reviews measured: the first of their kind by id, as at every size."""
    from django.contrib.auth import get_user_model
    from django.db.models import F

    from people.models import OrgUnit
    from reviewcycle.generator import HR_USERNAME
    from reviewcycle.models import Review, ReviewCycle

    cycle = ReviewCycle.objects.get(state="open")
    review = (
        # A team member's review (not a lead's): its manager leads a team of 12 and its second reviewer
        # heads a department of six teams at both sizes, as most people's are.
        Review.objects.filter(
            cycle=cycle,
            state=Review.State.SECOND_REVIEW,
            second_reviewer__isnull=False,
            employee__org_unit__kind=OrgUnit.Kind.TEAM,
            manager__org_unit=F("employee__org_unit"),
        )
        .select_related("employee__user", "manager__user", "second_reviewer__user", "org_unit")
        .order_by("pk")
        .first()
    )
    last_team = OrgUnit.objects.filter(kind=OrgUnit.Kind.TEAM).order_by("-pk").first()
    scoring = (
        Review.objects.filter(
            cycle=cycle, state=Review.State.SCORING, manager__org_unit=F("employee__org_unit")
        )
        .select_related("manager__user")
        .order_by("pk")
        .first()
    )
    return {
        "cycle": cycle.pk,
        "review": review.pk,
        "department": review.org_unit.parent_id,
        # HR looks someone up by the part of the name that tells them apart (the generated names all
        # start "Medewerker", as no real surname is shared by everyone), a unit by its own name.
        "name": quote(review.employee.name.rsplit(" ", 1)[-1]),
        "unit": quote(last_team.name),  # "Team 1539": the highest number, one unit
        "scoring": scoring.pk,
        "employee": review.employee.user,
        "manager": review.manager.user,
        "second reviewer": review.second_reviewer.user,
        "scorer": scoring.manager.user,
        "hr": get_user_model().objects.get(username__startswith=HR_USERNAME),
    }


def ask(client, address: str) -> tuple[int, bytes]:
    response = client.get(address)
    if response.status_code != 200:
        raise SystemExit(f"{address}: HTTP {response.status_code}")
    if response.streaming:
        chunks = iter(response.streaming_content)
        first = next(chunks, b"")
        response.close()
        return response.status_code, first
    return response.status_code, response.content


def measure(size: int, runs: int) -> dict:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    from reviewcycle.generator import generate_org

    call_command("flush", interactive=False, verbosity=0)
    generate_org(employees=size, name=f"Gemeente {size}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    made = subjects()
    clients = {}
    for who in {who for who, _, _ in PAGES}:
        page_client, api_client = Client(), APIClient()
        page_client.force_login(made[who])
        api_client.force_authenticate(made[who])
        clients[who] = (page_client, api_client)
    rows = []
    for who, what, url in PAGES:
        address = url.format(**made)
        client = clients[who][1 if address.startswith("/api/") else 0]
        ask(client, address)  # warm
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            ask(client, address)
            times.append(time.perf_counter() - started)
        with CaptureQueriesContext(connection) as queries:
            _, content = ask(client, address)
        rows.append(
            {
                "who": who,
                "what": what,
                "url": url,
                "ms": round(statistics.median(times) * 1000, 1),
                "bytes": len(content),
                "queries": len(queries),
            }
        )
    return {"employees": size, "pages": rows}


def table(small: dict, large: dict) -> str:
    lines = [
        f"| who | page or answer | {small['employees']:,}: ms · KB · queries "
        f"| {large['employees']:,}: ms · KB · queries | slower | larger |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for a, b in zip(small["pages"], large["pages"], strict=True):
        slower = b["ms"] / a["ms"] if a["ms"] else 1
        larger = b["bytes"] / a["bytes"] if a["bytes"] else 1
        mark = "" if slower <= TARGET and larger <= TARGET else " ✘"
        lines.append(
            f"| {a['who']} | {a['what']} | {a['ms']:.0f} · {a['bytes'] / 1024:.1f} · {a['queries']} "
            f"| {b['ms']:.0f} · {b['bytes'] / 1024:.1f} · {b['queries']} | {slower:.2f}×{mark} | {larger:.2f}× |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs=2, default=[500, 20_000])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--size", type=int, help="measure one size in this process (internal)")
    arguments = parser.parse_args()
    if arguments.size:
        import django

        django.setup()
        from django.db import connection

        if connection.vendor != "postgresql":
            raise SystemExit("Benchmarks run on PostgreSQL: set DATABASE_URL (see README, Benchmarks).")
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)  # the pages name hashed files
        print(json.dumps(measure(arguments.size, arguments.runs)))
        return
    measured = []
    for size in arguments.sizes:  # each size in a process of its own: nothing cached from the other
        command = [
            sys.executable,
            "-m",
            "benchmarks.sizes",
            "--size",
            str(size),
            "--runs",
            str(arguments.runs),
        ]
        completed = subprocess.run(command, capture_output=True, text=True)
        if completed.returncode != 0:
            raise SystemExit(f"size {size} failed:\n{completed.stderr[-4000:]}")
        measured.append(json.loads(completed.stdout.strip().splitlines()[-1]))
    small, large = measured
    worst = max(
        max(b["ms"] / a["ms"], b["bytes"] / a["bytes"])
        for a, b in zip(small["pages"], large["pages"], strict=True)
    )
    path = write_results("sizes", {"small": small, "large": large, "worst_ratio": round(worst, 2)})
    print(table(small, large))
    print(f"\nWorst ratio {worst:.2f} (target ≤ {TARGET}). Results: {path}")


if __name__ == "__main__":
    main()
