"""Accounts (issue 14, hardening): API tokens expire and are revoked on logout and password change;
the password reset has the product's layout in Dutch, a rate limit, and sends its mail through the outbox."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.test.utils import override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from notifications.models import Notification
from notifications.services import deliver
from tests.factories import EmployeeFactory, UserFactory
from tests.language import speaking

pytestmark = pytest.mark.django_db

PASSWORD = "demo-wachtwoord"
NOON = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def anna():
    return EmployeeFactory(employee_number="anna", email="anna@example.org").user


def obtain(username="anna", password=PASSWORD) -> str:
    response = APIClient().post("/api/v1/auth/token/", {"username": username, "password": password})
    assert response.status_code == 200, response.content
    return response.json()["token"]


def api_with(token: str) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


# --- API tokens ------------------------------------------------------------------------------------


@override_settings(API_TOKEN_LIFETIME_HOURS=8)
def test_a_token_expires_after_its_lifetime_and_a_new_one_is_issued(anna):
    with time_machine.travel(NOON, tick=False) as clock:
        token = obtain()
        clock.shift(datetime.timedelta(hours=7, minutes=59))
        assert api_with(token).get("/api/v1/notifications/").status_code == 200
        clock.shift(datetime.timedelta(minutes=2))
        expired = api_with(token).get("/api/v1/notifications/")
        assert expired.status_code == 401
        assert "expired" in expired.json()["detail"]
        fresh = obtain()
        assert fresh != token
        assert api_with(fresh).get("/api/v1/notifications/").status_code == 200


def test_asking_again_within_the_lifetime_gives_the_same_token(anna):
    assert obtain() == obtain()


def test_changing_the_password_revokes_the_tokens(anna):
    token = obtain()
    browser = Client()
    browser.force_login(anna)
    response = browser.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "Een-nieuw-wachtwoord-7",
            "new_password2": "Een-nieuw-wachtwoord-7",
        },
    )
    assert response.status_code == 302
    assert api_with(token).get("/api/v1/notifications/").status_code == 401
    assert not Token.objects.filter(user=anna).exists()


def test_a_password_set_anywhere_else_revokes_them_too(anna):
    token = obtain()
    anna.set_password("Nog-een-wachtwoord-8")
    anna.save()
    assert api_with(token).get("/api/v1/notifications/").status_code == 401


def test_logging_out_of_the_site_revokes_the_tokens(anna):
    token = obtain()
    browser = Client()
    browser.force_login(anna)
    assert browser.post("/accounts/logout/").status_code == 302
    assert api_with(token).get("/api/v1/notifications/").status_code == 401


def test_the_api_logout_revokes_the_token(anna):
    token = obtain()
    client = api_with(token)
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert client.get("/api/v1/notifications/").status_code == 401


def test_the_api_logout_ends_a_browser_session_too(anna):
    browser = Client()
    browser.force_login(anna)
    assert browser.post("/api/v1/auth/logout/").status_code == 204
    assert browser.get("/").status_code == 302


# --- password reset ---------------------------------------------------------------------------------


def ask_reset(client: Client, email: str, address: str = "10.0.0.1"):
    return client.post("/accounts/password_reset/", {"email": email}, REMOTE_ADDR=address)


def test_the_password_reset_pages_have_the_layout_and_speak_dutch():
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    page = client.get("/accounts/password_reset/").content.decode()
    assert 'class="site-header"' in page
    assert "Wachtwoord vergeten" in page
    assert "Password reset" not in page
    login = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/password_reset/"' in login
    done = client.get("/accounts/password_reset/done/").content.decode()
    assert 'class="site-header"' in done
    assert "e-mail" in done


def test_the_reset_mail_goes_through_the_outbox_with_a_link_that_works(anna):
    with time_machine.travel(NOON, tick=False):
        response = ask_reset(Client(), "anna@example.org")
        assert response.status_code == 302
        row = Notification.objects.get(recipient=anna, kind="password_reset")
        assert row.channel == "email"
        assert row.sent_at is None
        assert not Notification.objects.filter(recipient=anna, channel="in_app").exists()
        assert mail.outbox == []  # the web process sends nothing itself
        assert "set-password" in row.link  # the stored row holds no usable token
        assert deliver(row.pk) == "sent"
    [message] = mail.outbox
    assert message.to == ["anna@example.org"]
    link = re.search(r"https?://\S+/accounts/reset/\S+/", message.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    browser = Client()
    with time_machine.travel(NOON + datetime.timedelta(minutes=5), tick=False):
        form = browser.get(f"/{path}", follow=True)
        assert "new_password1" in form.content.decode()
        done = browser.post(
            form.redirect_chain[-1][0],
            {"new_password1": "Een-nieuw-wachtwoord-7", "new_password2": "Een-nieuw-wachtwoord-7"},
        )
    assert done.status_code == 302
    anna.refresh_from_db()
    assert anna.check_password("Een-nieuw-wachtwoord-7")


def test_a_digest_reader_gets_the_reset_mail_at_once(anna):
    from notifications.services import enqueue_pending, preference_set

    preference_set(user=anna, email_mode="daily_digest")
    ask_reset(Client(), "anna@example.org")
    row = Notification.objects.get(recipient=anna, kind="password_reset")
    assert row.sent_at is None
    assert enqueue_pending() == 1  # queued at once, not kept for tomorrow's digest
    from notifications.services import send_digests

    send_digests()
    row.refresh_from_db()
    assert row.digested_in is None


def test_an_employee_who_left_gets_no_reset_mail(anna):
    from people.services import employee_leave

    employee_leave(employee=anna.employee, actor=None)
    assert ask_reset(Client(), "anna@example.org").status_code == 302  # the same answer: nothing to learn
    assert not Notification.objects.filter(kind="password_reset").exists()


@override_settings(PASSWORD_RESET_LIMIT_PER_ADDRESS=3, PASSWORD_RESET_LIMIT_PER_CLIENT=10)
def test_resets_are_limited_per_address(anna):
    for n in range(3):
        assert ask_reset(Client(), "anna@example.org", address=f"10.0.0.{n}").status_code == 302
    refused = ask_reset(Client(HTTP_ACCEPT_LANGUAGE="nl"), "ANNA@example.org", address="10.0.0.9")
    assert refused.status_code == 429
    assert "Retry-After" in refused
    assert "Te veel" in refused.content.decode()
    assert Notification.objects.filter(kind="password_reset").count() == 3


@override_settings(PASSWORD_RESET_LIMIT_PER_ADDRESS=3, PASSWORD_RESET_LIMIT_PER_CLIENT=10)
def test_resets_are_limited_per_client_address(anna):
    for n in range(10):
        UserFactory(username=f"p{n}", email=f"p{n}@example.org")
        assert ask_reset(Client(), f"p{n}@example.org").status_code == 302
    assert ask_reset(Client(), "anna@example.org").status_code == 429
    assert ask_reset(Client(), "anna@example.org", address="10.0.0.2").status_code == 302
    assert Notification.objects.filter(kind="password_reset").count() == 11


def test_a_refused_login_says_in_dutch_what_to_do_also_to_someone_who_left(anna):
    employee = anna.employee
    employee.active = False
    employee.save(update_fields=["active"])
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    page = client.post("/accounts/login/", {"username": "anna", "password": PASSWORD}).content.decode()
    assert "neem dan contact op met HR" in page
    assert "uw " not in page.lower()


def test_choosing_a_password_states_the_rules_before_and_in_dutch_after(anna):
    client = speaking(Client(), "nl")
    client.force_login(anna)
    form = client.get("/accounts/password_change/").content.decode()
    assert "minstens 8 tekens" in form  # the rules, before submitting
    refused = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "kort", "new_password2": "kort"},
    ).content.decode()
    assert "Dit wachtwoord is te kort" in refused
    assert "too short" not in refused
    wrong = client.post(
        "/accounts/password_change/",
        {"old_password": "fout", "new_password1": "Lang-genoeg-2026", "new_password2": "Lang-genoeg-2026"},
    ).content.decode()
    assert "Je huidige wachtwoord klopt niet" in wrong
