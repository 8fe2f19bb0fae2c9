"""OpenID Connect (issue 21), without a browser: which claim identifies the person, the providers'
settings from the environment, the login page with provider buttons, and the switch that turns password
login off (the form gone, a posted password refused, /admin/login/ kept for superusers)."""

import json
import re

import environ
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from config.settings.sso import oidc_apps
from people.oidc import identity_from_claims
from people.sign_in import Identity, SignInRefusedError, account_for_identity
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "demo-wachtwoord"
APP = {
    "provider_id": "gemeente",
    "name": "Gemeente-account",
    "client_id": "gesprekscyclus",
    "secret": "s",
    "settings": {"server_url": "https://login.example.org/tenant/v2.0", "match_on": "email"},
}


@pytest.fixture
def with_provider(settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": [APP]}}


@pytest.mark.parametrize(
    ("app_settings", "claims", "identity"),
    [
        ({}, {"email": "Eva@Example.org", "sub": "1"}, Identity("email", "Eva@Example.org")),
        (
            {"match_on": "employee_number"},
            {"employeeNumber": "E00042"},
            Identity("employee_number", "E00042"),
        ),
        (
            {"match_on": "employee_number", "claim": "extension_personeelsnummer"},
            {"employeeNumber": "wrong", "extension_personeelsnummer": "E7"},
            Identity("employee_number", "E7"),
        ),
        ({"match_on": "username"}, {"preferred_username": "eva"}, Identity("username", "eva")),
        (
            {"match_on": "email", "claim": "emails"},
            {"emails": ["a@x.nl", "b@x.nl"]},
            Identity("email", "a@x.nl"),
        ),
        ({"match_on": "employee_number"}, {"email": "eva@example.org"}, Identity("employee_number", "")),
    ],
)
def test_the_configured_claim_identifies_the_person(app_settings, claims, identity):
    assert identity_from_claims(app_settings, claims) == identity


def test_a_missing_claim_is_refused_as_no_identifier():
    with pytest.raises(SignInRefusedError) as refused:
        account_for_identity(
            identity_from_claims({"match_on": "employee_number"}, {"email": "x@example.org"})
        )
    assert refused.value.reason == "no_identifier"


def test_an_unknown_match_field_is_a_configuration_error():
    with pytest.raises(ValueError, match="match_on"):
        identity_from_claims({"match_on": "name"}, {"name": "Eva"})


def test_providers_from_the_environment(monkeypatch):
    monkeypatch.setenv(
        "OIDC_PROVIDERS",
        json.dumps(
            [
                {
                    "id": "surf",
                    "name": "SURFconext",
                    "issuer": "https://connect.surfconext.nl/",
                    "client_id": "c",
                }
            ]
        ),
    )
    monkeypatch.setenv("OIDC_ISSUER", "https://login.microsoftonline.com/t/v2.0")
    monkeypatch.setenv("OIDC_CLIENT_ID", "entra")
    monkeypatch.setenv("OIDC_CLIENT_SECRET", "geheim")
    monkeypatch.setenv("OIDC_SCOPES", "openid profile email User.Read")
    monkeypatch.setenv("OIDC_MATCH_ON", "employee_number")
    monkeypatch.setenv("OIDC_CLAIM", "employeeId")
    monkeypatch.setenv("OIDC_PROVIDER_NAME", "Microsoft")
    surf, entra = oidc_apps(environ.Env())
    assert surf["provider_id"] == "surf"
    assert surf["settings"]["server_url"] == "https://connect.surfconext.nl"
    assert surf["settings"]["match_on"] == "email"
    assert entra == {
        "provider_id": "organisation",
        "name": "Microsoft",
        "client_id": "entra",
        "secret": "geheim",
        "settings": {
            "server_url": "https://login.microsoftonline.com/t/v2.0",
            "scope": ["openid", "profile", "email", "User.Read"],
            "oauth_pkce_enabled": True,
            "match_on": "employee_number",
            "claim": "employeeId",
            "group_claim": "",
            "hr_groups": {},
        },
    }


def test_a_provider_without_client_id_stops_the_start(monkeypatch):
    monkeypatch.setenv("OIDC_ISSUER", "https://login.example.org")
    with pytest.raises(ImproperlyConfigured, match="client_id"):
        oidc_apps(environ.Env())


def test_the_login_page_offers_each_provider_beside_the_password_form(with_provider, settings):
    settings.PASSWORD_LOGIN = True
    response = Client().get("/accounts/login/", headers={"accept-language": "nl"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Inloggen met Gemeente-account" in page
    assert 'action="/accounts/oidc/gemeente/login/"' in page
    assert 'name="password"' in page
    # The button's form may follow the redirect to the provider (CSP form-action).
    assert re.search(
        r"form-action [^;]*https://login\.example\.org", response.headers["Content-Security-Policy"]
    )


def test_without_providers_the_page_is_the_password_form_alone():
    page = Client().get("/accounts/login/").content.decode()
    assert 'name="password"' in page
    assert "/accounts/oidc/" not in page


def test_with_password_login_off_only_the_buttons_remain(with_provider, settings):
    settings.PASSWORD_LOGIN = False
    page = Client().get("/accounts/login/").content.decode()
    assert "Inloggen met Gemeente-account" in page
    assert 'name="password"' not in page
    assert "/accounts/password_reset/" not in page


def test_with_password_login_off_a_posted_password_is_refused(with_provider, settings):
    settings.PASSWORD_LOGIN = False
    eva = EmployeeFactory(employee_number="eva").user
    client = Client()
    response = client.post("/accounts/login/", {"username": "eva", "password": PASSWORD})
    assert response.status_code == 403
    assert "Log in met het account van je organisatie." in response.content.decode()
    assert "_auth_user_id" not in client.session
    settings.PASSWORD_LOGIN = True
    assert client.post("/accounts/login/", {"username": "eva", "password": PASSWORD}).status_code == 302
    assert client.session["_auth_user_id"] == str(eva.pk)


def test_with_password_login_off_the_admin_login_is_for_superusers_only(settings):
    settings.PASSWORD_LOGIN = False
    UserFactory(username="root", is_staff=True, is_superuser=True)
    UserFactory(username="staff", is_staff=True)
    root, staff = Client(), Client()
    assert root.post("/admin/login/", {"username": "root", "password": PASSWORD}).status_code == 302
    assert root.get("/admin/").status_code == 200
    refused = staff.post("/admin/login/", {"username": "staff", "password": PASSWORD})
    assert refused.status_code == 200
    assert "_auth_user_id" not in staff.session
    settings.PASSWORD_LOGIN = True
    assert staff.post("/admin/login/", {"username": "staff", "password": PASSWORD}).status_code == 302


def test_an_unknown_provider_is_a_404():
    assert Client().post("/accounts/oidc/nobody/login/").status_code == 404


def test_a_provider_made_in_the_admin_gets_its_button_too(with_provider):
    from allauth.socialaccount.models import SocialApp

    SocialApp.objects.create(
        provider="openid_connect",
        provider_id="keycloak",
        name="Keycloak",
        client_id="gesprekscyclus",
        secret="s",
        settings={"server_url": "https://sso.example.nl/realms/gemeente", "match_on": "employee_number"},
    )
    response = Client().get("/accounts/login/")
    page = response.content.decode()
    assert "Inloggen met Gemeente-account" in page
    assert "Inloggen met Keycloak" in page
    assert 'action="/accounts/oidc/keycloak/login/"' in page
    assert "https://sso.example.nl" in response.headers["Content-Security-Policy"]


def test_with_password_login_off_the_saml_button_remains_beside_the_others(with_provider, settings):
    """Found walking the login page: with only SAML (or SAML and OIDC) and the password login off, the SAML
    button went with the password form and left a page without a way in."""
    settings.SAML_ENABLED, settings.SAML_BUTTON_LABEL = True, "Inloggen met SURFconext"
    for password_login in (False, True):
        settings.PASSWORD_LOGIN = password_login
        page = Client().get("/accounts/login/", headers={"accept-language": "nl"}).content.decode()
        assert 'href="/saml2/login/"' in page
        if password_login:  # with the other providers' buttons, above the password form (the alternative)
            assert page.index("Inloggen met SURFconext") < page.index(
                "Of met je gebruikersnaam en wachtwoord"
            )


def test_someone_without_a_password_is_not_offered_to_change_it(settings):
    """Found walking the OIDC login: the header offered *Wachtwoord wijzigen* to a person who signs in
    through their organisation and never had a password here; its form asks for the current one."""
    employee = EmployeeFactory()
    employee.user.set_unusable_password()
    employee.user.save()
    client = Client()
    client.force_login(employee.user)
    assert 'href="/accounts/password_change/"' not in client.get("/").content.decode()
    employee.user.set_password(PASSWORD)
    employee.user.save()
    client.force_login(employee.user)
    assert 'href="/accounts/password_change/"' in client.get("/").content.decode()
    settings.PASSWORD_LOGIN = False  # a password that opens nothing here is not worth changing
    assert 'href="/accounts/password_change/"' not in client.get("/").content.decode()


def test_the_admins_social_application_form_says_what_to_fill_in_for_openid_connect(settings):
    """Found walking the admin as IT: *Provider ID* and *Settings* (an empty ``{}``) had no word on what
    this product reads there, nor which redirect URI to register at the provider."""
    settings.SITE_URL = "https://gesprekken.example.nl"
    client = Client(headers={"accept-language": "nl"})
    client.force_login(UserFactory(username="it", is_staff=True, is_superuser=True))
    page = client.get("/admin/socialaccount/socialapp/add/").content.decode()
    assert "https://gesprekken.example.nl/accounts/oidc/ID/login/callback/" in page
    assert "&quot;server_url&quot;" in page
    assert "employee_number" in page


def test_with_password_login_off_no_reset_link_is_sent(settings, mailoutbox):
    """Found walking *Wachtwoord vergeten?* with the password login off (a bookmark, an old mail): it sent a
    link to choose a password that opens none of the product's pages. It now says what to do instead."""
    settings.PASSWORD_LOGIN = False
    employee = EmployeeFactory()
    client = Client(headers={"accept-language": "nl"})
    page = client.get("/accounts/password_reset/").content.decode()
    assert "log in met het account van je organisatie" in page
    assert 'name="email"' not in page
    client.post("/accounts/password_reset/", {"email": employee.email})
    from notifications.models import Notification

    assert not Notification.objects.filter(recipient=employee.user).exists()
