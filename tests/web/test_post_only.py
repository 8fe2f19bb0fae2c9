"""A URL only a button posts to, reached by GET (a reload, a copied address, a second click), gives the
page it belongs to with a message: never a blank 405 (issue 16, "Forms and errors")."""

import datetime
import pathlib

import pytest
from django.contrib.messages import get_messages
from django.urls import URLPattern, URLResolver, get_resolver

from notifications.services import talk_schedule
from reviewcycle.models import TalkQuestion
from tests.reviewcycle.helpers import advance, english_client

pytestmark = pytest.mark.django_db

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _patterns(resolver=None, prefix=""):
    """(route, name, view) of every URL, included ones too."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name, entry.callback


def _post_only_routes():
    return [(route, name) for route, name, view in _patterns() if getattr(view, "post_only", False)]


def test_no_page_view_answers_a_get_with_a_blank_405():
    """``require_POST`` (and its kin) answer a GET with 405: pages use ``core.pages.post_only``."""
    offenders = [
        str(path.relative_to(ROOT))
        for app in ("core", "people", "frameworks", "reviewcycle", "notifications", "reports", "web")
        for path in (ROOT / app).rglob("*.py")
        if path.name != "pages.py"
        and ("require_POST" in path.read_text() or "require_http_methods" in path.read_text())
    ]
    assert offenders == []


def test_every_post_only_url_is_known():
    """The list below grows with every new button; it is the list the next test walks."""
    assert {name for _route, name in _post_only_routes()} == set(ARGUMENTS)


ARGUMENTS = {
    # url name → (which object's pk, where the GET lands)
    "cycle-copy": ("cycle", "/reports/cycles/{cycle}/"),
    "cycle-add-missing": ("cycle", "/reports/cycles/{cycle}/"),
    "cycle-close": ("cycle", "/reports/cycles/{cycle}/"),
    "reassign": ("review", "/reviews/{review}/"),
    "second-reviewer": ("review", "/reviews/{review}/"),
    "scoring-proposal": ("review", "/reviews/{review}/scoring/"),
    "step": ("review", "/reviews/{review}/"),
    "read": ("notification", "/notifications/"),
    "read-all": (None, "/notifications/"),
    "preferences": (None, "/notifications/"),
    "schedule-talk": ("review", "/reviews/{review}/"),
    "informant-ask": ("review", "/reviews/{review}/"),
    "cancel-talk": ("talk", "/reviews/{review}/"),
    "form-export-create": ("cycle", "/reports/cycles/{cycle}/"),
    "logout": (None, "/"),
    "send-reminders": (None, "/"),
    "regeling-draft-new": ("version", "/regelingen/versions/{version}/"),
    "regeling-publish": ("version", "/regelingen/versions/{version}/"),
    "regeling-talk-form-add": ("version", "/regelingen/versions/{version}/"),
    "regeling-section-add": ("talk_form", "/regelingen/forms/{talk_form}/"),
    "regeling-question-move": ("question", "/regelingen/questions/{question}/"),
    "regeling-consequences": ("version", "/regelingen/versions/{version}/"),
    "regeling-section-move": ("section", "/regelingen/forms/{talk_form}/"),
    "regeling-section-delete": ("section", "/regelingen/forms/{talk_form}/"),
    "regeling-section-rename": ("section", "/regelingen/forms/{talk_form}/"),
}


@pytest.mark.parametrize("name", sorted(ARGUMENTS))
def test_a_get_on_a_post_only_url_lands_on_its_page_with_a_message(name, org, cycle, review, traveller):
    review = advance(review, org, "plan_signoff", traveller)
    talk = talk_schedule(
        review=review,
        actor=org.manager.user,
        kind="progress",
        starts_at=datetime.datetime(2026, 2, 2, 10, tzinfo=datetime.UTC),
        location="Kamer 1",
    )
    question = TalkQuestion.objects.filter(section__form__template_version=cycle.template_version).first()
    pks = {
        "cycle": cycle.pk,
        "review": review.pk,
        "talk": talk.pk,
        "notification": 1,
        "version": cycle.template_version_id,
        "talk_form": question.section.form_id,
        "question": question.pk,
        "section": question.section_id,
    }
    route = next(route for route, url_name in _post_only_routes() if url_name == name)
    kind, landing = ARGUMENTS[name]
    url = "/" + route.replace("<id:pk>", str(pks.get(kind))).replace("<slug:step>", "sign-plan")
    url = url.replace("<id:request_id>", "1")  # a request for input: the GET lands on the review all the same
    client = english_client()
    client.force_login(org.hr)
    answer = client.get(url)
    assert answer.status_code == 302, url
    assert answer["Location"] == landing.format(**pks)
    page = client.get(answer["Location"], follow=True)  # the scoring page sends HR on to the review
    assert page.status_code == 200, answer["Location"]
    # HR holds no role that signs the plan: the step's URL says so rather than pointing at a button.
    expected = "This step is not yours to take now." if name == "step" else "Use the button on the page"
    assert expected in page.content.decode()


def test_a_second_click_on_a_step_lands_on_the_review_page_saying_it_was_taken(org, review, traveller):
    review = advance(review, org, "plan_signoff", traveller)
    client = english_client()
    client.force_login(org.employee.user)
    url = f"/reviews/{review.pk}/steps/sign-plan/"
    data = {"sign_plan-signature": "seen", "sign_plan-response": "", "confirmed": "1"}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 302
    assert again["Location"] == f"/reviews/{review.pk}/"
    assert [str(m) for m in get_messages(again.wsgi_request)][-1] == "This step has already been taken."
    assert "This step has already been taken." in client.get(again["Location"]).content.decode()
