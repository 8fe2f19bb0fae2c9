import os
import subprocess
import sys

from tests.integration.conftest import REPO_ROOT


def run_manage(*args: str, **env_overrides: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env_overrides)
    return subprocess.run(
        [sys.executable, str(REPO_ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    completed = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="x7Jq2-vN9pL4sR8tW1yZ3bC6dF0gH5kM-aE2iO7uQ9wT4rY1pS8dG3hJ6kL0zX5c",
        ALLOWED_HOSTS="hr.voorbeeld.nl",
    )
    assert completed.returncode == 0, completed.stderr
    assert "no issues" in completed.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    completed = run_manage("check", ALLOWED_HOSTS="hr.voorbeeld.nl")
    assert completed.returncode != 0
    assert "SECRET_KEY" in completed.stderr
