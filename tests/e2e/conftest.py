"""Headless Chromium (Debian's, driven by Playwright) against the live test server."""

import contextlib
import os
import shutil
from pathlib import Path

import pytest

from people.models import Employee
from tests.tools import tools_required

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(
    os.environ.get("E2E_SCREENSHOTS", Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots")
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="module")
def chromium():
    """One browser per module; closing it ends Playwright's event loop before other tests run."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        if tools_required():
            pytest.fail(f"{CHROMIUM} is missing (apt-get install chromium)", pytrace=False)
        pytest.skip(f"browser tests need {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread while the browser lives; the tests' own ORM
    # calls (and the database teardown) are still synchronous. Only for this while: a process-wide setting
    # would leak into subprocesses (and fail ``check --deploy``).
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture(autouse=True)
def shared_in_memory_database(request):
    """With in-memory SQLite the server's request threads use the test's connection: allow that, as Django's
    LiveServerTestCase does (PostgreSQL gives every thread its own connection)."""
    from django.db import connections

    shared = [conn for conn in connections.all() if conn.vendor == "sqlite" and conn.is_in_memory_db()]
    for conn in shared:
        conn.inc_thread_sharing()
    yield
    for conn in shared:
        conn.dec_thread_sharing()


PASSWORD = "Proef-wachtwoord-2026"  # not the demo password, which opens nothing outside demo mode


@pytest.fixture
def people(org, review, settings):
    # The server's clock is moved by the test; the browser's is not, so session cookies must not carry a date.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.SESSION_COOKIE_AGE = 10 * 365 * 24 * 3600  # and sessions must outlive the months it skips
    users = {
        "manager": org.manager.user,
        "employee": org.employee.user,
        "second": org.director.user,
        "hr": org.hr,
    }
    for user in users.values():
        user.set_password(PASSWORD)
        user.save()
    # Dutch people: the pages speak their preferred language once they are logged in (the factory's
    # default is English), and the PDF for the personnel file is in the employee's language.
    Employee.objects.filter(pk__in=[org.manager.pk, org.employee.pk, org.director.pk]).update(
        preferred_language="nl"
    )
    org.employee.preferred_language = "nl"
    return users


_OPEN_CONTEXTS = []  # the browser contexts the running test opened (log_in), closed when it ends


@pytest.fixture(autouse=True)
def close_browser_contexts():
    """Closes what the test opened before the database is emptied: a page left open keeps its timers, and
    a request they send late (the scoring page's proposal) met a database being torn down (a locked table,
    and the next test's set-up failing)."""
    yield
    while _OPEN_CONTEXTS:
        context = _OPEN_CONTEXTS.pop()
        # Closed by the test already, or the browser went with its module: nothing left to close.
        with contextlib.suppress(Exception):
            # A request already sent is answered first: closing the page does not stop the live server's
            # thread, which then still held a table while the database was emptied (seen under load).
            for page in context.pages:
                page.wait_for_load_state("networkidle", timeout=5000)
        with contextlib.suppress(Exception):
            context.close()


def log_in(chromium, live_server, user, *, viewport=None):
    """A browser context of its own for ``user`` (Dutch, desktop unless ``viewport`` says otherwise)."""
    context = chromium.new_context(locale="nl-NL", viewport=viewport or {"width": 1280, "height": 900})
    _OPEN_CONTEXTS.append(context)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.url == f"{live_server.url}/", (
        f"login of {user.username} ended at {page.url}: {page.content()[:3000]}"
    )
    return page
