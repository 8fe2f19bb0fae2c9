"""A real OpenID Provider process for the single sign-on tests: ``oidc-provider-mock`` (PyPI), started on
127.0.0.1 on a free port. It signs ID tokens with its own key, serves discovery, JWKS, the token and
userinfo endpoints and RP-initiated logout; its users (subject and claims) are set over its API."""

import contextlib
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass

import requests

CLIENT_ID = "gesprekscyclus"
CLIENT_SECRET = "geheim-van-de-test"


@dataclass
class Provider:
    url: str

    def set_user(self, sub: str, **claims) -> None:
        """The person the provider signs in as ``sub``, with these claims (``email``, ``employeeNumber`` …)."""
        requests.put(f"{self.url}/users/{sub}", json=claims, timeout=5).raise_for_status()

    def app(self, *, provider_id="gemeente", name="Gemeente-account", **settings) -> dict:
        """allauth's ``APPS`` entry for this provider, as config/settings/sso.py makes it."""
        from config.settings.sso import oidc_app

        return oidc_app(
            {
                "id": provider_id,
                "name": name,
                "issuer": self.url,
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                **settings,
            }
        )

    def id_token(self, sub: str, *, client_id: str = CLIENT_ID) -> str:
        """An ID token the provider issues for ``sub`` to ``client_id``, through its own authorise form and
        token endpoint (the authorisation-code flow, as a browser and our server would walk it)."""
        redirect_uri = "http://127.0.0.1/callback"
        with requests.Session() as session:
            answer = session.post(
                f"{self.url}/oauth2/authorize",
                params={
                    "client_id": client_id,
                    "redirect_uri": redirect_uri,
                    "response_type": "code",
                    "scope": "openid email profile",
                    "state": "s",
                },
                data={"sub": sub},
                allow_redirects=False,
                timeout=5,
            )
            answer.raise_for_status()
            code = requests.utils.urlparse(answer.headers["Location"]).query
            code = dict(part.split("=", 1) for part in code.split("&"))["code"]
            token = session.post(
                f"{self.url}/oauth2/token",
                data={"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri},
                auth=(client_id, CLIENT_SECRET),
                timeout=5,
            )
            token.raise_for_status()
            return token.json()["id_token"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def oidc_provider(*, token_max_age: int = 3600):
    """Starts ``python -m oidc_provider_mock`` and waits for its discovery document; stops it after."""
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "oidc_provider_mock",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--token-max-age",
            str(token_max_age),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                requests.get(f"{url}/.well-known/openid-configuration", timeout=1).raise_for_status()
                break
            except requests.RequestException:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"oidc-provider-mock did not start on {url}") from None
                time.sleep(0.1)
        yield Provider(url)
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
