"""Dates a Dutch reader sees on the main pages are written out: "9 december 2026", "9 december 2026 om
10:15"; never "09-12-2026" or "2026-12-09" (issue 16: the phase timeline showed short numeric dates)."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from core.dates import long_datetime
from notifications.services import talk_schedule
from people.models import PeopleImport
from tests.language import speaking
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db

NUMERIC_DATE = re.compile(r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}\b")


class Text(HTMLParser):
    """The text a person reads: no tags, attributes, scripts or styles."""

    def __init__(self, html: str):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)

    def __str__(self):
        return " ".join(" ".join(self.parts).split())


def dutch_client(user) -> Client:
    client = speaking(Client(), "nl")
    client.force_login(user)
    return client


def test_no_main_page_shows_a_numeric_date_to_a_dutch_reader(org, cycle, review, traveller):
    review = advance(review, org, "plan_signoff", traveller)
    talk_schedule(
        review=review,
        actor=org.manager.user,
        kind="progress",
        starts_at=datetime.datetime(2026, 2, 2, 9, 15, tzinfo=datetime.UTC),
        location="Kamer 1",
    )
    PeopleImport.objects.create(uploaded_by=org.hr, filename="medewerkers.xlsx", content=b"")
    pages = {
        "employee": ["/", f"/reviews/{review.pk}/", "/notifications/"],
        "manager": [f"/reviews/{review.pk}/", "/team/", "/notifications/"],
        "director": ["/second-review/", f"/reviews/{review.pk}/"],
        "hr": [
            "/reports/",
            f"/reports/cycles/{cycle.pk}/",
            f"/cycles/{cycle.pk}/reviews/",
            "/objections/",
            f"/reviews/{review.pk}/",
            "/people/import/",
        ],
    }
    seen = 0
    for who, urls in pages.items():
        person = getattr(org, who)
        client = dutch_client(getattr(person, "user", person))
        for url in urls:
            answer = client.get(url)
            assert answer.status_code == 200, url
            text = str(Text(answer.content.decode()))
            assert NUMERIC_DATE.findall(text) == [], (who, url)
            seen += bool(re.search(r"\b\d{1,2} (januari|februari|maart|december) 20\d\d\b", text))
    assert seen >= 8  # the pages do show dates, written out

    client = dutch_client(org.employee.user)
    review_page = str(Text(client.get(f"/reviews/{review.pk}/").content.decode()))
    assert "2 februari 2026 om 10:15" in review_page  # the planned talk, local time
    timeline = client.get("/").content.decode().split('class="timeline"', 1)[1].split("</ol>", 1)[0]
    assert re.search(r"uiterlijk \d{1,2} [a-z]+ 2026", str(Text("<ol " + timeline)))


def test_a_date_and_time_reads_as_a_sentence_in_either_language():
    moment = datetime.datetime(2026, 12, 9, 9, 15, tzinfo=datetime.UTC)
    from django.utils import translation

    with translation.override("nl"):
        assert long_datetime(moment) == "9 december 2026 om 10:15"
    with translation.override("en"):
        assert long_datetime(moment) == "9 December 2026 at 10:15"
    assert long_datetime(None) == "—"
