"""The login page lists the demo accounts in demo mode only."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_demo_mode_lists_every_demo_account_with_the_password(demo, client, settings):
    settings.DEMO_MODE = True
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Demo-accounts" in page  # before login the page is Dutch, whatever the browser asks
    assert "gesprek2026" in page
    assert "<code>hanneke</code>" in page
    # the admin and the 40 employees (the HR adviser among them), each cell labelled for a phone
    assert len(re.findall(r'<tr><td data-label="[^"]+"><code>', page)) == 41
    assert (
        client.post("/accounts/login/", {"username": "hanneke", "password": "gesprek2026"}).status_code == 302
    )


def test_outside_demo_mode_no_account_or_password_is_shown(demo, client, settings):
    settings.DEMO_MODE = False
    page = client.get("/accounts/login/").content.decode()
    assert "gesprek2026" not in page
    assert "hanneke" not in page


def _role_cells(page: str) -> dict[str, tuple[str, str]]:
    """username → (role in the product, role-type cell), read from the demo table's rows."""
    rows = re.findall(
        r"<tr><td[^>]*><code>(\w+)</code></td><td[^>]*>[^<]*</td><td[^>]*>([^<]*)</td><td[^>]*>([^<]*)</td>",
        page,
    )
    return {username: (role, cell) for username, role, cell in rows}


def test_each_demo_account_names_its_role_in_the_product(demo, client, settings):
    """HR, leidinggevende, tweede beoordelaar, medewerker: what a visitor can try with the account,
    beside the role-type cell that only fixes the expected levels."""
    settings.DEMO_MODE = True
    page = client.get("/accounts/login/").content.decode()
    assert "Rol in Gesprekscyclus" in page
    assert "Rolcel" in page
    cells = _role_cells(page)
    assert cells["hanneke"] == ("HR, medewerker", "Adviseur A")
    assert cells["carla"] == ("Leidinggevende, medewerker", "Leidinggevende B")
    assert cells["bram"] == ("Leidinggevende, tweede beoordelaar, medewerker", "Directeur B")
    assert cells["anna"] == ("Leidinggevende, tweede beoordelaar", "Directeur A")
    assert cells["sanne"] == ("Medewerker", "Dienstverlener B")
    # Every account names at least one role; every role of the product has an account to try.
    assert all(role for role, _cell in cells.values())
    named = ", ".join(role for role, _cell in cells.values()).casefold()
    assert {"hr", "leidinggevende", "tweede beoordelaar", "medewerker"} <= set(named.split(", "))


def test_the_demo_command_prints_the_roles(demo):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    line = next(line for line in out.getvalue().splitlines() if line.strip().startswith("bram "))
    assert "Manager, second reviewer, employee" in line


def test_the_admin_account_reads_as_administrator(demo, client, settings):
    """Walk item 23: "Django admin" meant nothing to a visitor; the product calls the role Beheerder."""
    settings.DEMO_MODE = True
    page = client.get("/accounts/login/").content.decode()
    assert "Django admin" not in page
    assert _role_cells(page)["admin"] == ("Beheerder", "")


def test_the_pages_name_their_icon_so_the_browser_asks_for_no_favicon_ico(client):
    """Else every first visit costs a 404 (/favicon.ico), in the log and in the browser's console."""
    assert '<link rel="icon" href="data:,">' in client.get("/accounts/login/").content.decode()


def test_outside_demo_mode_the_demo_password_opens_no_account(demo, client, settings):
    """A demo loaded on a real installation (or its accounts kept after demo mode was switched off) must not
    leave a published password working: the page, the admin and the API's token endpoint all refuse it."""
    settings.DEMO_MODE = False
    answer = client.post("/accounts/login/", {"username": "hanneke", "password": "gesprek2026"})
    assert answer.status_code == 200
    assert "_auth_user_id" not in client.session
    token = client.post(
        "/api/v1/auth/token/",
        {"username": "hanneke", "password": "gesprek2026"},
        content_type="application/json",
    )
    assert token.status_code in (400, 401), token.content
    admin = client.post("/admin/login/", {"username": "admin", "password": "gesprek2026"})
    assert "_auth_user_id" not in client.session, admin.status_code
    # Another password of the same account still works: it is the demo password that is refused.
    user = get_user_model().objects.get(username="hanneke")
    user.set_password("Eigen-wachtwoord-2026")
    user.save()
    assert (
        client.post(
            "/accounts/login/", {"username": "hanneke", "password": "Eigen-wachtwoord-2026"}
        ).status_code
        == 302
    )
