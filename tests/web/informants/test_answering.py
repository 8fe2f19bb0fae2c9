"""The informant's side: the request on the home page, the answer page (a fieldset with a legend per
indicator, the questions, errors above and next to the fields), and the external's personal link page
(no login) refusing used, withdrawn, expired and guessed links with a clear page and its status, throttled."""

import datetime
import re

import pytest
from django.core.cache import cache

from notifications.models import Notification
from notifications.services import deliver
from reviewcycle.informants import tokens
from reviewcycle.informants.asked import asked_indicators, informant_questions
from reviewcycle.informants.services import informant_withdraw
from reviewcycle.models import InformantRequest
from tests.reviewcycle.informants.helpers import ask

pytestmark = pytest.mark.django_db

LINK = re.compile(r"/informant/link/([A-Za-z0-9_-]+)/")


@pytest.fixture(autouse=True)
def no_refusals_counted():
    cache.delete_many([tokens._failures_key("127.0.0.1"), tokens._failures_key(None)])
    yield
    cache.delete_many([tokens._failures_key("127.0.0.1"), tokens._failures_key(None)])


def all_marks(request, mark="fully") -> dict:
    return {
        f"m{indicator.pk}": mark for indicator in asked_indicators(request.review, include_next_level=False)
    }


def test_the_informant_finds_the_request_on_the_home_page_and_answers(client, in_progress, org, people):
    colleague = people["colleagues"][0]
    request = ask(in_progress, org, "colleague", colleague)
    client.force_login(colleague.user)
    home = client.get("/").text
    assert f'href="/informant/{request.pk}/"' in home
    form = client.get(f"/informant/{request.pk}/").text
    indicator = asked_indicators(in_progress, include_next_level=False)[0]
    assert re.search(rf'<fieldset class="indicator" id="id_m{indicator.pk}">\s*<legend>', form)
    assert 'value="partly"' in form
    assert "No view on this" in form
    response = client.post(f"/informant/{request.pk}/", all_marks(request))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == InformantRequest.Status.ANSWERED
    assert f'href="/informant/{request.pk}/"' not in client.get("/").text  # done: off the list


def test_nothing_given_is_refused_above_the_form(client, in_progress, org, people):
    colleague = people["colleagues"][0]
    request = ask(in_progress, org, "colleague", colleague)
    client.force_login(colleague.user)
    response = client.post(f"/informant/{request.pk}/", {})
    assert response.status_code == 400
    assert "Give at least one mark or answer." in response.text
    assert 'role="alert"' in response.text


def test_someone_elses_request_is_not_found(client, in_progress, org, people):
    request = ask(in_progress, org, "colleague", people["colleagues"][0])
    client.force_login(people["colleagues"][1].user)
    assert client.get(f"/informant/{request.pk}/").status_code == 404
    client.force_login(org.manager.user)
    assert client.get(f"/informant/{request.pk}/").status_code == 404


def mailed_token(request, mailoutbox) -> str:
    row = Notification.objects.get(informant_request=request, sent_at__isnull=True)
    assert deliver(row.pk) == "sent"
    return LINK.search(mailoutbox[-1].body).group(1)


@pytest.fixture
def external(in_progress, org):
    return ask(in_progress, org, "external", email="karin@klant.example", name="Karin Klant")


def test_the_external_answers_through_the_link_once_without_logging_in(client, external, mailoutbox):
    token = mailed_token(external, mailoutbox)
    url = f"/informant/link/{token}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Je antwoord wordt met je naam getoond." in page.text  # Dutch: no account, no other language
    assert client.post(url, all_marks(external)).status_code == 200
    external.refresh_from_db()
    assert external.status == InformantRequest.Status.ANSWERED
    used = client.get(url)
    assert used.status_code == 410
    assert "Deze link is al gebruikt" in used.text
    # Their view was received: nothing to do, and no advice to ask for a new link to give it again.
    assert "Je hoeft niets meer te doen." in used.text
    assert "nieuwe link" not in used.text


def test_a_withdrawn_link_is_gone(client, external, org, mailoutbox):
    token = mailed_token(external, mailoutbox)
    informant_withdraw(request=external, actor=org.manager.user)
    response = client.get(f"/informant/link/{token}/")
    assert response.status_code == 410
    assert "Dit verzoek is ingetrokken" in response.text
    assert "nieuwe link" not in response.text  # nobody wants their view any more


def test_an_expired_link_is_gone(client, external, mailoutbox, traveller):
    token = mailed_token(external, mailoutbox)
    traveller.move_to(datetime.datetime(2026, 2, 2, 9, tzinfo=datetime.UTC))
    response = client.get(f"/informant/link/{token}/")
    assert response.status_code == 410
    assert "Deze link is verlopen" in response.text
    assert "vraag dan degene die het je vroeg om een nieuwe link" in response.text


def test_a_guessed_link_is_not_found_and_guessing_is_throttled(client, external):
    response = client.get("/informant/link/geraden-token/")
    assert response.status_code == 404
    assert "Deze link is niet geldig." in response.text
    for _attempt in range(tokens.TOKEN_FAILURES):
        client.get("/informant/link/nog-een-gok/")
    throttled = client.get("/informant/link/nog-een-gok/")
    assert throttled.status_code == 429
    assert throttled["Retry-After"]


def test_the_informant_sees_their_own_answer_in_words_afterwards(client, in_progress, org, people):
    colleague = people["colleagues"][0]
    request = ask(in_progress, org, "colleague", colleague)
    client.force_login(colleague.user)
    question = informant_questions(in_progress)[0]
    marks = all_marks(request, "partly")
    marks[next(iter(marks))] = ""  # no view on the first indicator
    marks[f"q{question.pk}"] = "Hij bereidt overleg goed voor."
    client.post(f"/informant/{request.pk}/", marks)
    page = client.get(f"/informant/{request.pk}/").text
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    # What happened, in the past tense (no date: answers keep no time, or it could tell who answered
    # when); no invitation to answer left on the page.
    assert f"{org.manager.name} asked you for your view on how {in_progress.employee.name} works." in text
    assert "You answered this request. Thank you." in text
    assert "you can answer once" not in text
    assert "asks you" not in text
    # Every mark in words ("no view" too, not a dash) and the open questions' answers.
    assert "<dd>Partly shown</dd>" in page
    assert "<dd>No view on this</dd>" in page
    assert question.text in text
    assert "Hij bereidt overleg goed voor." in text
    assert ".:" not in text


def test_the_page_says_who_asked_so_an_external_knows_why_they_got_the_link(
    client, in_progress, org, people, external, mailoutbox
):
    token = mailed_token(external, mailoutbox)
    page = client.get(f"/informant/link/{token}/").text
    assert f"{org.manager.name} vraagt je" in page
    colleague = people["colleagues"][0]
    request = ask(in_progress, org, "colleague", colleague)
    client.force_login(colleague.user)
    assert f"{org.manager.name} asks you" in client.get(f"/informant/{request.pk}/").text
