"""Shared set-up for the benchmarks: a scratch database, timing, results as JSON."""

import json
import os
import platform
import resource
import time
from contextlib import contextmanager
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("Benchmarks run on PostgreSQL: set DATABASE_URL (see README, Benchmarks).")
    call_command("migrate", verbosity=0)


@contextmanager
def timed(results: dict, key: str):
    started = time.perf_counter()
    yield
    results[key] = round(time.perf_counter() - started, 3)


def peak_memory_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def write_results(name: str, results: dict) -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    payload = {
        "benchmark": name,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "results": results,
    }
    path.write_text(json.dumps(payload, indent=2) + "\n")
    return path
