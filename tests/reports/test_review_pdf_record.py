"""The PDF tells the record in the same sentences as the page: the goal history in Dutch with names
and Dutch dates, never field names or ISO dates."""

import datetime
import re

import pytest

from people.models import Employee
from reports.pdf import render_review_form
from reviewcycle.record import review_form
from reviewcycle.services import review_record_progress_talk
from tests.reports import needs_pdftotext
from tests.reports.test_review_pdf import flat, pdf_text
from tests.reviewcycle.helpers import advance

pytestmark = [pytest.mark.django_db, needs_pdftotext]

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def test_the_goal_history_in_the_pdf_is_dutch_with_names_and_dates(review, org, traveller):
    Employee.objects.filter(pk=org.manager.pk).update(name="Carla Bakker")
    Employee.objects.update(preferred_language="nl")
    review = advance(review, org, "in_progress", traveller)
    traveller.move_to(datetime.datetime(2026, 6, 12, 9, 0, tzinfo=datetime.UTC))
    first, second = review.goals.order_by("order", "id")
    review_record_progress_talk(
        review=review,
        actor=org.manager.user,
        talk_date=datetime.date(2026, 6, 10),
        notes="Bijgesteld.",
        goal_changes=[
            {"id": first.pk, "weight": 50, "deadline": datetime.date(2026, 12, 9)},
            {"id": second.pk, "weight": 50},
        ],
    )
    for kind in ("planning", "progress", "appraisal"):
        text = flat(pdf_text(render_review_form(review_form(user=org.hr, pk=review.pk, kind=kind))))
        assert not ISO_DATE.search(text), (kind, ISO_DATE.search(text))
    text = flat(pdf_text(render_review_form(review_form(user=org.hr, pk=review.pk, kind="progress"))))
    assert "Weging gewijzigd van 60% in 50% door Carla Bakker op 12 juni 2026." in text
    assert "Deadline ingevuld: 9 december 2026, door Carla Bakker op 12 juni 2026." in text or (
        "9 december 2026" in text
    )
    assert "weight:" not in text
    assert "→" not in text
