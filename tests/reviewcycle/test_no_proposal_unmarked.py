"""No proposed rating before a single indicator is marked (issue 18: "Voorstel: onvoldoende" stood on
every competency of a fresh scoring page): the scoring page's proposal endpoint, the API and the PDF
all take it from the one rule in reviewcycle.scoring."""

import pytest
from rest_framework.test import APIClient

from reviewcycle.services import assessment_score
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db


def test_no_proposal_until_a_mark_exists_on_the_page_the_api_and_the_pdf(review, org, client, traveller):
    review = advance(review, org, "scoring", traveller)
    first, *others = list(review.assessments.filter(in_focus=True).order_by("order", "id"))
    client.force_login(org.manager.user)
    url = f"/reviews/{review.pk}/scoring/proposal/"
    # Nothing marked yet: the page asks and gets no proposal.
    assert client.post(url, {"assessment": first.pk, "rating": ""}).json()["proposed"] is None
    expected = [mark for mark in first.marks.all() if not mark.is_next_level]
    # One mark is enough for a proposal.
    one = {f"mark-{expected[0].pk}": "not"}
    assert client.post(url, {"assessment": first.pk, **one}).json()["proposed"] == "onvoldoende"
    # Stored: one competency marked, the others not.
    assessment_score(
        assessment=first,
        actor=org.manager.user,
        marks={mark.pk: "fully" for mark in expected},
        rating=None,
        justification="",
    )
    api = APIClient()
    api.force_authenticate(org.manager.user)
    detail = api.get(f"/api/v1/reviews/{review.pk}/").json()
    proposals = {item["id"]: item["proposed_rating"] for item in detail["assessments"] if item["in_focus"]}
    assert proposals[first.pk] == "goed"
    assert all(proposals[item.pk] is None for item in others)
