"""Who an identity provider's assertion signs in as: matched to an existing account, never created."""

import pytest
from django.contrib.auth import get_user_model

from people.services import employees_leave
from people.sign_in import Identity, SignInRefusedError, account_for_identity
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_email_matches_case_insensitively():
    employee = EmployeeFactory(email="Anna.deVries@gemeente.nl")
    assert account_for_identity(Identity("email", " anna.devries@GEMEENTE.nl ")) == employee.user


def test_employee_number_matches_exactly():
    employee = EmployeeFactory(employee_number="000123")
    assert account_for_identity(Identity("employee_number", "000123")) == employee.user
    with pytest.raises(SignInRefusedError) as refused:
        account_for_identity(Identity("employee_number", "123"))
    assert refused.value.reason == "unknown"


def test_username_matches_an_account_without_employee_record():
    user = UserFactory(username="Beheerder")
    assert account_for_identity(Identity("username", "beheerder")) == user


def test_unknown_person_is_refused_and_nothing_is_created():
    count = get_user_model().objects.count()
    with pytest.raises(SignInRefusedError) as refused:
        account_for_identity(Identity("email", "nieuw@gemeente.nl"))
    assert refused.value.reason == "unknown"
    assert "HR" in refused.value.message
    assert get_user_model().objects.count() == count


def test_leaver_and_switched_off_account_are_refused():
    leaver = EmployeeFactory(email="weg@gemeente.nl")
    employees_leave(employee_ids=[leaver.pk], actor=None)
    with pytest.raises(SignInRefusedError) as refused:
        account_for_identity(Identity("email", "weg@gemeente.nl"))
    assert refused.value.reason == "left"

    switched_off = EmployeeFactory(email="uit@gemeente.nl")
    switched_off.user.is_active = False
    switched_off.user.save()
    with pytest.raises(SignInRefusedError):
        account_for_identity(Identity("email", "uit@gemeente.nl"))


def test_empty_value_is_refused_and_bad_configuration_raises():
    with pytest.raises(SignInRefusedError) as refused:
        account_for_identity(Identity("email", "  "))
    assert refused.value.reason == "no_identifier"
    with pytest.raises(ValueError, match="match_on"):
        account_for_identity(Identity("upn", "x"))


def test_refusal_page_says_why_in_dutch(rf):
    from people.sign_in import sign_in_refused_response

    request = rf.get("/")
    request.LANGUAGE_CODE = "nl"
    from django.utils import translation

    with translation.override("nl"):
        response = sign_in_refused_response(request, SignInRefusedError("unknown"))
    assert response.status_code == 403
    body = response.content.decode()
    assert "Je kunt niet inloggen" in body
    assert "Er is nog geen account voor je" in body
