"""Signing in through the organisation's identity provider, in the browser, against a real OpenID Provider
process (tests/oidc_provider.py): the whole authorisation-code round trip with PKCE, then who may enter.
A known employee lands on *Mijn gesprekscyclus*; an unknown person and one who left get the Dutch
refusal page; nobody is created. Logging out also ends the session at the provider."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model

from people.models import HRScope
from people.services.leaving import employees_leave
from tests.e2e.conftest import _OPEN_CONTEXTS
from tests.factories import EmployeeFactory
from tests.oidc_provider import CLIENT_ID, oidc_provider

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def provider(settings):
    with oidc_provider() as running:
        settings.SOCIALACCOUNT_PROVIDERS = {
            "openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": [running.app(match_on="employee_number")]}
        }
        yield running


def sign_in(chromium, live_server, sub: str):
    """Opens the login page, takes the provider's button and signs in at the provider as ``sub``; returns
    the page where it ended and the authorisation request our server sent."""
    context = chromium.new_context(locale="nl-NL")
    _OPEN_CONTEXTS.append(context)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    with page.expect_request(re.compile(r".*/oauth2/authorize\?.*")) as authorize:
        page.get_by_role("button", name="Inloggen met Gemeente-account").click()
    page.wait_for_url(re.compile(r".*/oauth2/authorize\?.*"))
    page.fill("input[name=sub]", sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_load_state("networkidle")
    return page, parse_qs(urlsplit(authorize.value.url).query)


def test_a_known_employee_signs_in_and_out_through_the_provider(chromium, live_server, provider, settings):
    employee = EmployeeFactory(preferred_language="nl")
    employee.user.set_unusable_password()
    employee.user.save()
    # Their group in the provider makes them HR for their unit (the optional group-claim mapping).
    app = provider.app(
        match_on="employee_number", group_claim="groups", hr_groups={"HR-team": [employee.org_unit.pk]}
    )
    settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"] = [app]
    provider.set_user(
        "f3a1-medewerker",
        employeeNumber=employee.employee_number,
        email="anders@example.org",
        groups=["HR-team"],
    )

    page, authorize = sign_in(chromium, live_server, "f3a1-medewerker")

    assert authorize["client_id"] == [CLIENT_ID]
    assert authorize["response_type"] == ["code"]
    assert authorize["code_challenge_method"] == ["S256"]
    assert authorize["code_challenge"][0]
    assert page.url == f"{live_server.url}/"
    assert page.locator("h1").inner_text() == "Mijn gesprekscyclus"
    link = SocialAccount.objects.get(provider="gemeente")
    assert (link.uid, link.user_id) == ("f3a1-medewerker", employee.user_id)
    assert list(HRScope.objects.filter(user=employee.user).values_list("org_unit", flat=True)) == [
        employee.org_unit_id
    ]

    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(re.compile(r".*/oauth2/end_session\?.*"))
    query = parse_qs(urlsplit(page.url).query)
    assert query["post_logout_redirect_uri"] == [f"{live_server.url}/accounts/login/"]
    assert query["id_token_hint"][0].count(".") == 2
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url


def test_an_unknown_person_gets_the_dutch_refusal_page_and_no_account(chromium, live_server, provider):
    EmployeeFactory()
    accounts = get_user_model().objects.count()
    provider.set_user("onbekend", employeeNumber="X99999", email="vreemde@example.org")

    page, _ = sign_in(chromium, live_server, "onbekend")

    assert page.locator("h1").inner_text() == "Je kunt niet inloggen"
    assert "Er is nog geen account voor je in de gesprekscyclus" in page.locator("[role=alert]").inner_text()
    assert get_user_model().objects.count() == accounts
    assert not SocialAccount.objects.exists()


def test_someone_who_left_is_refused_even_with_an_earlier_link(chromium, live_server, provider):
    leaver = EmployeeFactory(preferred_language="nl")
    provider.set_user("vertrokken", employeeNumber=leaver.employee_number)
    page, _ = sign_in(chromium, live_server, "vertrokken")
    assert page.url == f"{live_server.url}/"
    page.context.close()

    employees_leave(employee_ids=[leaver.pk], actor=None)
    assert SocialAccount.objects.filter(uid="vertrokken").exists()
    page, _ = sign_in(chromium, live_server, "vertrokken")

    assert page.locator("h1").inner_text() == "Je kunt niet inloggen"
    assert "omdat je hier niet meer werkt" in page.locator("[role=alert]").inner_text()


def test_cancelling_at_the_provider_ends_on_our_dutch_page(chromium, live_server, provider):
    context = chromium.new_context(locale="nl-NL")
    _OPEN_CONTEXTS.append(context)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Inloggen met Gemeente-account").click()
    page.wait_for_url(re.compile(r".*/oauth2/authorize\?.*"))
    with page.expect_response(re.compile(r".*/login/callback/.*")) as callback:
        page.get_by_role("button", name="Deny").click()
    assert callback.value.status == 401
    assert "Inloggen via je organisatie is niet gelukt" in page.locator("[role=alert]").inner_text()


def test_the_login_page_with_providers_is_accessible_on_desktop_and_phone(
    chromium, live_server, provider, settings
):
    from tests.e2e.test_accessibility import keyboard_problems, problems_on

    found = []
    for password_login in (True, False):
        settings.PASSWORD_LOGIN = password_login
        for viewport in ({"width": 1280, "height": 900}, {"width": 320, "height": 640}):
            context = chromium.new_context(locale="nl-NL", viewport=viewport)
            _OPEN_CONTEXTS.append(context)
            page = context.new_page()
            found += problems_on(page, f"{live_server.url}/accounts/login/", phone=viewport["width"] == 320)
            found += keyboard_problems(page, f"{live_server.url}/accounts/login/")
        assert page.get_by_role("button", name="Inloggen met Gemeente-account").is_visible()
        assert page.locator("input[name=password]").count() == (1 if password_login else 0)
    assert not found, "\n".join(found)
