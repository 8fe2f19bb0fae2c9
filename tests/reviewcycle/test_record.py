"""One view of the record: in every state, for every role, the API detail, the review page, the PDF
and the personal-data export reveal exactly the manager's scores the ``ReviewRecord`` says the reader
may see: no reader shows more, none less. The review list and its CSV export show its overall rating.

The manager's texts are seeded with unique markers; the indicator marks are all marked fully shown.
"""

import csv
import datetime
import io
import json
import subprocess
import zipfile

import pytest
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from reviewcycle.models import IndicatorMark, Review
from reviewcycle.rated import is_rated
from reviewcycle.record import review_record, review_record_for_reviewee
from reviewcycle.services import (
    assessment_score,
    goal_score,
    review_cancel,
    review_decide_objection,
    review_exempt,
    review_finalise,
    review_object,
    review_reopen,
    review_return_to_manager,
    review_submit_scores,
)
from tests.downloads import content
from tests.reports import needs_pdftotext
from tests.reviewcycle.helpers import advance

pytestmark = [pytest.mark.django_db, needs_pdftotext]

COMPETENCY_JUSTIFICATION = "QXcompetentiemotivering"
GOAL_RESULT = "QXresultaatnotitie"
GOAL_JUSTIFICATION = "QXdoelmotivering"
OVERRIDE = "QXafwijkingsreden"
MARKERS = (COMPETENCY_JUSTIFICATION, GOAL_RESULT, GOAL_JUSTIFICATION, OVERRIDE)
EXAMPLES = " met voorbeelden uit het afgelopen jaar"  # long enough to justify a rating

# state → whether the employee sees the manager's scores there (everyone else always does).
EMPLOYEE_SEES_SCORES = {
    "planning": False,  # nothing submitted yet (nor scored)
    "plan_signoff": False,
    "in_progress": False,
    "self_assessment": False,
    "scoring": False,  # the manager's draft
    "appraisal_talk": True,
    "employee_response": True,
    "objection": True,
    "upheld": False,  # back in scoring after an upheld objection
    "second_review": True,
    "returned": False,  # back in scoring, returned by the second reviewer
    "final": True,
    "reopened": False,  # HR reopened the final review: back in scoring
    "cancelled": False,  # cancelled while the manager drafted
    "cancelled_rescoring": False,  # cancelled while the manager scored again after an upheld objection
    "exempt": True,  # exempted after the scores were submitted
}


def _score(review: Review, org) -> None:
    manager = org.manager.user
    for assessment in review.assessments.filter(in_focus=True):
        marks = {mark.pk: "fully" for mark in assessment.marks.all() if not mark.is_next_level}
        assessment_score(
            assessment=assessment,
            actor=manager,
            marks=marks,
            rating=3,
            justification=COMPETENCY_JUSTIFICATION + EXAMPLES,
        )
    for goal in review.goals.filter(status="active"):
        goal_score(
            goal=goal,
            actor=manager,
            rating=3,
            result_note=GOAL_RESULT,
            justification=GOAL_JUSTIFICATION + EXAMPLES,
        )


def _submitted(review: Review, org, traveller) -> Review:
    review = advance(review, org, "scoring", traveller)
    _score(review, org)
    return review_submit_scores(
        review=review, actor=org.manager.user, overall_rating=4, override_reason=OVERRIDE + EXAMPLES
    )


def build(state: str, review: Review, org, traveller) -> Review:
    """The review in ``state``, reached through the services with the manager's scores seeded."""
    hr, employee, second = org.hr, org.employee.user, review.second_reviewer.user
    if state in ("planning", "plan_signoff", "in_progress", "self_assessment"):
        review = advance(review, org, state, traveller)
    elif state == "scoring":
        review = advance(review, org, "scoring", traveller)
        _score(review, org)
    elif state == "cancelled":
        review = build("scoring", review, org, traveller)
        review = review_cancel(review=review, actor=hr, reason="Uit dienst.")
    elif state in ("appraisal_talk", "exempt"):
        review = _submitted(review, org, traveller)
        if state == "exempt":
            review = review_exempt(review=review, actor=hr, reason="Langdurig afwezig.")
    elif state == "cancelled_rescoring":
        review = build("upheld", review, org, traveller)
        review = review_cancel(review=review, actor=hr, reason="Uit dienst.")
    elif state in ("employee_response", "objection", "upheld"):
        review = advance(_submitted(review, org, traveller), org, "employee_response", traveller)
        if state in ("objection", "upheld"):
            review = review_object(review=review, actor=employee, grounds="Oneens.")
        if state == "upheld":
            review = review_decide_objection(
                review=review, actor=hr, decision="upheld", reason="Opnieuw beoordelen, graag."
            )
    else:  # second_review, returned, final, reopened
        review = advance(_submitted(review, org, traveller), org, "second_review", traveller)
        if state == "returned":
            review = review_return_to_manager(review=review, actor=second, reason="Weging klopt niet.")
        if state in ("final", "reopened"):
            review = review_finalise(review=review, actor=second)
        if state == "reopened":
            traveller.move_to(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC))
            review = review_reopen(review=review, actor=hr, reason="Fout in de scores.")
    return Review.objects.get(pk=review.pk)


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def marked_in(text: str) -> bool:
    """Whether ``text`` shows an indicator marked fully shown (pages speak the reader's language)."""
    labels = set()
    for language in ("en", "nl"):
        with translation.override(language):
            labels.add(str(IndicatorMark.Mark.FULLY.label))
    return any(label in text for label in labels)


def shown(text: str) -> set[str]:
    return {marker for marker in MARKERS if marker in text}


def in_record(record) -> tuple[set[str], bool]:
    """The markers and whether any indicator mark the record shows its reader."""
    marked = any(mark.mark for item in record.competencies_in_focus for mark in item.marks)
    return shown(repr(record)), marked


@pytest.mark.parametrize("state", list(EMPLOYEE_SEES_SCORES))
def test_every_reader_reveals_what_the_record_shows(state, review, org, traveller):
    review = build(state, review, org, traveller)
    assert review.state == {
        "upheld": "scoring",
        "returned": "scoring",
        "reopened": "scoring",
        "cancelled_rescoring": "cancelled",
    }.get(state, state)
    if review.scores_submitted_at is not None:
        seeded = set(MARKERS)
    else:  # the manager's draft has no overall rating yet, the early states no scores at all
        seeded = set(MARKERS) - {OVERRIDE} if state in ("scoring", "cancelled") else set()
    readers = {
        "employee": org.employee.user,
        "manager": org.manager.user,
        "second_reviewer": review.second_reviewer.user,
        "hr": org.hr,
    }
    for role, user in readers.items():
        loaded = Review.objects.get(pk=review.pk)
        record = review_record(review=loaded, user=user)
        sees = EMPLOYEE_SEES_SCORES[state] if role == "employee" else True
        assert record.scores_visible is sees, role
        markers, marked = in_record(record)
        assert markers == (seeded if sees else set()), role
        assert marked is (sees and bool(seeded)), role

        api = APIClient()
        api.force_authenticate(user)
        detail = api.get(f"/api/v1/reviews/{review.pk}/")
        assert detail.status_code == 200
        assert shown(detail.content.decode()) == markers, (role, "api")
        api_marks = {
            i["mark"] for a in detail.json()["assessments"] if a["in_focus"] for i in a["indicators"]
        }
        assert ("fully" in api_marks) is marked, (role, "api")

        [row] = [
            row
            for row in api.get(f"/api/v1/reviews/?cycle={review.cycle_id}").json()["results"]
            if row["id"] == review.pk
        ]
        # Lists and exports show the overall rating of a rated review only (rated.is_rated): never a draft
        # while the manager scores again, nor that of a cancelled or exempted review.
        listed = record.overall_rating if is_rated(loaded) else None
        assert row["overall_rating"] == listed, (role, "list")
        exported = api.get(f"/api/v1/reviews/export/?cycle={review.cycle_id}&format=csv&language=en")
        lines = list(csv.reader(io.StringIO(content(exported).decode("utf-8-sig")), delimiter=";"))
        [line] = [line for line in lines if line[0] == org.employee.employee_number]
        line = dict(zip(lines[0], line, strict=True))
        assert line["Overall rating"] == (listed or ""), (role, "csv export")
        for item in record.competencies_in_focus:
            assert line[f"Competency: {item.name}"] == (item.rating or ""), (role, "csv export")

        client = Client()
        client.force_login(user)
        page = client.get(f"/reviews/{review.pk}/").content.decode()
        assert shown(page) == markers, (role, "page")
        assert marked_in(page) is marked, (role, "page")

        pdf = pdf_text(client.get(f"/reviews/{review.pk}/pdf/").content)
        assert shown(pdf) == markers, (role, "pdf")
        assert marked_in(pdf) is marked, (role, "pdf")

    # The personal-data export (handled by HR) holds what the employee sees, JSON and PDF alike.
    employee_markers, _ = in_record(review_record_for_reviewee(review=Review.objects.get(pk=review.pk)))
    assert employee_markers == in_record(review_record(review=review, user=org.employee.user))[0]
    api = APIClient()
    api.force_authenticate(org.hr)
    response = api.get(f"/api/v1/people/{org.employee.pk}/personal-data/")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = archive.read("gegevens.json").decode()
    json.loads(data)
    assert shown(data) == employee_markers, "personal-data json"
    [pdf_name] = [name for name in archive.namelist() if name.endswith(".pdf")]
    assert shown(pdf_text(archive.read(pdf_name))) == employee_markers, "personal-data pdf"
