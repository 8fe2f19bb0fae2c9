"""Anyone whose employee record is inactive is out everywhere (issue 14, fault 1): 401 on the API with a
token or a session, a redirect to the login page on pages, no new login; also for accounts left switched
on by the import before the fix."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from people.models import Employee

pytestmark = pytest.mark.django_db

PASSWORD = "demo-wachtwoord"  # tests.factories.UserFactory


def leave_the_old_way(employee):
    """What the import did before the fix: the record inactive, the login account untouched."""
    Employee.objects.filter(pk=employee.pk).update(active=False)


@pytest.fixture(params=["left before the fix", "left through the service"])
def departed(request, org, review):
    """Max, with a token and a browser session from before he left."""
    token = Token.objects.create(user=org.manager.user)
    browser = Client()
    browser.force_login(org.manager.user)
    if request.param == "left before the fix":
        leave_the_old_way(org.manager)
        token.save()  # the service would have deleted it; the old way kept it
    else:
        from people.services import employee_leave

        employee_leave(employee=org.manager, actor=org.hr)
        token = Token.objects.create(user=org.manager.user)  # even one made afterwards (admin) is refused
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api, browser


def test_the_api_answers_401_to_a_token_of_an_inactive_employee(departed):
    api, _browser = departed
    assert api.get("/api/v1/reviews/").status_code == 401


def test_the_api_answers_401_to_a_session_of_an_inactive_employee(departed):
    _api, browser = departed
    assert browser.get("/api/v1/reviews/").status_code == 401


def test_pages_send_an_inactive_employee_to_the_login_page(departed):
    _api, browser = departed
    for url in ["/", "/team/", "/notifications/"]:
        response = browser.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_an_inactive_employee_cannot_log_in_again(departed, org):
    org.manager.user.set_password(PASSWORD)
    org.manager.user.save()
    fresh = Client()
    response = fresh.post("/accounts/login/", {"username": org.manager.user.username, "password": PASSWORD})
    assert response.status_code == 200  # the form again, with its error
    assert "_auth_user_id" not in fresh.session
    token = APIClient().post(
        "/api/v1/auth/token/", {"username": org.manager.user.username, "password": PASSWORD}
    )
    assert token.status_code == 400


def test_a_departed_manager_can_no_longer_add_goals_or_record_talks(departed, review):
    api, browser = departed
    goals = review.goals.count()
    for client in (api, browser):
        assert (
            client.post(f"/api/v1/reviews/{review.pk}/goals/", {"title": "Nog één doel"}).status_code == 401
        )
        talk = client.post(
            f"/api/v1/reviews/{review.pk}/talks/",
            {"kind": "planning", "starts_at": "2026-02-02T10:00:00+01:00", "duration_minutes": 60},
        )
        assert talk.status_code == 401
        planning = client.post(
            f"/api/v1/reviews/{review.pk}/record-planning-talk/", {"talk_date": "2026-01-14"}
        )
        assert planning.status_code == 401
    assert browser.post(f"/reviews/{review.pk}/plan/", {"title": "Nog één doel"}).status_code == 302
    assert review.goals.count() == goals
    assert not review.scheduled_talks.exists()


def test_an_active_employee_keeps_access(org, review):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=org.employee.user).key}")
    assert api.get("/api/v1/reviews/").status_code == 200
