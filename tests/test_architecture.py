"""The shape of the code base: modules stay small (a growing one becomes a package by responsibility)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["config", "core", "frameworks", "people", "reviewcycle", "notifications", "reports", "web"]
MAX_LINES = 400


def test_no_module_over_400_lines():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}
