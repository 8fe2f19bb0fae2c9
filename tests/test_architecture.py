"""The shape of the code base: small modules, and public services and selectors that say what they take and raise."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["config", "core", "web", "frameworks", "people", "reviewcycle", "notifications", "reports"]
MAX_LINES = 400


def _modules(*folders: str):
    for folder in folders:
        yield from (path for path in (ROOT / folder).rglob("*.py") if "migrations" not in path.parts)


def test_no_module_over_400_lines():
    """A growing module becomes a package by responsibility (migrations aside)."""
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in _modules(*PACKAGES, "tests", "benchmarks")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}


def _is_service_or_selector(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return any(part in ("services", "selectors", "record") for part in parts[1:-1]) or path.stem in (
        "services",
        "selectors",
    )


def test_public_services_and_selectors_have_docstrings():
    """Argument shapes and the errors raised are documented where a caller reads them: on the function."""
    undocumented = [
        f"{path.relative_to(ROOT)}:{node.name}"
        for path in _modules(*PACKAGES)
        if _is_service_or_selector(path)
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_") and not ast.get_docstring(node)
    ]
    assert undocumented == []
