"""The login page lists the demo accounts in demo mode only."""

import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_demo_mode_lists_every_demo_account_with_the_password(demo, client, settings):
    settings.DEMO_MODE = True
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Demo accounts" in page
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
