"""Import generated HR exports of 5,000, 10,000 and 15,000 employees; the time should grow linearly.

DATABASE_URL=postgres://…/gesprekscyclus_bench python -m benchmarks.people_import [--rows 5000 10000 15000]
"""

import argparse
import random

from benchmarks.common import peak_memory_mb, setup_django, timed, write_results

CELLS_BY_LEVEL = {
    "staff": [
        "Uitvoerder A",
        "Uitvoerder B",
        "Ondersteuner B",
        "Dienstverlener B",
        "Dienstverlener C",
        "Specialist B",
        "Adviseur B",
    ],
    "lead": ["Leidinggevende C"],
    "head": ["Leidinggevende B"],
    "director": ["Directeur B"],
    "top": ["Directeur A"],
}


def generate_rows(count: int, seed: int = 7) -> list[list[str]]:
    """An organisation of ``count`` people: 5 directorates × 6 departments × 5 teams, with a manager chain."""
    rng = random.Random(seed)
    root = "Gemeente Benchmark"
    rows, number = [], iter(range(100001, 10**7))

    def add(unit: str, manager: str, cell: str) -> str:
        employee_number = str(next(number))
        rows.append(
            [
                employee_number,
                f"Medewerker {employee_number}",
                f"m{employee_number}@bench.nl",
                unit,
                manager,
                cell,
                f"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                "",
                "nl",
            ]
        )
        return employee_number

    top = add(root, "", "Directeur A")
    teams = []
    for d in range(5):
        directorate = f"{root} / Directie {d + 1}"
        director = add(directorate, top, "Directeur B")
        for a in range(6):
            department = f"{directorate} / Afdeling {d + 1}.{a + 1}"
            head = add(department, director, "Leidinggevende B")
            for t in range(5):
                team = f"{department} / Team {d + 1}.{a + 1}.{t + 1}"
                teams.append((team, add(team, head, "Leidinggevende C")))
    while len(rows) < count:
        team, lead = teams[len(rows) % len(teams)]
        add(team, lead, rng.choice(CELLS_BY_LEVEL["staff"]))
    rng.shuffle(rows)  # managers appear anywhere in the file
    return rows[:count]


def reset() -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        # The cascade reaches the audit tables (their actor is a user): emptying them on purpose is allowed
        # for this transaction only, as manage.py flush does (core/management/commands/flush.py).
        cursor.execute("SET LOCAL gesprekscyclus.erasing = 'on'")
        cursor.execute(
            "TRUNCATE people_employee, people_orgunit, people_hrscope, people_peopleimport, "
            "auth_user_groups, auth_user CASCADE"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[5000, 10000, 15000])
    arguments = parser.parse_args()
    setup_django()
    from frameworks.services import frameworks_load_builtin
    from people.importers import import_people, write_csv
    from tests.people.test_import import HEADER

    frameworks_load_builtin()
    results = {}
    for count in arguments.rows:
        reset()
        content = write_csv(HEADER, generate_rows(count))
        run = {"rows": count, "file_mb": round(len(content) / 1e6, 2)}
        with timed(run, "first_import_s"):
            report = import_people(content=content, filename="bench.csv")
        if not report.ok or len(report.created) != count:
            raise SystemExit(f"import failed: {report.errors[:5]}")
        with timed(run, "reimport_unchanged_s"):
            again = import_people(content=content, filename="bench.csv")
        if not again.ok or again.unchanged != count:
            raise SystemExit("the re-import changed something")
        run["rows_per_s"] = round(count / run["first_import_s"])
        run["peak_memory_mb"] = peak_memory_mb()
        results[str(count)] = run
        print(
            f"{count:>6} rows: first import {run['first_import_s']:6.2f}s ({run['rows_per_s']} rows/s), "
            f"re-import {run['reimport_unchanged_s']:5.2f}s, peak memory {run['peak_memory_mb']} MB"
        )
    path = write_results("people_import", results)
    print(f"Results: {path}")


if __name__ == "__main__":
    main()
