"""SAML 2.0 single sign-on (djangosaml2 on pysaml2), read from the environment.

Off unless the identity provider's metadata is given (``SAML_IDP_METADATA_URL`` or ``SAML_IDP_METADATA_FILE``);
then the key pair that signs our authentication requests (``SAML_KEY_FILE``, ``SAML_CERT_FILE``) is required.
The routes under ``/saml2/`` answer 404 while it is off (people/saml.py). docs/sso.md walks SURFconext and AD FS.
"""

from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

#: The attribute that carries each kind of identifier unless ``SAML_ATTRIBUTE`` names another
#: (pysaml2's friendly names: SURFconext sends ``urn:mace:dir:attribute-def:mail`` and
#: ``urn:oid:0.9.2342.19200300.100.1.3``, both arrive as ``mail``).
DEFAULT_ATTRIBUTE = {"email": "mail", "employee_number": "employeeNumber", "username": "uid"}
#: ``SAML_ATTRIBUTE`` naming the subject's NameID instead of an attribute (AD FS often sends the e-mail there).
NAME_ID = "NameID"


def saml_settings(environ: Mapping[str, str], site_url: str, organisation_name: str) -> dict:
    """The Django settings for SAML from ``environ`` (``os.environ``, or a test's own mapping): ``SAML_ENABLED``
    and, when on, ``SAML_CONFIG`` (pysaml2's SP configuration) with djangosaml2's settings. Raises
    ``ImproperlyConfigured`` for a half-done configuration (metadata without a key pair, an unknown
    ``SAML_MATCH_ON``), so a wrong setting stops the process at start, not at someone's login."""
    metadata_url = environ.get("SAML_IDP_METADATA_URL", "").strip()
    metadata_file = environ.get("SAML_IDP_METADATA_FILE", "").strip()
    if not (metadata_url or metadata_file):
        return {"SAML_ENABLED": False, "SAML_CONFIG": None}
    from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
    from saml2.saml import NAMEID_FORMAT_PERSISTENT
    from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

    key_file = environ.get("SAML_KEY_FILE", "").strip()
    cert_file = environ.get("SAML_CERT_FILE", "").strip()
    if not (key_file and cert_file):
        raise ImproperlyConfigured("SAML needs SAML_KEY_FILE and SAML_CERT_FILE: our requests are signed")
    match_on = environ.get("SAML_MATCH_ON", "email").strip()
    if match_on not in DEFAULT_ATTRIBUTE:
        raise ImproperlyConfigured(
            f"SAML_MATCH_ON must be one of {', '.join(DEFAULT_ATTRIBUTE)}, not {match_on!r}"
        )
    attribute = environ.get("SAML_ATTRIBUTE", "").strip() or DEFAULT_ATTRIBUTE[match_on]
    site_url = site_url.rstrip("/")
    metadata = {}
    if metadata_file:
        metadata["local"] = [metadata_file]
    if metadata_url:
        # SURFconext signs its metadata: with its certificate the metadata is checked before it is trusted.
        metadata["remote"] = [
            {"url": metadata_url, "cert": environ.get("SAML_IDP_METADATA_CERT_FILE") or None}
        ]
    return {
        "SAML_ENABLED": True,
        "SAML_MATCH_ON": match_on,
        "SAML_ATTRIBUTE": attribute,
        "SAML_BUTTON_LABEL": environ.get("SAML_BUTTON_LABEL", ""),
        # How long the identity provider's metadata (fetched from SAML_IDP_METADATA_URL) is kept per process.
        "SAML_METADATA_CACHE_SECONDS": int(environ.get("SAML_METADATA_CACHE_SECONDS", "3600")),
        # djangosaml2: nobody is created by logging in; people.saml.SamlBackend matches the account.
        "SAML_CREATE_UNKNOWN_USER": False,
        "SAML_DJANGO_USER_MAIN_ATTRIBUTE": match_on,
        "SAML_USE_NAME_ID_AS_USERNAME": attribute == NAME_ID,
        "SAML_ATTRIBUTE_MAPPING": {attribute: (match_on,)},
        "SAML_CONFIG_LOADER": "people.saml.sp_config",
        "SAML_DEFAULT_BINDING": BINDING_HTTP_REDIRECT,
        # The identity provider posts its answer from its own site: the cookie that remembers our request
        # must travel with that cross-site POST (SameSite=None needs HTTPS; plain HTTP is for tests only).
        "SAML_SESSION_COOKIE_SAMESITE": "None" if site_url.startswith("https://") else "Lax",
        "SAML_CONFIG": {
            "xmlsec_binary": environ.get("SAML_XMLSEC1", "/usr/bin/xmlsec1"),
            "entityid": environ.get("SAML_ENTITY_ID", "").strip() or f"{site_url}/saml2/metadata/",
            "allow_unknown_attributes": True,
            # Clocks of the provider and ours may differ this much (seconds); beyond it an assertion is refused.
            "accepted_time_diff": int(environ.get("SAML_CLOCK_SKEW_SECONDS", "60")),
            "service": {
                "sp": {
                    "name": organisation_name,
                    "name_id_format": NAMEID_FORMAT_PERSISTENT,
                    "endpoints": {
                        "assertion_consumer_service": [(f"{site_url}/saml2/acs/", BINDING_HTTP_POST)],
                    },
                    "authn_requests_signed": True,
                    "signing_algorithm": SIG_RSA_SHA256,
                    "digest_algorithm": DIGEST_SHA256,
                    "want_assertions_signed": True,
                    "want_response_signed": False,
                    "allow_unsolicited": False,
                    "required_attributes": [] if attribute == NAME_ID else [attribute],
                },
            },
            "metadata": metadata,
            "key_file": key_file,
            "cert_file": cert_file,
            "encryption_keypairs": [{"key_file": key_file, "cert_file": cert_file}],
        },
    }
