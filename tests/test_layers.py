"""The apps depend one way (docs/architecture.md), and config holds configuration only.

.ci/run runs ``lint-imports`` too; here it fails ``bin/test`` as soon as an import crosses a layer.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_layers_contract_is_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_config_keeps_settings_urls_wsgi_and_celery_only():
    allowed = {"__init__.py", "settings", "urls.py", "api_router.py", "wsgi.py", "celery_app.py"}
    present = {path.name for path in (ROOT / "config").iterdir() if path.name != "__pycache__"}
    assert present - allowed == set()
