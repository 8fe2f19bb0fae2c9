"""The dashboard counts the requests for input and the answers of the cycle: totals only, and an
anonymous group's requests only as "not shown yet" until the group is shown on the review's page."""

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
        "answered": 0,
        "open": 1,  # the external (named): shown as on the review's page
        "expired": 0,
        "not_shown": 3,  # the colleagues: 2 of 3 answered, one still open: the group is not shown
        "withdrawn": 1,
        "percent_answered": 0.0,
    }
    client.force_login(org.hr)
    page = client.get(f"/reports/cycles/{in_progress.cycle.pk}/").text
    assert 'id="informant-counts"' in page
    api = client.get(f"/api/v1/cycles/{in_progress.cycle.pk}/dashboard/").json()
    assert api["informants"]["not_shown"] == 3
    answer(asked[2])  # the third colleague: the group is complete and shown
    counts = count_dashboard(cycle=in_progress.cycle, user=org.hr)["informants"]
    assert (counts["answered"], counts["not_shown"], counts["percent_answered"]) == (3, 0, 75.0)


def test_an_answer_in_an_anonymous_group_changes_no_count_until_the_group_is_shown(in_progress, org, people):
    """A manager who is also HR narrows the dashboard to their one review and watches it: nothing tells
    them which colleague answered, or when (the review's page hides it too)."""
    asked = [ask(in_progress, org, "colleague", person) for person in people["colleagues"][:3]]
    seen = []
    for request in asked[:2]:
        seen.append(count_dashboard(cycle=in_progress.cycle, user=org.hr)["informants"])
        answer(request)
    seen.append(count_dashboard(cycle=in_progress.cycle, user=org.hr)["informants"])
    assert seen[0] == seen[1] == seen[2]
    assert seen[0]["not_shown"] == 3
    assert seen[0]["percent_answered"] is None


def test_the_dashboard_words_the_counts_as_hr_reads_them(client, in_progress, org, people):
    """Not the job queue's "In de wachtrij" for requests waiting for an answer, no "50,0%"."""
    asked = [ask(in_progress, org, "manager", person) for person in people["colleagues"][:2]]  # named
    answer(asked[0])
    client.force_login(org.hr)
    page = client.get(f"/reports/cycles/{in_progress.cycle.pk}/", HTTP_ACCEPT_LANGUAGE="nl").text
    section = page[page.index('id="informant-counts"') :]
    section = section[: section.index("</section>")]
    assert "Wacht op antwoord" in section
    assert "In de wachtrij" not in section
    assert "Gesprekscycli met verzoeken" in section
    assert "1 (50%)" in section
