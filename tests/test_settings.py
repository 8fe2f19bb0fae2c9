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


def run_python(code: str, **env_overrides: str) -> subprocess.CompletedProcess:
    """``code`` in a fresh interpreter with DJANGO_SETTINGS_MODULE unset, as in a container that forgot it."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DEBUG"}
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=REPO_ROOT
    )


def test_without_django_settings_module_every_entry_point_runs_production_settings():
    """manage.py, the WSGI app and the Celery app never fall back to the local debug and demo settings."""
    show = "from django.conf import settings; print(settings.SETTINGS_MODULE, settings.DEBUG, settings.DEMO_MODE)"
    secrets = {"SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "hr.voorbeeld.nl"}
    for entry in (
        "import sys; sys.argv = ['manage.py', 'check']; from manage import main; main()",
        "import config.wsgi",
        "import config.celery_app, django; django.setup()",
    ):
        completed = run_python(f"{entry}\n{show}", **secrets)
        assert completed.returncode == 0, completed.stderr[-2000:]
        assert completed.stdout.strip().splitlines()[-1] == "config.settings.production False False", entry

    refused = run_python("import config.wsgi")  # no secret, no hosts: production refuses to start
    assert refused.returncode != 0
    assert "SECRET_KEY" in refused.stderr
