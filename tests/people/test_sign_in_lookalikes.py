"""An identity provider that lets people choose their address (Keycloak with profile editing, a guest
tenant) must not get them into someone else's account: no unverified address, no lookalike of another's."""

import pytest

from people.oidc import identity_from_claims
from people.sign_in import Identity, SignInRefusedError, account_for_identity
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "lookalike",
    [
        "jo\u017f@gemeente.nl",  # LATIN SMALL LETTER LONG S: upper-cases to S
        "\u212aees@gemeente.nl",  # KELVIN SIGN: lower-cases to k
        "jos@gemeente.nl\u200b",  # a zero-width space after it
        "\u01f0os@gemeente.nl",  # j with caron
    ],
)
def test_a_lookalike_address_matches_nobody(lookalike):
    EmployeeFactory(email="jos@gemeente.nl")
    EmployeeFactory(email="kees@gemeente.nl")

    with pytest.raises(SignInRefusedError) as refused:
        account_for_identity(Identity("email", lookalike))
    assert refused.value.reason == "unknown"


@pytest.mark.parametrize("verified_claim", ["email_verified", "xms_edov"])
def test_an_address_the_provider_did_not_verify_is_refused(verified_claim):
    employee = EmployeeFactory(email="jos@gemeente.nl")
    claims = {"sub": "x", "email": "jos@gemeente.nl", verified_claim: False}

    with pytest.raises(SignInRefusedError) as refused:
        account_for_identity(identity_from_claims({"match_on": "email"}, claims))
    assert refused.value.reason == "unverified"
    claims[verified_claim] = "true"
    assert account_for_identity(identity_from_claims({"match_on": "email"}, claims)) == employee.user
    del claims[verified_claim]  # Entra ID does not send it: its address is the organisation's own
    assert account_for_identity(identity_from_claims({"match_on": "email"}, claims)) == employee.user


def test_email_verified_is_not_asked_of_another_claim():
    employee = EmployeeFactory(employee_number="E7", email="jos@gemeente.nl")
    claims = {"sub": "x", "employeeNumber": "E7", "email_verified": False}

    assert (
        account_for_identity(identity_from_claims({"match_on": "employee_number"}, claims)) == employee.user
    )
