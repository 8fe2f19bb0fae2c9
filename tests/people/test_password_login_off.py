"""With ``PASSWORD_LOGIN`` off, no other door takes an employee's password: not the API's token endpoint,
and nobody is invited to choose one (a password that opens nothing, or that bypasses the provider's
second factor)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from notifications.models import Notification
from notifications.password_reset import account_invite
from tests.factories import EmployeeFactory, UserFactory
from tests.test_account_invitations import imported

pytestmark = pytest.mark.django_db

PASSWORD = "demo-wachtwoord"


def token_answer(username: str):
    return APIClient().post("/api/v1/auth/token/", {"username": username, "password": PASSWORD})


def test_the_token_endpoint_refuses_an_employees_password(settings):
    settings.PASSWORD_LOGIN = False
    EmployeeFactory(employee_number="eva")

    response = token_answer("eva")

    assert response.status_code == 403, response.content
    assert "token" not in response.json()
    settings.PASSWORD_LOGIN = True
    assert token_answer("eva").status_code == 200


def test_the_token_endpoint_still_serves_an_integrations_service_account(settings):
    settings.PASSWORD_LOGIN = False
    UserFactory(username="koppeling-afas")

    assert token_answer("koppeling-afas").status_code == 200


def test_nobody_is_invited_to_choose_a_password(settings):
    settings.PASSWORD_LOGIN = False
    eva = imported("5001")

    with pytest.raises(CommandError, match="PASSWORD_LOGIN"):
        call_command("invite", eva.employee_number, stdout=StringIO())
    assert account_invite(users=[eva.user]) == []  # also the import's INVITE_NEW_PEOPLE
    assert not Notification.objects.filter(kind="password_reset").exists()
