"""Pages speak the language switch's choice, else the person's preference, else Dutch; never the
browser's Accept-Language (``people.middleware``). A test that wants a page in a language uses the switch."""

from django.conf import settings


def speaking(client, language: str):
    """``client`` with the language switch set to ``language`` (Django's language cookie)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client
