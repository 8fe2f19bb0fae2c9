"""One definition of "rated" (issue 23): a review counts as rated once the manager submitted the scores
and is not scoring it again (a return, an upheld objection, a reopening). The dashboard's calibration,
the export's overall rating, the HR list's rating filter and its column all follow it: a review back in
scoring is not rated, whatever its draft says."""

import pytest
from rest_framework.test import APIClient

from reports.dashboard import cycle_dashboard
from reports.exports import review_export_rows
from reviewcycle.models import Review
from reviewcycle.selectors import hr_reviews
from reviewcycle.services import review_return_to_manager
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db


def rated_in_calibration(review, org) -> int:
    return cycle_dashboard(cycle=review.cycle, user=org.hr)["calibration"]["organisation"]["rated"]


def exported_rating(review, org) -> str:
    header, rows = review_export_rows(
        hr_reviews(user=org.hr).filter(pk=review.pk), user=org.hr, language="en"
    )
    (row,) = list(rows)
    return row[header.index("Overall rating")]


def listed_rating(review, org):
    api = APIClient()
    api.force_authenticate(org.hr)
    (row,) = [r for r in api.get("/api/v1/reviews/").json()["results"] if r["id"] == review.pk]
    return row["overall_rating"]


@pytest.fixture
def returned(review, org, traveller):
    """Scores submitted and signed; the second reviewer returned it: the manager scores again."""
    review = advance(review, org, "second_review", traveller)
    assert rated_in_calibration(review, org) == 1
    assert exported_rating(review, org) != ""
    review = review_return_to_manager(
        review=review, actor=org.director.user, reason="Onderbouw het oordeel beter."
    )
    assert review.state == Review.State.SCORING
    assert review.scores_submitted_at is not None  # the earlier round's submission
    return review


def test_a_review_back_in_scoring_is_not_rated_anywhere(returned, org):
    assert rated_in_calibration(returned, org) == 0
    assert exported_rating(returned, org) == ""
    assert listed_rating(returned, org) is None


def test_the_hr_list_does_not_find_it_by_its_draft_rating(returned, org, client):
    client.force_login(org.hr)
    value = returned.overall_rating.value
    page = client.get(f"/cycles/{returned.cycle_id}/reviews/", {"rating": value}).content.decode()
    assert returned.employee.name not in page
