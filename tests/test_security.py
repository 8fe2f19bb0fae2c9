"""Web security: login throttling, the Content-Security-Policy, CSRF on every form."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from tests.factories import UserFactory
from tests.language import speaking

pytestmark = pytest.mark.django_db

PASSWORD = "juist-wachtwoord-2026"


@pytest.fixture
def anna():
    user = UserFactory(username="anna")
    user.set_password(PASSWORD)
    user.save()
    return user


def log_in(client, username, password, address="10.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_that_account_from_that_address_out(anna, settings):
    client = speaking(Client(), "en")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "anna", "fout").status_code == 200  # the form again, with its error
    locked = log_in(client, "anna", "fout")
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()
    assert locked["Retry-After"] == "900"

    # Locked out: even the right password is refused now, and nobody is logged in.
    assert log_in(client, "anna", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    # Another account from the same address, and the same account from another address, still log in.
    other = UserFactory(username="bert")
    other.set_password(PASSWORD)
    other.save()
    assert log_in(Client(), "bert", PASSWORD).status_code == 302
    assert log_in(Client(), "anna", PASSWORD, address="10.0.0.2").status_code == 302


def test_a_success_before_the_limit_resets_the_count(anna, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "anna", "fout")
    assert log_in(client, "anna", PASSWORD).status_code == 302
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(Client(), "anna", "fout").status_code == 200


def test_the_token_endpoint_is_throttled_too_and_answers_json(anna, settings):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api.post("/api/v1/auth/token/", {"username": "anna", "password": "fout"}, REMOTE_ADDR="10.0.0.9")
    locked = api.post(
        "/api/v1/auth/token/", {"username": "anna", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert locked.status_code == 429
    assert "too often" in locked.json()["detail"]


def test_x_forwarded_for_does_not_get_round_the_lockout_without_a_proxy(anna, settings):
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/accounts/login/",
            {"username": "anna", "password": "fout"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",  # a new address claimed every time
        )
    assert log_in(client, "anna", PASSWORD).status_code == 429


@pytest.mark.parametrize("url", ["/accounts/login/", "/api/v1/docs/", "/api/v1/schema/"])
def test_every_response_carries_a_strict_content_security_policy(url, anna):
    client = Client()
    client.force_login(anna)
    response = client.get(url)
    assert response.status_code == 200
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip()
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy["default-src"]


def test_pages_have_no_inline_script_the_policy_would_block(anna):
    client = Client()
    client.force_login(anna)
    for url in ("/accounts/login/", "/api/v1/docs/", "/"):
        body = client.get(url).content.decode()
        inline = [tag for tag in re.findall(r"<script[^>]*>", body) if "src=" not in tag]
        assert not inline, (url, inline)
        assert not re.search(r"\son[a-z]+=\"", body), url  # no onclick= and the like


def _all_routes():
    """Every URL the project serves, with its parameters filled in (the objects need not exist)."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield route

    for route in walk(get_resolver().url_patterns):
        if route.startswith(("admin/", "i18n/", "^static")):
            continue  # Django's own views, tested by Django
        route = route.replace("^", "").replace("$", "")
        route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)  # the API router's regular expressions
        route = re.sub(r"<(int|id):\w+>", "1", route)
        route = re.sub(r"<(slug|str):\w+>", "x", route)
        yield "/" + route


def test_a_post_without_the_csrf_token_is_refused_on_every_url(anna):
    """Logged in through the session (as the pages are), a forged form post never gets through."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(anna)
    routes = sorted(set(_all_routes()))
    assert len(routes) > 40
    let_through = []
    for url in routes:
        if url == "/api/v1/auth/token/":
            continue  # takes a username and password, no session: nothing a forged form could borrow
        status = client.post(url, {"anything": "1"}).status_code
        # 415: the API reads JSON only, so a form post (all a forged page can send) is refused unread;
        # the one endpoint that takes a form upload (people's import) must answer 403.
        # 401: SCIM (/scim/v2/) reads a provisioning client's bearer token only, never the session.
        # 404: SAML (/saml2/) is off here; on, its ACS takes only an assertion the identity provider signed
        # (tests/e2e/test_saml_login.py), the one post that must come from another site.
        if (
            status not in (403, 405)
            and not (status == 415 and url.startswith("/api/"))
            and not (status == 401 and url.startswith("/scim/v2/"))
            and not (status == 404 and url.startswith("/saml2/"))
        ):
            let_through.append((url, status))
    assert not let_through
    # The language switch and logging out are forms too.
    assert client.post("/i18n/setlang/", {"language": "en"}).status_code == 403
    assert client.post("/accounts/logout/").status_code == 403


def test_the_api_docs_and_schema_need_a_login(anna):
    anonymous = Client()
    assert anonymous.get("/api/v1/schema/").status_code == 401
    docs = anonymous.get("/api/v1/docs/")
    assert docs.status_code == 302
    assert docs["Location"].startswith("/accounts/login/?next=/api/v1/docs/")
    assert anonymous.get("/api/v1/docs/?script=").status_code == 302
    client = Client()
    client.force_login(anna)
    assert client.get("/api/v1/schema/").status_code == 200
    assert client.get("/api/v1/docs/").status_code == 200


def test_behind_the_proxy_each_client_is_throttled_by_its_own_address(anna, settings):
    """docker-compose.yml's Caddy passes the client's address on; the app trusts one proxy for it."""
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "172.18.0.5"

    def through_proxy(password, forwarded):
        return Client().post(
            "/accounts/login/",
            {"username": "anna", "password": password},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for n in range(settings.AXES_FAILURE_LIMIT):
        # The attacker claims another address each time; the proxy appends the real one.
        through_proxy("fout", f"203.0.113.{n}, 198.51.100.7")
    assert through_proxy(PASSWORD, "198.51.100.7").status_code == 429
    assert through_proxy(PASSWORD, "192.0.2.99, 198.51.100.7").status_code == 429
    # Anna herself, from her own address through the same proxy, still logs in.
    assert through_proxy(PASSWORD, "198.51.100.20").status_code == 302
