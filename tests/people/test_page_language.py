"""Before login a page is Dutch whatever the browser asks for; after login the person's own preference
(``Employee.preferred_language``) or the language switch decides (issue 16). The API keeps HTTP's
Accept-Language negotiation."""

import pytest
from django.conf import settings
from django.test import Client

from people.models import Employee

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def test_the_login_page_is_dutch_for_an_english_browser():
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get(LOGIN)
    assert response.status_code == 200
    assert response["Content-Language"] == "nl"
    assert "Inloggen" in response.content.decode()


def test_the_language_switch_still_works_before_login():
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.post("/i18n/setlang/", {"language": "en", "next": LOGIN})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert client.get(LOGIN)["Content-Language"] == "en"


def _logged_in(org, language: str) -> Client:
    Employee.objects.filter(pk=org.employee.pk).update(preferred_language=language)
    client = Client(HTTP_ACCEPT_LANGUAGE="nl" if language == "en" else "en")  # the browser disagrees
    client.force_login(org.employee.user)
    return client


@pytest.mark.parametrize("language", ["en", "nl"])
def test_after_login_the_persons_preference_applies_not_the_browsers(org, language):
    client = _logged_in(org, language)
    response = client.get("/")
    assert response.status_code in (200, 302)
    response = client.get(response.url) if response.status_code == 302 else response
    assert response["Content-Language"] == language


def test_after_login_the_language_switch_overrides_the_preference(org):
    client = _logged_in(org, "nl")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert client.get("/", follow=True)["Content-Language"] == "en"


def test_logging_in_through_the_form_applies_the_preference(org):
    Employee.objects.filter(pk=org.employee.pk).update(preferred_language="en")
    user = org.employee.user
    user.set_password("een-lang-wachtwoord-2026")
    user.save()
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    assert client.get(LOGIN)["Content-Language"] == "nl"
    response = client.post(
        LOGIN, {"username": user.username, "password": "een-lang-wachtwoord-2026"}, follow=True
    )
    assert response.status_code == 200
    assert response["Content-Language"] == "en"


def test_the_api_still_negotiates_by_accept_language(org):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(org.hr)
    assert client.get("/api/v1/reviews/")["Content-Language"] == "en"
