"""Error pages speak Dutch, keep the site's header and offer a way back; the API keeps its JSON
(issue 16, walk item 11). The test settings run with DEBUG off, as production does."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.language import speaking

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    return response.content.decode()


def test_an_unknown_page_is_a_dutch_404_with_the_navigation(org):
    client = speaking(Client(), "nl")
    client.force_login(org.employee.user)
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    page = _page(response)
    assert "Deze pagina bestaat niet" in page
    assert 'aria-label="Hoofdmenu"' in page
    assert "Mijn gesprekscyclus" in page
    assert f'href="{reverse("reviewcycle:home")}"' in page
    assert "Page not found" not in page
    assert "Not Found" not in page


def test_an_employee_opening_hr_s_list_gets_a_dutch_403_with_the_navigation(org, cycle):
    client = speaking(Client(), "nl")
    client.force_login(org.employee.user)
    response = client.get(reverse("reviewcycle:hr-reviews"))
    assert response.status_code == 403
    page = _page(response)
    assert "Geen toegang" in page
    assert "Mijn gesprekscyclus" in page
    assert "Forbidden" not in page


def test_the_api_keeps_its_json_404(org):
    response = Client().get("/api/v1/bestaat-niet/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_a_server_error_is_a_static_dutch_page_with_a_way_home(org, settings):
    from config import urls

    handler = urls.handler500
    assert isinstance(handler, str)
    from django.urls import get_resolver

    view = get_resolver().resolve_error_handler(500)
    from django.test import RequestFactory

    request = RequestFactory().get("/iets/")  # no user, no session: nothing the page may rely on
    with translation.override("nl"):
        response = view(request)
    assert response.status_code == 500
    page = _page(response)
    assert "Er ging iets mis" in page
    assert 'href="/"' in page
    assert settings.ORGANISATION_NAME in page


def test_a_bad_request_is_a_dutch_400(org):
    from django.test import RequestFactory
    from django.urls import get_resolver

    view = get_resolver().resolve_error_handler(400)
    with translation.override("nl"):
        response = view(RequestFactory().get("/iets/"), exception=None)
    assert response.status_code == 400
    assert "Dit verzoek kunnen we niet verwerken" in _page(response)
    assert 'href="/"' in _page(response)


def test_a_csrf_failure_is_a_dutch_403_with_a_way_back(org):
    client = speaking(Client(enforce_csrf_checks=True), "nl")
    client.force_login(org.employee.user)
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    page = _page(response)
    assert "verlopen" in page
    assert 'href="/"' in page
    assert "CSRF verification failed" not in page


def _head(page: str) -> str:
    head = page.split("<head>", 1)[1].split("</head>", 1)[0]
    return "\n".join(line for line in head.splitlines() if "<title>" not in line)


def test_the_static_error_page_has_the_head_of_every_other_page(org):
    from django.test import RequestFactory
    from django.urls import get_resolver

    view = get_resolver().resolve_error_handler(500)
    error_page = _page(view(RequestFactory().get("/iets/")))
    client = Client()
    client.force_login(org.employee.user)
    page = _page(client.get("/bestaat-niet/"))
    assert 'name="viewport"' in _head(error_page)
    assert "css/app.css" in _head(error_page)
    assert _head(error_page) == _head(page)
