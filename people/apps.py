from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"

    def ready(self) -> None:
        from people import (
            oidc,  # noqa: F401 - keeps what RP-initiated logout needs; checks the providers' settings
            receivers,  # noqa: F401 - connects the token revocation
        )
