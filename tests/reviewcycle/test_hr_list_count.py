"""HR's review list counts at most COUNT_CAP reviews (or to the end of the page asked for): the count
above a list of 20,000 costs what one of 1,000 does (issue 17); beyond it the list says "meer dan"."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reviewcycle.views import filtering
from tests.language import speaking

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_pages(monkeypatch):
    """Pages of 2 and a cap of 3 over the fixture's five reviews."""
    monkeypatch.setattr(filtering, "PAGE_SIZE", 2)
    monkeypatch.setattr(filtering, "COUNT_CAP", 3)


def test_beyond_the_cap_the_list_says_more_than_and_pages_on_without_a_total(org, cycle, small_pages):
    client = speaking(Client(), "nl")
    client.force_login(org.hr)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(f"/cycles/{cycle.pk}/reviews/").content.decode()
    assert "Meer dan 3 gesprekscycli" in first
    assert "Pagina 1</span>" in first
    assert "Pagina 1 van" not in first
    assert 'rel="next"' in first
    # The count reads at most the cap and one more row, whatever the size of the cycle.
    counts = [
        sql
        for query in queries
        if (sql := query["sql"]).startswith('SELECT COUNT(*) FROM (SELECT "reviewcycle_review"')
    ]
    assert len(counts) == 1
    assert "LIMIT 4" in counts[0]

    # Paging on counts to the end of the page asked for: the last page knows the total.
    last = client.get(f"/cycles/{cycle.pk}/reviews/?page=3").content.decode()
    assert "5 gesprekscycli" in last
    assert "Meer dan" not in last
    assert "Pagina 3 van 3" in last
    assert 'rel="next"' not in last
    assert 'rel="prev"' in last


def test_within_the_cap_the_list_gives_the_count_and_the_pages(org, cycle, monkeypatch):
    monkeypatch.setattr(filtering, "PAGE_SIZE", 2)
    client = speaking(Client(), "nl")
    client.force_login(org.hr)
    page = client.get(f"/cycles/{cycle.pk}/reviews/").content.decode()
    assert "5 gesprekscycli" in page
    assert "Meer dan" not in page
    assert "Pagina 1 van 3" in page


@pytest.mark.parametrize("page", ["0", "-4", "99999999999999999999", "9" * 400, "1.5", "abc"])
def test_any_page_number_gives_a_page_not_an_error(org, cycle, small_pages, page):
    """A page past the database's LIMIT (a 20-digit number) gave a 500; now the last page counted."""
    client = speaking(Client(), "nl")
    client.force_login(org.hr)
    for url in (f"/cycles/{cycle.pk}/reviews/", "/objections/"):
        answer = client.get(url, {"page": page})
        assert answer.status_code == 200, (url, page)
    listed = client.get(f"/cycles/{cycle.pk}/reviews/", {"page": page}).content.decode()
    assert "Pagina " in listed
