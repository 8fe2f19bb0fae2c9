"""An integrator's first experience: clients generated from the committed docs/openapi.yaml by standard
generators work as they come.

- Python: ``openapi-python-client`` (pinned in requirements-dev.lock) generates a client; every module of
  it imports, and it walks one review from planning to a signed plan against the live server, token
  included, with no hand-written request (the set-up of the organisation is the fixtures').
- TypeScript: ``openapi-typescript`` turns the schema into types, and ``tests/clients/ts/usage.ts`` (what
  an integrator writes with ``openapi-fetch``) compiles against them with ``tsc --strict``. The npm
  packages are pinned in tests/clients/ts/package-lock.json and installed by ``.ci/run`` (``npm ci``).
"""

import datetime
import importlib
import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.tools import tools_required

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "docs" / "openapi.yaml"
TS = ROOT / "tests" / "clients" / "ts"
PACKAGE = "gesprekscyclus_api_client"
PASSWORD = "demo-wachtwoord"  # tests.factories.UserFactory's


def _must_have(what: str) -> None:
    if tools_required() or os.environ.get("CI"):
        pytest.fail(f"{what} is missing", pytrace=False)
    pytest.skip(f"{what} is missing")


@pytest.fixture(scope="module")
def client_package(tmp_path_factory):
    """The generated Python client, importable as ``gesprekscyclus_api_client`` while the module runs."""
    generator = Path(sys.executable).parent / "openapi-python-client"
    if not generator.exists():
        _must_have("openapi-python-client (pip install -r requirements-dev.lock)")
    where = tmp_path_factory.mktemp("python-client")
    # The generator formats its output with ruff, which it looks for on PATH: the virtualenv's.
    env = {**os.environ, "PATH": f"{generator.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    run = subprocess.run(
        [generator, "generate", "--path", SCHEMA, "--meta", "none", "--output-path", where / PACKAGE],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    # A warning means an operation or a response the generator dropped: the schema must need none.
    assert "WARNING" not in run.stdout + run.stderr, run.stdout + run.stderr
    sys.path.insert(0, str(where))
    yield importlib.import_module(PACKAGE)
    sys.path.remove(str(where))
    for name in [name for name in sys.modules if name == PACKAGE or name.startswith(f"{PACKAGE}.")]:
        del sys.modules[name]


def test_every_module_of_the_generated_python_client_imports(client_package):
    failed, names = {}, []
    for module in pkgutil.walk_packages(client_package.__path__, f"{PACKAGE}."):
        names.append(module.name)
        try:
            importlib.import_module(module.name)
        except Exception as error:  # noqa: BLE001 (every failure is reported, not only the first)
            failed[module.name] = repr(error)
    assert not failed
    assert f"{PACKAGE}.api.reviews.reviews_sign_plan" in names
    assert len(names) > 150


@pytest.fixture
def shared_in_memory_database():
    """With in-memory SQLite the live server's threads use the test's connection (as in tests/e2e)."""
    from django.db import connections

    shared = [conn for conn in connections.all() if conn.vendor == "sqlite" and conn.is_in_memory_db()]
    for conn in shared:
        conn.inc_thread_sharing()
    yield
    for conn in shared:
        conn.dec_thread_sharing()


def test_the_generated_python_client_plans_a_review_up_to_the_signed_plan(
    client_package, live_server, shared_in_memory_database, org
):
    from gesprekscyclus_api_client import AuthenticatedClient, Client, models
    from gesprekscyclus_api_client.api.auth import auth_token_create
    from gesprekscyclus_api_client.api.cycles import cycles_create, cycles_open_create
    from gesprekscyclus_api_client.api.framework_versions import framework_versions_list
    from gesprekscyclus_api_client.api.notifications import notifications_list
    from gesprekscyclus_api_client.api.org_units import org_units_tree_list
    from gesprekscyclus_api_client.api.rating_scales import rating_scales_list
    from gesprekscyclus_api_client.api.reviews import (
        reviews_export_retrieve,
        reviews_goals_create,
        reviews_list,
        reviews_pdf_retrieve,
        reviews_record_planning_talk,
        reviews_retrieve,
        reviews_sign_plan,
    )

    def log_in(username: str) -> AuthenticatedClient:
        answer = auth_token_create.sync(
            client=Client(base_url=live_server.url, raise_on_unexpected_status=True),
            body=models.AuthTokenRequest(username=username, password=PASSWORD),
        )
        assert isinstance(answer, models.Token), answer
        return AuthenticatedClient(
            base_url=live_server.url, token=answer.token, prefix="Token", raise_on_unexpected_status=True
        )

    hr, manager = log_in(org.hr.username), log_in(org.manager.user.username)
    employee = log_in(org.employee.user.username)

    # HR reads the ids a cycle needs from the API (no ORM): the current Kempen version, the
    # five-point scale's code and the organisation's top unit.
    versions = framework_versions_list.sync(client=hr, page_size=100)
    kempen = next(v for v in versions.results if v.framework == "kempen-competenties" and v.is_current)
    scale = next(s for s in rating_scales_list.sync(client=hr) if s.code == "vijfpuntsschaal")
    (root,) = org_units_tree_list.sync(client=hr)
    # HR creates the cycle (the settings only: id, state and opened_at are the server's) and opens it.
    cycle = cycles_create.sync(
        client=hr,
        body=models.CycleRequest(
            name="Gesprekscyclus 2026",
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 12, 31),
            scope=[root.id],
            framework_version=kempen.id,
            rating_scale=scale.code,
            planning_due=datetime.date(2026, 3, 1),
            progress_due=datetime.date(2026, 7, 1),
            self_assessment_due=datetime.date(2026, 10, 1),
            scoring_due=datetime.date(2026, 11, 1),
            appraisal_due=datetime.date(2026, 12, 1),
        ),
    )
    assert isinstance(cycle, models.Cycle), cycle
    opened = cycles_open_create.sync(cycle.id, client=hr, body=models.CycleOpenInputRequest())
    assert isinstance(opened, models.CycleOpenReport), opened
    assert opened.created == 5

    # The manager finds Eva's review by filters typed as integers and enums.
    page = reviews_list.sync(client=manager, cycle=cycle.id, role=models.ReviewsListRole.MANAGER)
    review = next(item for item in page.results if item.employee.name == "Eva Employee")
    assert review.state == models.ReviewStateEnum.PLANNING

    # Planning: a goal (title required), the talk, the employee's signature.
    goal = reviews_goals_create.sync(
        review.id,
        client=manager,
        body=models.GoalInputRequest(
            title="Wachttijd balie onder 10 minuten", measure="Kwartaalmonitor", weight=100
        ),
    )
    assert isinstance(goal, models.Goal), goal
    detail = reviews_retrieve.sync(review.id, client=manager)
    assert [g.id for g in detail.goals] == [goal.id]
    assert [step.name for step in detail.available_transitions] == [models.StepNameEnum.RECORD_PLANNING_TALK]
    detail = reviews_record_planning_talk.sync(
        review.id,
        client=manager,
        body=models.RecordPlanningTalkInputRequest(talk_date=datetime.date(2026, 1, 14)),
    )
    assert detail.state == models.ReviewStateEnum.PLAN_SIGNOFF
    detail = reviews_sign_plan.sync(
        review.id, client=employee, body=models.SignPlanInputRequest(signature=models.SignatureEnum.AGREED)
    )
    assert isinstance(detail, models.ReviewDetail), detail
    assert detail.state == models.ReviewStateEnum.IN_PROGRESS
    assert detail.plan_signature == models.SignatureEnum.AGREED
    assert detail.plan_signed_at is not None
    assert [event.kind for event in detail.events][-1] == models.EventKindEnum.SIGN_PLAN

    # Files come back as bytes, the inbox's unread count as a header.
    pdf = reviews_pdf_retrieve.sync(review.id, client=employee)
    assert pdf.payload.read().startswith(b"%PDF")
    export = reviews_export_retrieve.sync(client=hr, cycle=cycle.id)
    assert export.payload.read().decode("utf-8-sig").count("\n") >= 6  # the header and five reviews
    inbox = notifications_list.sync_detailed(client=manager)
    assert int(inbox.headers["X-Unread-Count"]) == inbox.parsed.count


@pytest.fixture(scope="module")
def typescript():
    """tests/clients/ts with its pinned npm packages (``npm ci`` there; .ci/run does it)."""
    if shutil.which("node") is None:
        _must_have("node")
    if not (TS / "node_modules" / ".bin" / "tsc").exists():
        _must_have("tests/clients/ts/node_modules (cd tests/clients/ts && npm ci)")
    return TS


def test_typescript_types_from_the_schema_compile_with_a_realistic_usage_file(typescript):
    bin_ = typescript / "node_modules" / ".bin"
    generate = subprocess.run(
        [bin_ / "openapi-typescript", SCHEMA, "--output", typescript / "schema.d.ts"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert generate.returncode == 0, generate.stdout + generate.stderr
    compiled = subprocess.run(
        [bin_ / "tsc", "--project", typescript / "tsconfig.json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
