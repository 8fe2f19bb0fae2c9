"""SAML 2.0 login in the browser against a real identity provider process (tests/saml_idp.py, pysaml2's
``Server``): it checks our signed AuthnRequest against the SP metadata we publish, and posts a signed
assertion back. A known employee lands on *Mijn gesprekscyclus*; an unknown person, someone switched off,
and an assertion altered after signing, meant for another service or expired get the Dutch refusal page."""

import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from config.settings.saml import saml_settings
from people.models import Employee
from tests.factories import EmployeeFactory
from tests.saml_idp import key_pair
from tests.tools import tools_required

pytestmark = pytest.mark.django_db(transaction=True)

IDP_SCRIPT = Path(__file__).resolve().parents[1] / "saml_idp.py"


@pytest.fixture
def staff(db):
    eva = EmployeeFactory(name="Eva Medewerker", preferred_language="nl")
    leaver = EmployeeFactory(name="Lars Vertrokken", preferred_language="nl")
    leaver.user.is_active = False
    leaver.user.save()
    return {"eva": eva, "leaver": leaver}


@pytest.fixture
def identity_provider(tmp_path, live_server, settings, staff):
    """The IdP process, and our settings pointing at its metadata URL (as SAML_IDP_METADATA_URL would)."""
    if not shutil.which("xmlsec1"):
        if tools_required():
            pytest.fail("xmlsec1 is missing (apt-get install xmlsec1)", pytrace=False)
        pytest.skip("the SAML tests need xmlsec1 (apt-get install xmlsec1)")
    eva = staff["eva"].email
    users = {
        "eva": {"attributes": {"mail": [eva]}},
        "nobody": {"attributes": {"mail": ["nobody@example.org"]}},
        "lars": {"attributes": {"mail": [staff["leaver"].email]}},
        # Someone unknown whose signed assertion is changed on the way to name Eva.
        "forger": {
            "attributes": {"mail": ["forger@example.org"]},
            "fault": "signature",
            "tampered_mail": eva,
        },
        "elsewhere": {"attributes": {"mail": [eva]}, "fault": "audience"},
        "late": {"attributes": {"mail": [eva]}, "fault": "expired"},
    }
    (tmp_path / "users.json").write_text(json.dumps(users))
    idp_key, idp_cert = key_pair(tmp_path, "idp")
    sp_key, sp_cert = key_pair(tmp_path, "sp")
    host = urlsplit(live_server.url).hostname
    sp_metadata = f"{live_server.url}/saml2/metadata/"
    process = subprocess.Popen(
        [sys.executable, str(IDP_SCRIPT), idp_key, idp_cert, str(tmp_path / "users.json"), sp_metadata, host],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        ready = process.stdout.readline().split()
        assert ready[:1] == ["READY"], ready
        environ = {
            "SAML_IDP_METADATA_URL": f"http://{host}:{ready[1]}/metadata",
            "SAML_KEY_FILE": sp_key,
            "SAML_CERT_FILE": sp_cert,
            "SAML_MATCH_ON": "email",
            "SAML_BUTTON_LABEL": "Inloggen met Proef-ID",
        }
        for name, value in saml_settings(environ, live_server.url, "Gemeente Proef").items():
            setattr(settings, name, value)
        settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "people.saml.SamlBackend"]
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


def sign_in_at_the_provider(chromium, live_server, login, posted=None):
    """Through the login page's button, the IdP's form and its auto-submitted answer; ``posted`` (a list)
    collects the form the browser posted to our ACS."""
    context = chromium.new_context(locale="nl-NL")
    page = context.new_page()
    if posted is not None:
        page.on("request", lambda request: "/saml2/acs/" in request.url and posted.append(request.post_data))
    page.goto(f"{live_server.url}/accounts/login/")
    page.click("text=Inloggen met Proef-ID")
    page.fill("#login", login)
    page.click("text=Sign in at the IdP")
    page.wait_for_url(f"{live_server.url}/**")
    page.wait_for_load_state()
    return context, page


def test_a_known_employee_signs_in_and_lands_on_my_cycle(
    chromium, live_server, identity_provider, screenshot
):
    posted = []
    context, page = sign_in_at_the_provider(chromium, live_server, "eva", posted)
    assert page.url == f"{live_server.url}/"
    assert page.text_content("h1") == "Mijn gesprekscyclus"
    assert Employee.objects.get(name="Eva Medewerker").user.last_login is not None
    screenshot(page, "employee-saml-signed-in-1280")
    # The same answer posted again (a replay, from the same browser even) is refused: it was used up.
    replayed = page.request.post(
        f"{live_server.url}/saml2/acs/",
        data=posted[0],
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        max_redirects=0,
    )
    assert replayed.status == 403
    assert "kon niet worden gecontroleerd" in replayed.text()
    context.close()


@pytest.mark.parametrize(
    ("login", "message"),
    [
        ("nobody", "Er is nog geen account"),
        ("lars", "niet meer werkt"),
        ("forger", "kon niet worden gecontroleerd"),
        ("elsewhere", "kon niet worden gecontroleerd"),
        ("late", "kon niet worden gecontroleerd"),
    ],
)
def test_the_refusals_get_the_dutch_page_and_no_session(
    chromium, live_server, identity_provider, screenshot, login, message
):
    context, page = sign_in_at_the_provider(chromium, live_server, login)
    assert page.text_content("h1") == "Je kunt niet inloggen"
    assert message in page.text_content("[role=alert]")
    if login == "nobody":
        screenshot(page, "unknown-saml-refused-1280")
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url  # not signed in
    assert Employee.objects.get(name="Eva Medewerker").user.last_login is None
    context.close()
