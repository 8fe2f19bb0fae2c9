"""The dashboard counts the requests for input and the answers of the cycle: totals only."""

import pytest

from reports.dashboard import count_dashboard
from reviewcycle.informants.services import informant_withdraw
from tests.reviewcycle.informants.helpers import answer, ask

pytestmark = pytest.mark.django_db


def test_the_dashboard_counts_requests_and_answers_per_cycle(client, in_progress, org, people):
    asked = [ask(in_progress, org, "colleague", person) for person in people["colleagues"][:4]]
    ask(in_progress, org, "external", email="karin@klant.example", name="Karin Klant")
    answer(asked[0])
    answer(asked[1])
    informant_withdraw(request=asked[3], actor=org.manager.user)
    counts = count_dashboard(cycle=in_progress.cycle, user=org.hr)["informants"]
    assert counts == {
        "reviews": 1,
        "requests": 4,
        "answered": 2,
        "open": 2,
        "expired": 0,
        "withdrawn": 1,
        "percent_answered": 50.0,
    }
    client.force_login(org.hr)
    page = client.get(f"/reports/cycles/{in_progress.cycle.pk}/").text
    assert 'id="informant-counts"' in page
    api = client.get(f"/api/v1/cycles/{in_progress.cycle.pk}/dashboard/").json()
    assert api["informants"]["answered"] == 2


def test_the_dashboard_words_the_counts_as_hr_reads_them(client, in_progress, org, people):
    """Not the job queue's "In de wachtrij" for requests waiting for an answer, no "50,0%"."""
    asked = [ask(in_progress, org, "colleague", person) for person in people["colleagues"][:2]]
    answer(asked[0])
    client.force_login(org.hr)
    page = client.get(f"/reports/cycles/{in_progress.cycle.pk}/", HTTP_ACCEPT_LANGUAGE="nl").text
    section = page[page.index('id="informant-counts"') :]
    section = section[: section.index("</section>")]
    assert "Wacht op antwoord" in section
    assert "In de wachtrij" not in section
    assert "Gesprekscycli met verzoeken" in section
    assert "1 (50%)" in section
