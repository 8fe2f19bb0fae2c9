"""SAML's settings and the SP side without a browser: off by default (404, no button), a half-done
configuration refused at start, and once on the metadata and a signed AuthnRequest."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from saml2.metadata import create_metadata_string

from config.settings.saml import saml_settings
from tests.saml_idp import idp_config, key_pair

SITE = "https://gesprekken.example.nl"


def test_saml_is_off_without_the_providers_metadata():
    assert saml_settings({}, SITE, "Gemeente") == {"SAML_ENABLED": False, "SAML_CONFIG": None}


@pytest.mark.parametrize(
    ("environ", "complaint"),
    [
        ({"SAML_IDP_METADATA_URL": "https://idp.example/metadata"}, "SAML_KEY_FILE"),
        (
            {
                "SAML_IDP_METADATA_FILE": "/m.xml",
                "SAML_KEY_FILE": "k",
                "SAML_CERT_FILE": "c",
                "SAML_MATCH_ON": "upn",
            },
            "SAML_MATCH_ON",
        ),
    ],
)
def test_a_half_done_configuration_stops_the_start(environ, complaint):
    with pytest.raises(ImproperlyConfigured, match=complaint):
        saml_settings(environ, SITE, "Gemeente")


@pytest.mark.django_db
def test_while_off_the_routes_are_not_there_and_the_login_page_has_no_button(client):
    assert client.get("/saml2/metadata/").status_code == 404
    assert client.get("/saml2/login/").status_code == 404
    assert b"/saml2/login/" not in client.get("/accounts/login/").content


@pytest.fixture
def saml_on(tmp_path, settings):
    idp_key, idp_cert = key_pair(tmp_path, "idp")
    sp_key, sp_cert = key_pair(tmp_path, "sp")
    metadata = tmp_path / "idp.xml"
    metadata.write_bytes(
        create_metadata_string(None, config=idp_config("https://idp.example", idp_key, idp_cert, None))
    )
    environ = {"SAML_IDP_METADATA_FILE": str(metadata), "SAML_KEY_FILE": sp_key, "SAML_CERT_FILE": sp_cert}
    for name, value in saml_settings(environ, SITE, "Gemeente Proef").items():
        setattr(settings, name, value)


@pytest.mark.django_db
def test_the_metadata_promises_signed_requests_and_wants_signed_assertions(client, saml_on):
    response = client.get("/saml2/metadata/")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'entityID="{SITE}/saml2/metadata/"' in body
    assert 'AuthnRequestsSigned="true"' in body
    assert 'WantAssertionsSigned="true"' in body
    assert f'Location="{SITE}/saml2/acs/"' in body


@pytest.mark.django_db
def test_the_login_page_offers_the_button_and_it_sends_a_signed_request(client, saml_on):
    assert "Inloggen met het account van je organisatie" in client.get("/accounts/login/").content.decode()
    response = client.get("/saml2/login/?next=/reviews/")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.netloc == "idp.example"
    query = parse_qs(location.query)
    assert query["SigAlg"] == ["http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"]
    assert query["Signature"][0]
    assert query["RelayState"] == ["/reviews/"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("environ", "session_info", "reason"),
    [
        # AD FS with employee numbers in a claim of that name
        (
            {"SAML_MATCH_ON": "employee_number", "SAML_ATTRIBUTE": "employeeNumber"},
            {"employeeNumber": ["E7001"]},
            None,
        ),
        # the e-mail address sent as the subject's NameID
        ({"SAML_MATCH_ON": "email", "SAML_ATTRIBUTE": "NameID"}, {}, None),
        # the agreed attribute missing: the refusal says to ask IT
        ({"SAML_MATCH_ON": "email"}, {"eduPersonPrincipalName": ["someone@proef.nl"]}, "no_identifier"),
    ],
)
def test_the_backend_matches_what_is_configured_and_refuses_without_it(
    rf, tmp_path, settings, environ, session_info, reason
):
    from saml2.saml import NAMEID_FORMAT_EMAILADDRESS, NameID

    from people.saml import SamlBackend
    from people.sign_in import SignInRefusedError
    from tests.factories import EmployeeFactory

    employee = EmployeeFactory(employee_number="E7001", email="e7001@proef.nl")
    sp_key, sp_cert = key_pair(tmp_path, "sp")
    environ = {
        "SAML_IDP_METADATA_FILE": "/unused.xml",
        "SAML_KEY_FILE": sp_key,
        "SAML_CERT_FILE": sp_cert,
        **environ,
    }
    for name, value in saml_settings(environ, SITE, "Gemeente Proef").items():
        setattr(settings, name, value)
    info = {
        "ava": session_info,
        "issuer": "https://idp.example/metadata",
        "name_id": NameID(format=NAMEID_FORMAT_EMAILADDRESS, text="E7001@proef.nl"),
    }
    signing_in = lambda: SamlBackend().authenticate(  # noqa: E731
        rf.post("/saml2/acs/"), session_info=info, attribute_mapping=settings.SAML_ATTRIBUTE_MAPPING
    )
    if reason:
        with pytest.raises(SignInRefusedError) as refused:
            signing_in()
        assert refused.value.reason == reason
    else:
        assert signing_in() == employee.user


def test_the_refusal_pages_name_the_same_department():
    """Found walking the refusals: SAML's sent people to the *ICT-afdeling*, OpenID Connect's to the
    *IT-afdeling*."""
    from django.utils import translation

    from people.saml import NOT_VERIFIED
    from people.sign_in import SignInRefusedError

    with translation.override("nl"):
        assert "de IT-afdeling" in str(NOT_VERIFIED)
        assert "de IT-afdeling" in SignInRefusedError("no_identifier").message
