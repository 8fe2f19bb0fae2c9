"""A real SAML 2.0 identity provider for the SAML tests, built on pysaml2's ``saml2.server.Server``.

Run as a process: ``python tests/saml_idp.py KEY CERT USERS_JSON SP_METADATA_URL [HOST]``. It binds a free
port on 127.0.0.1 (its addresses name HOST, default 127.0.0.1), prints ``READY <port>`` and serves until killed:

- ``GET /metadata``: its metadata (entity id, the HTTP-Redirect SSO address, its signing certificate);
- ``GET /sso/redirect``: an AuthnRequest (its redirect signature checked against the SP's metadata, which is
  fetched from SP_METADATA_URL); answers a login form;
- ``POST /sso/login``: the person named in the form (``USERS_JSON``: ``{login: {"attributes": {...},
  "fault": null}}``) gets a signed assertion, posted to the SP's ACS by the browser (auto-submitted form).

A user's ``fault`` makes this IdP misbehave the way the SP must refuse: ``signature`` (the assertion is
altered after signing: its ``mail`` names someone else), ``audience`` (meant for another service),
``expired`` (valid until ten minutes ago).
"""

import datetime
import json
import sys
from pathlib import Path
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, saml
from saml2.assertion import Policy
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT
from saml2.server import Server

ANOTHER_SERVICE = "https://another-service.example/saml2/metadata/"


def key_pair(folder: Path, name: str) -> tuple[str, str]:
    """A fresh RSA key and a self-signed certificate for it, as PEM files (SAML's usual kind)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = folder / f"{name}.key", folder / f"{name}.crt"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(key_file), str(cert_file)


class WrongAudience(Policy):
    def conditions(self, sp_entity_id):
        return super().conditions(ANOTHER_SERVICE)


def idp_config(base: str, key: str, cert: str, sp_metadata_url: str | None):
    config = {
        "entityid": f"{base}/metadata",
        "xmlsec_binary": "/usr/bin/xmlsec1",
        "service": {
            "idp": {
                "name": "Test IdP",
                "endpoints": {"single_sign_on_service": [(f"{base}/sso/redirect", BINDING_HTTP_REDIRECT)]},
                "want_authn_requests_signed": True,
                "name_id_format": [NAMEID_FORMAT_PERSISTENT],
            }
        },
        "key_file": key,
        "cert_file": cert,
        "metadata": {"remote": [{"url": sp_metadata_url}]} if sp_metadata_url else {},
    }
    loaded = IdPConfig()
    loaded.load(config)
    return loaded


def page(start_response, status: str, body: str, content_type="text/html; charset=utf-8"):
    start_response(status, [("Content-Type", content_type)])
    return [body.encode()]


def make_app(base, key, cert, users, sp_metadata_url):
    metadata = create_metadata_string(None, config=idp_config(base, key, cert, None)).decode()

    def parse_request(server, fields):
        one = {name: values[0] for name, values in fields.items()}
        return server.parse_authn_request(
            one["SAMLRequest"],
            BINDING_HTTP_REDIRECT,
            relay_state=one.get("RelayState"),
            sigalg=one.get("SigAlg"),
            signature=one.get("Signature"),
        )

    def app(environ, start_response):
        route = environ["PATH_INFO"]
        if route == "/metadata":
            return page(start_response, "200 OK", metadata, "application/samlmetadata+xml")
        server = Server(config=idp_config(base, key, cert, sp_metadata_url))
        if route == "/sso/redirect":
            fields = parse_qs(environ["QUERY_STRING"])
            try:
                parse_request(server, fields)
            except Exception as error:  # noqa: BLE001 (any fault in the request: refused, as a real IdP does)
                return page(start_response, "400 Bad Request", f"request refused: {error!r}")
            hidden = "".join(
                f'<input type="hidden" name="{name}" value="{values[0]}">' for name, values in fields.items()
            ).replace("&", "&amp;")
            form = (
                '<!doctype html><title>Test IdP</title><form method="post" action="/sso/login">'
                f'<label for="login">Login</label><input id="login" name="login">{hidden}'
                '<button type="submit">Sign in at the IdP</button></form>'
            )
            return page(start_response, "200 OK", form)
        if route == "/sso/login":
            size = int(environ.get("CONTENT_LENGTH") or 0)
            fields = parse_qs(environ["wsgi.input"].read(size).decode())
            request = parse_request(server, fields).message
            login = fields["login"][0]
            user = users.get(login)
            if user is None:
                return page(start_response, "403 Forbidden", "unknown at the IdP")
            fault = user.get("fault")
            restrictions = {"default": {"lifetime": {"minutes": -10 if fault == "expired" else 5}}}
            restrictions["default"].update(attribute_restrictions=None, name_form=NAME_FORMAT_URI)
            policy = (WrongAudience if fault == "audience" else Policy)(restrictions, server.metadata)
            response = server.create_authn_response(
                dict(user["attributes"]),
                in_response_to=request.id,
                destination=request.assertion_consumer_service_url,
                sp_entity_id=request.issuer.text,
                name_id=saml.NameID(format=NAMEID_FORMAT_PERSISTENT, text=login),
                authn={"class_ref": saml.AUTHN_PASSWORD_PROTECTED, "authn_auth": base},
                sign_assertion=True,
                sign_response=False,
                release_policy=policy,
            )
            response = str(response)
            if fault == "signature":
                mail = user["attributes"]["mail"][0]
                assert mail in response
                response = response.replace(mail, user["tampered_mail"])
            http_args = server.apply_binding(
                BINDING_HTTP_POST,
                response,
                request.assertion_consumer_service_url,
                fields.get("RelayState", [""])[0],
                response=True,
            )
            return page(start_response, "200 OK", http_args["data"])
        return page(start_response, "404 Not Found", "not found")

    return app


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def main(key, cert, users_file, sp_metadata_url, host="127.0.0.1"):
    with open(users_file) as handle:
        users = json.load(handle)
    httpd = make_server("127.0.0.1", 0, lambda e, s: app(e, s), handler_class=QuietHandler)
    base = f"http://{host}:{httpd.server_port}"  # the SP's host name: the same site for the browser
    app = make_app(base, key, cert, users, sp_metadata_url)
    print(f"READY {httpd.server_port}", flush=True)
    httpd.serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:6])
