"""The demo login page on a phone (walk item 23): the 41 demo accounts made the page 11,600 px tall at
390 px. On a phone the list is folded away (one tap opens it) and each account is one compact row."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_accounts_are_compact_on_a_phone_and_open_on_a_desktop(chromium, live_server, settings):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.DEMO_MODE = True
    phone = chromium.new_page(viewport={"width": 390, "height": 844})
    phone.goto(f"{live_server.url}/accounts/login/")
    assert phone.evaluate("document.documentElement.scrollHeight") < 1500
    phone.click("details.demo-accounts summary")
    assert phone.is_visible("text=hanneke")
    assert phone.evaluate("document.documentElement.scrollHeight") < 4000
    phone.close()
    desktop = chromium.new_page(viewport={"width": 1366, "height": 900})
    desktop.goto(f"{live_server.url}/accounts/login/")
    assert desktop.is_visible("text=hanneke")
    desktop.close()
